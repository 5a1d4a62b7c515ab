import NewsModel

/// A post as a source delivers it, before the store gives it an id.
public struct IncomingPost: Hashable, Sendable {
    public var guid: String
    public var title: String
    public var link: String?
    public var author: String?
    public var published: Int64?
    /// The body as the feed sent it.
    public let contentHTML: String
    /// What relative links in the body resolve against: xml:base, else the entry's link, the feed's site or the address it came from.
    /// Fixed when the post is made: `body` resolved its links against it.
    public let baseURL: String?
    /// The body rendered once, on the thread that makes the post (the
    /// importing transaction only writes): stored with the HTML
    /// (`StoredBody`), so that reading the post back needs no HTML parser.
    public let body: ArticleBody
    /// The body's words for the search index: `body.text`.
    public var searchText: String { body.text }

    public init(guid: String, title: String, link: String? = nil, author: String? = nil,
                published: Int64? = nil, contentHTML: String, baseURL: String? = nil) {
        self.guid = guid
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.contentHTML = contentHTML
        self.baseURL = baseURL
        body = HTMLText.body(contentHTML, baseURL: baseURL)
    }
}

extension IncomingPost {
    /// The store's view of a parsed entry: plain-text title, the richest body
    /// as HTML, the date to file it under.
    public init(_ entry: ParsedEntry) {
        self.init(guid: entry.identity, title: entry.title ?? "", link: entry.link, author: entry.author,
                  published: entry.date, contentHTML: entry.bodyHTML, baseURL: entry.baseURL)
        if Whitespace.trim(title).isEmpty {
            // Title-less posts (microblogs) are listed by their first words
            // (the list shows the link of one without words).
            title = PlainText.summary(searchText, length: 80)
        }
    }

    /// Identifies the stored fields a re-import compares: equal digests, unchanged post.
    var digest: String {
        PostDigest.of(title: title, link: link, author: author, published: published, contentHTML: contentHTML)
    }
}

enum PostDigest {
    static func of(title: String, link: String?, author: String?, published: Int64?, contentHTML: String) -> String {
        // Built step by step: one long expression of optionals overwhelms the type checker.
        let none = "\u{0}"
        var key = title
        key += "\u{1F}"
        key += link ?? none
        key += "\u{1F}"
        key += author ?? none
        key += "\u{1F}"
        key += published.map { String($0) } ?? none
        key += "\u{1F}"
        key += contentHTML
        return StableHash.hex(key)
    }
}

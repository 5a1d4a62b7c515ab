/// One stored post, as the `post` table holds it, with its body inflated.
/// (NewsCore makes it a GRDB record and renders its body: `Post.body`.)
public struct Post: Codable, Hashable, Sendable {
    public var id: Int64?
    public var feedId: Int64
    /// Unique within its feed: the feed's guid, else its link, else a hash.
    public var guid: String
    public var title: String
    public var link: String?
    public var author: String?
    /// Seconds since 1970 (UTC); nil when the feed gave no usable date.
    public var published: Int64?
    /// UTC `YYYY-MM` of `published`; kept as a column so months group on an index.
    public var month: String?
    /// The original HTML body as the feed sent it.
    public var contentHTML: String
    /// What relative links in the body resolve against.
    public var baseURL: String?
    public var isRead: Bool
    public var isStarred: Bool
    /// When this store first saw the post (seconds since 1970).
    public var firstSeen: Int64

    public init(id: Int64? = nil, feedId: Int64, guid: String, title: String, link: String? = nil,
                author: String? = nil, published: Int64? = nil, contentHTML: String, baseURL: String? = nil,
                isRead: Bool = false, isStarred: Bool = false, firstSeen: Int64) {
        self.id = id
        self.feedId = feedId
        self.guid = guid
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.month = published.map { UTCDate(seconds: $0).monthKey }
        self.contentHTML = contentHTML
        self.baseURL = baseURL
        self.isRead = isRead
        self.isStarred = isStarred
        self.firstSeen = firstSeen
    }
}

/// The columns a list row or a CLI listing needs: never the whole body.
public struct PostSummary: Codable, Hashable, Sendable, Identifiable {
    public var id: Int64
    public var title: String
    /// The title, or for a post without one its link (as the reader lists it).
    public var displayTitle: String { Post.displayTitle(title: title, link: link) }
    public var published: Int64?
    public var month: String?
    /// The feed's title.
    public var feed: String
    public var feedId: Int64
    public var link: String?
    public var isRead: Bool
    public var isStarred: Bool

    public init(id: Int64, title: String, published: Int64?, month: String?, feed: String,
                link: String?, isRead: Bool, isStarred: Bool, feedId: Int64 = 0) {
        self.id = id
        self.title = title
        self.published = published
        self.month = month
        self.feed = feed
        self.feedId = feedId
        self.link = link
        self.isRead = isRead
        self.isStarred = isStarred
    }
}

extension Post {
    /// What a post is listed as: its title, or for a post without one its link.
    /// (An import gives a title-less post the start of its text as title.)
    public var displayTitle: String { Post.displayTitle(title: title, link: link) }

    public static func displayTitle(title: String, link: String?) -> String {
        if !Whitespace.trim(title).isEmpty { return title }
        return link.map(Whitespace.trim) ?? ""
    }
}

/// A post with everything the article view shows: its feed's title and its
/// body, rendered once (by NewsCore, from the post's HTML).
public struct Article: Hashable, Sendable {
    public var post: Post
    public var feedTitle: String
    public var body: ArticleBody

    public init(post: Post, feedTitle: String, body: ArticleBody) {
        self.post = post
        self.feedTitle = feedTitle
        self.body = body
    }

    /// The body as plain text with its numbered links, without a width limit.
    public var text: String { ArticleLayout.plainText(body) }
}

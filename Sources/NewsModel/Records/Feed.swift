/// A source of posts: a subscribed feed URL, a feed file that was imported,
/// or the bundled sample. (NewsCore makes it a GRDB record.)
public struct Feed: Codable, Hashable, Sendable {
    public var id: Int64?
    /// Where the feed is fetched from; nil for posts that came from elsewhere.
    public var url: String?
    public var title: String
    /// The site the feed belongs to.
    public var link: String?
    // Conditional GET and error bookkeeping for `refresh`.
    public var etag: String?
    public var lastModified: String?
    public var lastFetched: Int64?
    public var lastError: String?
    /// Where the posts of a feed that is not subscribed came from: the
    /// absolute path of an imported file, the URL of `import URL`, or
    /// standard input (see `standardInputSource`). It identifies the feed:
    /// two files whose channels share a title stay two feeds. Nil for the
    /// sample, for feeds imported before the column existed and for feeds
    /// unsubscribed from (those are taken over by a source only when the
    /// document has their title and site).
    public var source: String?

    public init(id: Int64? = nil, url: String? = nil, title: String, link: String? = nil,
                etag: String? = nil, lastModified: String? = nil,
                lastFetched: Int64? = nil, lastError: String? = nil, source: String? = nil) {
        self.id = id
        self.url = url
        self.title = title
        self.link = link
        self.etag = etag
        self.lastModified = lastModified
        self.lastFetched = lastFetched
        self.lastError = lastError
        self.source = source
    }

    /// The source of a document read from standard input; once its channel
    /// names its site, the site's address is appended, so that two different
    /// feeds piped in one after the other stay two feeds.
    public static let standardInputSource = "stdin:"
}

/// A feed with what `newsreader feeds` and the reader's feed list show about it.
public struct FeedStatus: Codable, Hashable, Sendable {
    public var feed: Feed
    public var postCount: Int
    public var unreadCount: Int
    /// Seconds since 1970 before which refresh leaves the feed alone (Retry-After).
    public var retryAfter: Int64?
    /// The feed answered 410 Gone: refresh no longer fetches it, unless it is named.
    public var isGone: Bool
    /// When `feed.lastError` happened (seconds since 1970).
    public var lastErrorAt: Int64?

    public init(feed: Feed, postCount: Int, unreadCount: Int = 0, retryAfter: Int64? = nil,
                isGone: Bool = false, lastErrorAt: Int64? = nil) {
        self.feed = feed
        self.postCount = postCount
        self.unreadCount = unreadCount
        self.retryAfter = retryAfter
        self.isGone = isGone
        self.lastErrorAt = lastErrorAt
    }
}

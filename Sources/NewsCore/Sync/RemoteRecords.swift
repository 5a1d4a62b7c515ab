/// What a feed server (Tiny Tiny RSS, and later others) holds, in the
/// store's terms: the sync services produce these and the store writes them.
/// Nothing here knows which service spoke.

/// A subscription as the server lists it.
public struct RemoteFeed: Hashable, Sendable {
    /// The server's id for it (a string: some services name feeds, not number them).
    public var id: String
    public var title: String
    /// Where the server fetches it from.
    public var url: String?
    /// The site the feed belongs to.
    public var site: String?
    /// The server's category (folder) title, if it files the feed under one.
    public var category: String?

    public init(id: String, title: String, url: String? = nil, site: String? = nil, category: String? = nil) {
        self.id = id
        self.title = title
        self.url = url
        self.site = site
        self.category = category
    }
}

/// An article as the server delivers it, with the state it has there.
public struct RemoteArticle: Sendable {
    /// The server's id: what a synced post is known by, whatever its guid.
    public var id: Int64
    /// The server's id of its feed.
    public var feedID: String
    /// The feed's title as the article came with it, for a feed the feed
    /// list did not name (tt-rss files starred articles of removed feeds
    /// under an archive).
    public var feedTitle: String?
    /// Title, link, author, date and body (its guid is the store's business).
    public var post: IncomingPost
    public var isRead: Bool
    public var isStarred: Bool

    public init(id: Int64, feedID: String, feedTitle: String? = nil, post: IncomingPost, isRead: Bool, isStarred: Bool) {
        self.id = id
        self.feedID = feedID
        self.feedTitle = feedTitle
        self.post = post
        self.isRead = isRead
        self.isStarred = isStarred
    }
}

/// The read and starred state the server holds now, as far as one sync
/// asked: single facts, and sets known to be complete.
public struct RemoteState: Sendable {
    /// Articles known to be read, unread, starred or not starred on the server.
    public var read: Set<Int64> = []
    public var unread: Set<Int64> = []
    public var starred: Set<Int64> = []
    public var unstarred: Set<Int64> = []
    /// Feeds (by server id) whose unread articles are exactly these: every
    /// other article of such a feed is read.
    public var exactUnread: [String: Set<Int64>] = [:]
    /// Every starred article, when the server listed them all: any other is not starred.
    public var exactStarred: Set<Int64>?

    public init() {}

    /// Every article the state names.
    public var mentionedIDs: Set<Int64> {
        var ids = read.union(unread).union(starred).union(unstarred)
        for set in exactUnread.values { ids.formUnion(set) }
        if let exactStarred { ids.formUnion(exactStarred) }
        return ids
    }
}

/// Local changes of read and starred state that the server has not heard of
/// yet: the outbox, by the server's article ids.
public struct PendingChanges: Hashable, Sendable {
    public var markRead: [Int64] = []
    public var markUnread: [Int64] = []
    public var star: [Int64] = []
    public var unstar: [Int64] = []

    public init(markRead: [Int64] = [], markUnread: [Int64] = [], star: [Int64] = [], unstar: [Int64] = []) {
        self.markRead = markRead
        self.markUnread = markUnread
        self.star = star
        self.unstar = unstar
    }

    public var count: Int { markRead.count + markUnread.count + star.count + unstar.count }
    public var isEmpty: Bool { count == 0 }
}

/// What writing a page of synced articles did.
public struct SyncedArticleCounts: Hashable, Sendable {
    public var new = 0
    public var updated = 0
    /// Read or starred flags of stored posts changed to the server's.
    public var stateChanges = 0

    public init(new: Int = 0, updated: Int = 0, stateChanges: Int = 0) {
        self.new = new
        self.updated = updated
        self.stateChanges = stateChanges
    }

    public static func += (lhs: inout SyncedArticleCounts, rhs: SyncedArticleCounts) {
        lhs.new += rhs.new
        lhs.updated += rhs.updated
        lhs.stateChanges += rhs.stateChanges
    }
}

/// A server feed as the store keeps it: the local feed row it fills.
public struct SyncedFeed: Hashable, Sendable {
    public var feedID: Int64
    public var remoteID: String
    public var title: String
    public var url: String?
    public var category: String?
    /// False once the server no longer lists it (its posts stay).
    public var subscribed: Bool
}

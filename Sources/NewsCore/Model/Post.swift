import GRDB

/// One stored post, as the `post` table holds it.
public struct Post: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "post"

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
    /// Plain-text rendering of `contentHTML`; what search and the reader use.
    public var text: String
    public var isRead: Bool
    public var isStarred: Bool
    /// When this store first saw the post (seconds since 1970).
    public var firstSeen: Int64

    public init(id: Int64? = nil, feedId: Int64, guid: String, title: String, link: String? = nil,
                author: String? = nil, published: Int64? = nil, contentHTML: String, text: String,
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
        self.text = text
        self.isRead = isRead
        self.isStarred = isStarred
        self.firstSeen = firstSeen
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// The columns a list row or a CLI listing needs: never the whole body.
public struct PostSummary: Codable, Hashable, Sendable, FetchableRecord, Identifiable {
    public var id: Int64
    public var title: String
    public var published: Int64?
    public var month: String?
    public var feed: String
    public var link: String?
    /// The first characters of the plain text.
    public var summary: String
    public var isRead: Bool
    public var isStarred: Bool

    public init(id: Int64, title: String, published: Int64?, month: String?, feed: String,
                link: String?, summary: String, isRead: Bool, isStarred: Bool) {
        self.id = id
        self.title = title
        self.published = published
        self.month = month
        self.feed = feed
        self.link = link
        self.summary = summary
        self.isRead = isRead
        self.isStarred = isStarred
    }
}

/// A post with everything the article view shows.
public struct Article: Hashable, Sendable {
    public var post: Post
    public var feedTitle: String

    public init(post: Post, feedTitle: String) {
        self.post = post
        self.feedTitle = feedTitle
    }
}

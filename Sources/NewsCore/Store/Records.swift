import GRDB
import NewsModel

// The model's records as the store reads and writes them (GRDB's Codable
// records, as in its demo apps): the table, the columns by name, and what
// a fetch selects. The values themselves live in NewsModel, without GRDB.

extension Post: FetchableRecord, TableRecord {
    public static let databaseTableName = "post"

    public enum Columns {
        public static let id = Column("id")
        public static let feedId = Column("feedId")
        public static let guid = Column("guid")
        public static let title = Column("title")
        public static let link = Column("link")
        public static let author = Column("author")
        public static let published = Column("published")
        public static let month = Column("month")
        public static let baseURL = Column("baseURL")
        public static let isRead = Column("isRead")
        public static let isStarred = Column("isStarred")
        public static let firstSeen = Column("firstSeen")
    }

    /// Every column, and the HTML of the body from its own table (`post_body`, stored as `StoredBody`) as `contentHTML`.
    public static var databaseSelection: [any SQLSelectable] {
        [Columns.id, Columns.feedId, Columns.guid, Columns.title, Columns.link, Columns.author, Columns.published,
         Columns.month, Columns.baseURL, Columns.isRead, Columns.isStarred, Columns.firstSeen,
         SQL(sql: "COALESCE((SELECT newsreader_body_html(body) FROM post_body WHERE post_body.id = post.id), '') AS contentHTML")]
    }
}

extension Feed: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "feed"

    public enum Columns {
        public static let id = Column("id")
        public static let url = Column("url")
        public static let title = Column("title")
        public static let link = Column("link")
        public static let source = Column("source")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension PostSummary: FetchableRecord {}

extension ArchiveMonth: FetchableRecord {}

/// Requests of posts, named for what they pick.
extension DerivableRequest<Post> {
    /// The posts of one listing of the reader or the command line.
    func filter(_ filter: PostFilter) -> Self {
        let (whereSQL, arguments) = filter.sqlCondition
        return self.filter(sql: whereSQL, arguments: arguments)
    }

    func unread() -> Self { filter(Post.Columns.isRead == false) }

    /// The posts of `ids`, however many: the ids go as one JSON argument
    /// (`id IN (?, ?, …)` stops at SQLite's 32,766 parameters; undoing a
    /// mark-all-read of a big store passes more).
    func filter(postIDs ids: [Int64]) -> Self {
        filter(sql: "post.id IN (SELECT value FROM json_each(?))", arguments: [AppDatabase.jsonArray(ids)])
    }
}

import GRDB

/// Reads: each one fetches only the rows it returns, on an index.
extension AppDatabase {
    /// Archive months, newest first, with the undated bucket (if any) last.
    public func archiveMonths() throws -> [ArchiveMonth] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT month, COUNT(*) AS count FROM post GROUP BY month ORDER BY month IS NULL, month DESC
                """).map { ArchiveMonth(month: $0["month"], count: $0["count"]) }
        }
    }

    public func postCount(_ filter: PostFilter = .all) throws -> Int {
        try listCount(filter).total
    }

    /// How many posts `filter` holds, and the newest post among all then
    /// stored (ids only grow): a list that marks all its posts read marks
    /// those up to it, not those another process stored after it was counted.
    public func listCount(_ filter: PostFilter) throws -> ListCount {
        try writer.read { db in
            let (whereSQL, arguments) = filter.sqlCondition
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM post WHERE \(whereSQL)), (SELECT COALESCE(MAX(id), 0) FROM post)
                """, arguments: arguments)
            return ListCount(total: row?[0] ?? 0, newestID: row?[1] ?? 0)
        }
    }

    /// Posts newest first; `offset` and `limit` select one page.
    public func posts(_ filter: PostFilter = .all, offset: Int = 0, limit: Int) throws -> [PostSummary] {
        try writer.read { db in
            let (whereSQL, arguments) = filter.sqlCondition
            // The page's ids come from the date index alone (a covering index:
            // skipping 99,000 entries costs milliseconds); only the page's rows are read.
            return try PostSummary.fetchAll(db, sql: """
                \(PostSummary.selectSQL) WHERE post.id IN (
                    SELECT post.id FROM post WHERE \(whereSQL)
                    ORDER BY post.published DESC, post.id LIMIT ? OFFSET ?)
                ORDER BY post.published DESC, post.id
                """, arguments: arguments + [max(0, limit), max(0, offset)])
        }
    }

    /// The summaries of `ids`, in the order given (ids not found are skipped).
    public func posts(ids: [Int64]) throws -> [PostSummary] {
        guard !ids.isEmpty else { return [] }
        return try writer.read { db in
            let rows = try PostSummary.fetchAll(db, sql: """
                \(PostSummary.selectSQL) WHERE post.id IN (\(databaseQuestionMarks(count: ids.count)))
                """, arguments: StatementArguments(ids))
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            return ids.compactMap { byID[$0] }
        }
    }

    /// The whole post with its feed's title and its body rendered (outside
    /// the read), or nil when there is no such post. Without `rendering`,
    /// the body is left empty (an RSS export writes the HTML as it is).
    public func article(id: Int64, rendering: Bool = true) throws -> Article? {
        let found = try writer.read { db -> (Post, String)? in
            guard let post = try Post.fetchOne(db, key: id) else { return nil }
            let feedTitle = try String.fetchOne(db, sql: "SELECT title FROM feed WHERE id = ?", arguments: [post.feedId]) ?? ""
            return (post, feedTitle)
        }
        guard let (post, feedTitle) = found else { return nil }
        return Article(post: post, feedTitle: feedTitle, body: rendering ? post.body : .empty)
    }

    /// The first `length` characters of the text of each of `ids`, for
    /// listings that show them (the stored search text, inflated).
    public func summaries(ids: [Int64], length: Int = 200) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        return try writer.read { db in
            var summaries: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, newsreader_body_summary(body, ?) AS summary FROM post_body
                WHERE id IN (\(databaseQuestionMarks(count: ids.count)))
                """, arguments: [length] + StatementArguments(ids))
            while let row = try rows.next() { summaries[row["id"]] = row["summary"] }
            return summaries
        }
    }

    public func feeds() throws -> [Feed] {
        try writer.read { try Feed.order(Column("title")).fetchAll($0) }
    }
}

/// A list's size when it was loaded, and the newest post stored then.
public struct ListCount: Hashable, Sendable {
    public var total: Int
    public var newestID: Int64
    public init(total: Int, newestID: Int64) {
        self.total = total
        self.newestID = newestID
    }
}

extension PostFilter {
    var sqlCondition: (String, StatementArguments) {
        switch self {
        case .all: return ("1", [])
        case .month(nil): return ("post.month IS NULL", [])
        case let .month(month?): return ("post.month = ?", [month])
        case .unread: return ("post.isRead = 0", [])
        case .starred: return ("post.isStarred = 1", [])
        }
    }
}

extension PostSummary {
    /// The columns of a list row, over `post` joined with `feed`.
    static let selectColumns = """
        post.id, post.title, post.published, post.month, feed.title AS feed, post.feedId, post.link,
        post.isRead, post.isStarred
        """
    static let selectSQL = "SELECT \(selectColumns) FROM post JOIN feed ON feed.id = post.feedId"
}

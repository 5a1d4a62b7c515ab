import GRDB
import NewsModel

/// Reads: each one fetches only the rows it returns, on an index.
extension AppDatabase {
    /// Archive months, newest first, with the undated bucket (if any) last.
    /// With a filter: the months of its feed (every month that has any of
    /// the feed's posts, so a month stays put while `v` changes the view),
    /// each counting the posts of its view; the filter's month is ignored.
    /// Read from `post_count` (see `PostCounts`): a few thousand rows at
    /// most, however many posts the store holds.
    public func archiveMonths(_ filter: PostFilter = .all) throws -> [ArchiveMonth] {
        try writer.read { db in
            let (whereSQL, arguments) = PostFilter(feedID: filter.feedID).countCondition
            return try ArchiveMonth.fetchAll(db, sql: """
                WITH counts AS (\(PostCounts.currentSQL))
                SELECT NULLIF(month, '') AS month, SUM(\(filter.countColumn)) AS count FROM counts
                WHERE \(whereSQL) GROUP BY counts.month ORDER BY counts.month = '', counts.month DESC
                """, arguments: arguments)
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
            let (whereSQL, arguments) = filter.countCondition
            let row = try Row.fetchOne(db, sql: """
                WITH counts AS (\(PostCounts.currentSQL))
                SELECT (SELECT COALESCE(SUM(\(filter.countColumn)), 0) FROM counts WHERE \(whereSQL)),
                       (SELECT COALESCE(MAX(id), 0) FROM post)
                """, arguments: arguments)
            return ListCount(total: row?[0] ?? 0, newestID: row?[1] ?? 0)
        }
    }

    /// Posts newest first; `offset` and `limit` select one page.
    public func posts(_ filter: PostFilter = .all, offset: Int = 0, limit: Int) throws -> [PostSummary] {
        try writer.read { db in
            let (whereSQL, arguments) = filter.sqlCondition
            // The page's ids come from the date index alone (a covering index:
            // skipping 99,000 entries costs milliseconds); only the page's rows
            // are read. Hand-written SQL on purpose: this subquery is what keeps
            // newsreader-bench's page_down_deep_model near 2 ms and
            // reader_page_down under 1 ms on the 100,000-post store.
            return try PostSummary.fetchAll(db, sql: """
                \(PostSummary.selectSQL) WHERE post.id IN (
                    SELECT post.id FROM post WHERE \(whereSQL)
                    ORDER BY post.published DESC, post.id LIMIT ? OFFSET ?)
                ORDER BY post.published DESC, post.id
                """, arguments: arguments + [max(0, limit), max(0, offset)])
        }
    }

    /// The first unread post of `filter` after post `id` in the listing's
    /// order (newest first, undated last), or from the top when `id` is nil
    /// or names no post: the reader's "next unread".
    public func nextUnread(in filter: PostFilter, after id: Int64?) throws -> PostSummary? {
        try writer.read { db in
            let (whereSQL, arguments) = filter.sqlCondition
            var afterSQL = "1"
            var afterArguments: StatementArguments = []
            if let id, let row = try Row.fetchOne(db, sql: "SELECT published FROM post WHERE id = ?", arguments: [id]) {
                let published: Int64? = row["published"]
                if let published {
                    afterSQL = "(post.published < ? OR (post.published = ? AND post.id > ?) OR post.published IS NULL)"
                    afterArguments = [published, published, id]
                } else {
                    afterSQL = "(post.published IS NULL AND post.id > ?)"
                    afterArguments = [id]
                }
            }
            return try PostSummary.fetchOne(db, sql: """
                \(PostSummary.selectSQL) WHERE \(whereSQL) AND post.isRead = 0 AND \(afterSQL)
                ORDER BY post.published DESC, post.id LIMIT 1
                """, arguments: arguments + afterArguments)
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

    /// The whole post with its feed's title and its body (the stored
    /// article, or for a row stored before bodies kept one, rendered from
    /// its HTML), or nil when there is no such post. Without `rendering`,
    /// the body is left empty (an RSS export writes the HTML as it is).
    public func article(id: Int64, rendering: Bool = true) throws -> Article? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(StoredArticle.columns) FROM post
                LEFT JOIN post_body ON post_body.id = post.id LEFT JOIN feed ON feed.id = post.feedId
                WHERE post.id = ?
                """, arguments: [id]).map { try StoredArticle.article($0, rendering: rendering) }
        }
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
        try writer.read { try Feed.order(Feed.Columns.title).fetchAll($0) }
    }

    /// Stores `feed`'s fields (its URL, title, fetch bookkeeping) over the feed with its id.
    public func update(_ feed: Feed) throws {
        try writer.write { try feed.update($0) }
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
        var conditions: [String] = []
        var arguments: StatementArguments = []
        switch months {
        case .every: break
        case .one(nil): conditions.append("post.month IS NULL")
        case let .one(month?):
            conditions.append("post.month = ?")
            arguments += [month]
        }
        if let feedID {
            conditions.append("post.feedId = ?")
            arguments += [feedID]
        }
        if let view = viewCondition { conditions.append(view) }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments)
    }

    /// The view's condition alone (nil for all posts).
    var viewCondition: String? {
        switch view {
        case .all: return nil
        case .unread: return "post.isRead = 0"
        case .starred: return "post.isStarred = 1"
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

/// What the reader needs to follow the store while it runs.
extension AppDatabase {
    /// The file the store lives in ("" or ":memory:" for a store in memory).
    public var path: String { writer.path }

    /// SQLite's `data_version` of the writing connection: it changes when
    /// another connection (another process) commits, never for this one's
    /// own writes. Read it where this store's writes are made, so it never
    /// waits behind them on another thread.
    public func dataVersion() throws -> Int {
        try writer.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        }
    }

    /// Where post `id` stands in `filter`'s listing (newest first, as
    /// `posts(_:offset:limit:)` orders it), or nil when the listing does not hold it.
    public func position(ofPost id: Int64, in filter: PostFilter) throws -> Int? {
        try writer.read { db in
            let (whereSQL, arguments) = filter.sqlCondition
            guard let row = try Row.fetchOne(db, sql: "SELECT published FROM post WHERE post.id = ? AND \(whereSQL)",
                                             arguments: [id] + arguments) else { return nil }
            // ORDER BY published DESC, id: posts without a date come last.
            let published: Int64? = row["published"]
            let (beforeSQL, beforeArguments): (String, StatementArguments) = published.map {
                ("(post.published > ? OR (post.published = ? AND post.id < ?))", [$0, $0, id])
            } ?? ("(post.published IS NOT NULL OR post.id < ?)", [id])
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post WHERE \(whereSQL) AND \(beforeSQL)",
                                    arguments: arguments + beforeArguments)
        }
    }
}

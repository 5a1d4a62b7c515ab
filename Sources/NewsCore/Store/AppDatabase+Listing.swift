import GRDB
import NewsModel

/// A post as a listing streams it: its row, and the text asked for with it.
public struct ListedPost: Sendable {
    public var post: PostSummary
    /// The start of the post's text, its search snippet, or nil (none asked
    /// for, or a snippet of a post whose text holds no match).
    public var text: String?
}

/// What a listing reads beside each post's row, in the same statement.
public enum ListedText: Sendable {
    case none
    /// The first `length` characters of the post's text (the stored search text).
    case summary(length: Int)
    /// The text around the matches of the search, the matched words between
    /// `open` and `close`, about `words` words.
    case snippet(open: String, close: String, words: Int)

    /// The `text` column, over `post` (and `post_fts` when `searching`).
    func column(searching: Bool) -> String {
        switch self {
        case .none: return "NULL AS text"
        case .summary: return "newsreader_body_summary(post_body.body, ?) AS text"
        case .snippet: return searching ? "snippet(post_fts, 1, ?, ?, '…', ?) AS text" : "NULL AS text"
        }
    }

    func arguments(searching: Bool) -> StatementArguments {
        switch self {
        case .none: return []
        case let .summary(length): return [length]
        case let .snippet(open, close, words): return searching ? [open, close, words] : []
        }
    }

    var join: String {
        if case .summary = self { return " JOIN post_body ON post_body.id = post.id" }
        return ""
    }
}

/// Listings for the command line, streamed: each post is handed on as the
/// statement reads it, so printing a million posts holds one at a time.
extension AppDatabase {
    /// Calls `body` with each post of `selection`, newest first, at most `limit`.
    public func forEachPost(_ selection: PostSelection, limit: Int, text: ListedText = .none,
                            _ body: (ListedPost) throws -> Void) throws {
        try writer.read { db in
            let (whereSQL, arguments) = selection.sqlCondition
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(PostSummary.selectColumns), \(text.column(searching: false))
                FROM post JOIN feed ON feed.id = post.feedId\(text.join)
                WHERE \(whereSQL) ORDER BY post.published DESC, post.id LIMIT ?
                """, arguments: text.arguments(searching: false) + arguments + [max(0, limit)])
            while let row = try rows.next() { try body(Self.listed(row)) }
        }
    }

    /// The largest id among the posts `forEachPost` lists (for a column of
    /// ids as wide as the widest), or nil when there are none.
    public func largestID(_ selection: PostSelection, limit: Int) throws -> Int64? {
        try writer.read { db in
            let (whereSQL, arguments) = selection.sqlCondition
            return try Int64.fetchOne(db, sql: """
                SELECT MAX(id) FROM (SELECT post.id FROM post WHERE \(whereSQL)
                                     ORDER BY post.published DESC, post.id LIMIT ?)
                """, arguments: arguments + [max(0, limit)])
        }
    }

    /// Calls `body` with each match of `query`, best first (or newest first),
    /// at most `limit`; a snippet comes from the statement that reads the match.
    public func forEachMatch(_ query: SearchQuery, filter: PostFilter = .all, order: SearchOrder = .relevance,
                             limit: Int, text: ListedText = .none, _ body: (ListedPost) throws -> Void) throws {
        try writer.read { db in
            try SearchPlan(query: query, filter: filter, db: db).forEachMatch(
                order: order, limit: limit, columns: .listed(text), db: db) { try body(Self.listed($0)) }
        }
    }

    /// The largest id of the posts that match `query` (listed or not).
    public func largestMatchingID(_ query: SearchQuery, filter: PostFilter = .all) throws -> Int64? {
        try writer.read { db in try SearchPlan(query: query, filter: filter, db: db).largestID(db: db) }
    }

    /// Calls `body` with each article of `filter` (narrowed to `query` when
    /// given), newest first, as it is read: its HTML unless `html` is off (a
    /// Markdown export writes the article alone), its body unless `rendering`
    /// is off (an RSS export writes the HTML as it is). The body comes from
    /// the stored article (`StoredBody`), rendered only for rows stored
    /// before bodies kept one.
    public func forEachArticle(filter: PostFilter, query: SearchQuery?, html: Bool = true, rendering: Bool = true,
                               _ body: (Article) throws -> Void) throws {
        try writer.read { db in
            func article(_ row: Row) throws -> Article {
                try StoredArticle.article(row, html: html, rendering: rendering)
            }
            if let query {
                try SearchPlan(query: query, filter: filter, db: db).forEachMatch(
                    order: .date, limit: Int(Int32.max), columns: .articles, db: db) { try body(article($0)) }
                return
            }
            let (whereSQL, arguments) = filter.sqlCondition
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(MatchColumns.articles.sql(searching: false)) FROM post\(MatchColumns.articles.joins)
                WHERE \(whereSQL) ORDER BY post.published DESC, post.id
                """, arguments: arguments)
            while let row = try rows.next() { try body(article(row)) }
        }
    }

    /// The titles of the feeds of the articles `forEachArticle` gives, at most `limit` of them.
    public func feedTitles(filter: PostFilter, query: SearchQuery?, limit: Int) throws -> Set<String> {
        try writer.read { db in
            if let query {
                return try SearchPlan(query: query, filter: filter, db: db).feedTitles(limit: limit, db: db)
            }
            let (whereSQL, arguments) = filter.sqlCondition
            return Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT feed.title FROM post JOIN feed ON feed.id = post.feedId WHERE \(whereSQL) LIMIT ?
                """, arguments: arguments + [limit]))
        }
    }

    private static func listed(_ row: Row) throws -> ListedPost {
        let text: String? = row["text"]
        return ListedPost(post: try PostSummary(row: row), text: text.flatMap { $0.isEmpty ? nil : $0 })
    }
}

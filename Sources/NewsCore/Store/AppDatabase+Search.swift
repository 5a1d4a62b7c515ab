import GRDB

/// Keyword search through the FTS5 index.
extension AppDatabase {
    /// Ids of the posts matching `query`, best match first (titles weigh ten
    /// times the body), newest first among equals. Empty for a query with no words.
    public func searchIDs(_ query: SearchQuery, filter: PostFilter = .all, limit: Int = 10_000) throws -> [Int64] {
        guard let pattern = query.ftsPattern else { return [] }
        return try writer.read { db in
            let (whereSQL, arguments) = filter.sqlCondition
            return try Int64.fetchAll(db, sql: """
                SELECT post.id FROM post_fts JOIN post ON post.id = post_fts.rowid
                WHERE post_fts MATCH ? AND \(whereSQL)
                ORDER BY bm25(post_fts, 10.0, 1.0), post.published DESC, post.id
                LIMIT ?
                """, arguments: [pattern] + arguments + [limit])
        }
    }

    /// Matching posts as list rows, best match first.
    public func search(_ query: SearchQuery, filter: PostFilter = .all, limit: Int = 10_000) throws -> [PostSummary] {
        try posts(ids: searchIDs(query, filter: filter, limit: limit))
    }
}

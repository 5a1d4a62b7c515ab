import GRDB

/// What the store takes on disk, part by part (the benchmark's `store_*` figures).
extension AppDatabase {
    /// Folds the write-ahead log into the store's file, so the file's size is the store's.
    public func checkpoint() throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Bytes per part of the store: `posts_and_feeds`, `bodies` (each HTML
    /// body with its search text, deflated), `word_index`, `compound_index`
    /// (the vocabulary's trigrams) and `date_indexes`, by name.
    public func sizeByPart() throws -> [(part: String, bytes: Int64)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT CASE WHEN name = 'post_body' THEN 'bodies'
                            WHEN name LIKE 'post_fts%' THEN 'word_index'
                            WHEN name LIKE 'search_term%' OR name LIKE 'sqlite_autoindex_search_term%' THEN 'compound_index'
                            WHEN name IN ('post_by_date', 'post_by_month') OR name LIKE 'sqlite_autoindex_post%' THEN 'date_indexes'
                            ELSE 'posts_and_feeds' END AS part, SUM(pgsize) AS bytes
                FROM dbstat GROUP BY part ORDER BY part
                """).map { (part: $0["part"], bytes: $0["bytes"]) }
        }
    }
}

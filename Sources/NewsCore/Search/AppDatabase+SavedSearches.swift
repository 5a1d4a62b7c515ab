import Foundation
import GRDB
import NewsModel

/// Searches kept under a name, with their live counts.
extension AppDatabase {
    /// Keeps `query` under `name` (not empty: the caller asks for one); a
    /// search of that name is replaced.
    public func saveSearch(name: String, query: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO savedSearch(name, query, created) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET query = excluded.query
                """, arguments: [name, query, now])
        }
    }

    /// Every saved search by name, each with how many posts match it now (0
    /// for a query the search cannot run, such as `month:2021-13`).
    public func savedSearches() throws -> [SavedSearch] {
        let saved = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, query FROM savedSearch ORDER BY name COLLATE NOCASE, name")
                .map { SavedSearch(name: $0["name"], query: $0["query"]) }
        }
        return saved.map { search in
            var search = search
            search.count = (try? searchCount(SearchQuery(search.query))) ?? 0
            return search
        }
    }

    /// Removes the saved search `name`; false when there is none.
    @discardableResult
    public func removeSavedSearch(name: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM savedSearch WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}

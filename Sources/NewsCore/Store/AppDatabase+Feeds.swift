import Foundation
import GRDB
import NewsModel

/// What one fetch of a feed leaves in the store (its posts aside).
public struct FetchRecord: Sendable {
    public var time: Int64
    /// New validators after a fetched document; nil keeps the stored ones (304, failures).
    public var validators: (etag: String?, lastModified: String?)?
    /// Nil after a success: the error is cleared.
    public var error: String?
    public var retryAfter: Int64?
    /// 410 Gone.
    public var gone: Bool
    /// After a 301/308: where the feed lives now.
    public var movedTo: String?

    public init(time: Int64, validators: (etag: String?, lastModified: String?)? = nil, error: String? = nil,
                retryAfter: Int64? = nil, gone: Bool = false, movedTo: String? = nil) {
        self.time = time
        self.validators = validators
        self.error = error
        self.retryAfter = retryAfter
        self.gone = gone
        self.movedTo = movedTo
    }
}

/// Subscriptions: a subscribed feed is a feed row with a URL. Unsubscribing
/// clears the URL and keeps the posts, unless they are purged with it.
extension AppDatabase {
    /// Subscribes to `url` (normalised; once: subscribing again returns the existing feed).
    @discardableResult
    public func subscribe(url: String, title: String? = nil) throws -> Feed {
        let normalized = try HTTPURL(url).description
        return try writer.write { db in
            if let existing = try Self.subscribedFeed(matching: normalized, in: db) { return existing }
            var feed = Feed(url: normalized, title: title ?? normalized)
            try feed.insert(db)
            return feed
        }
    }

    /// The subscribed feed whose URL is `url` once both are normalised.
    public func subscribedFeed(matching url: String) throws -> Feed? {
        guard let normalized = try? HTTPURL(url).description else { return nil }
        return try writer.read { db in try Self.subscribedFeed(matching: normalized, in: db) }
    }

    static func subscribedFeed(matching normalized: String, in db: Database) throws -> Feed? {
        if let exact = try Feed.filter(Feed.Columns.url == normalized).fetchOne(db) { return exact }
        // Stores written before URLs were normalised keep them as typed.
        let feeds = try Feed.filter(Feed.Columns.url != nil).fetchAll(db)
        return feeds.first { feed in feed.url.flatMap { try? HTTPURL($0).description } == normalized }
    }

    /// Every feed (subscribed or imported) with its post and unread counts, by title.
    public func feedStatuses() throws -> [FeedStatus] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                WITH counts AS (\(PostCounts.currentSQL)),
                     byFeed AS (SELECT feedId, SUM(total) AS total, SUM(unread) AS unread FROM counts GROUP BY feedId)
                SELECT feed.*, COALESCE(byFeed.total, 0) AS postCount, COALESCE(byFeed.unread, 0) AS unreadCount
                FROM feed LEFT JOIN byFeed ON byFeed.feedId = feed.id ORDER BY feed.title COLLATE NOCASE, feed.id
                """).map { row in
                FeedStatus(feed: try Feed(row: row), postCount: row["postCount"], unreadCount: row["unreadCount"],
                           retryAfter: row["retryAfter"], isGone: row["gone"] ?? false, lastErrorAt: row["lastErrorAt"])
            }
        }
    }

    /// Feeds with a URL, the ones refresh fetches.
    public func subscribedFeeds() throws -> [FeedStatus] {
        try feedStatuses().filter { $0.feed.url != nil }
    }

    /// Subscribed feeds whose last fetch failed (or that are gone), with the error and its time.
    public func failingFeeds() throws -> [FeedStatus] {
        try subscribedFeeds().filter { $0.feed.lastError != nil || $0.isGone }
    }

    /// A feed named by id, URL (compared normalised) or exact title (case-insensitive).
    public func findFeed(_ name: String) throws -> Feed? {
        if let id = Int64(name), let feed = try writer.read({ db in try Feed.fetchOne(db, key: id) }) { return feed }
        if let feed = try subscribedFeed(matching: name) { return feed }
        return try writer.read { db in
            if let feed = try Feed.filter(Feed.Columns.url == name).fetchOne(db) { return feed }
            return try Feed.fetchOne(db, sql: "SELECT * FROM feed WHERE title = ? COLLATE NOCASE ORDER BY id", arguments: [name])
        }
    }

    /// Unsubscribes. With `purge`, the feed's posts are deleted too; otherwise
    /// they stay in the archive under the feed's title.
    /// - Returns: the number of posts deleted.
    @discardableResult
    public func removeFeed(id: Int64, purge: Bool) throws -> Int {
        try writer.write { db in
            if purge {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post WHERE feedId = ?", arguments: [id]) ?? 0
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0
                if count * 2 >= total {
                    try Self.purgeMostPosts(feedID: id, all: count == total, in: db)
                    return count
                }
                // Each post's stored words leave the index (the delete trigger).
                try db.execute(sql: "DELETE FROM feed WHERE id = ?", arguments: [id])
                // The purged posts' words that no other post has leave the vocabulary.
                try SearchTerms.prune(nil, in: db)
                // FTS5 keeps deleted postings until it merges segments. When the
                // purged posts were a big part of the store, merging what remains
                // costs little more than they did, and gives their space back.
                if count * 4 >= total - count {
                    try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES ('optimize')")
                }
                return count
            }
            try db.execute(sql: """
                UPDATE feed SET url = NULL, etag = NULL, lastModified = NULL, lastError = NULL, retryAfter = NULL,
                                gone = 0, lastErrorAt = NULL
                WHERE id = ?
                """, arguments: [id])
            return 0
        }
    }

    /// Deletes a feed that holds at least half of the store's posts: rather
    /// than taking each post's words out of the index one by one, the index
    /// and the vocabulary are made again from the posts that stay (fewer,
    /// so cheaper; none at all when the feed was the whole store).
    private static func purgeMostPosts(feedID: Int64, all: Bool, in db: Database) throws {
        // Bodies first: the delete trigger then finds no words to take out.
        if all {
            try db.execute(sql: "DELETE FROM post_body") // SQLite frees the table's pages without visiting each row
        } else {
            try db.execute(sql: "DELETE FROM post_body WHERE id IN (SELECT id FROM post WHERE feedId = ?)",
                           arguments: [feedID])
        }
        try db.execute(sql: "DELETE FROM feed WHERE id = ?", arguments: [feedID])
        try SearchIndexBulkMode.begin(db)
        try fillSearchIndex(db)
        try SearchIndexBulkMode.end(db)
    }

    /// Records the outcome of one fetch (posts untouched): validators after
    /// a success, the error and its time after a failure, 410 Gone, and a
    /// permanent move, unless another feed already has that URL.
    public func recordFetch(feedID: Int64, _ record: FetchRecord) throws {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE feed SET lastFetched = ?, lastError = ?, lastErrorAt = ?, retryAfter = ?, gone = ? WHERE id = ?
                """, arguments: [record.time, record.error, record.error == nil ? nil : record.time, record.retryAfter,
                                 record.gone, feedID])
            if let validators = record.validators {
                try db.execute(sql: "UPDATE feed SET etag = ?, lastModified = ? WHERE id = ?",
                               arguments: [validators.etag, validators.lastModified, feedID])
            }
            if let moved = record.movedTo,
               try Feed.filter(Feed.Columns.url == moved && Feed.Columns.id != feedID).fetchCount(db) == 0 {
                try db.execute(sql: "UPDATE feed SET url = ? WHERE id = ?", arguments: [moved, feedID])
            }
        }
    }
}

extension AppDatabase {
    /// Gives feed `id` a title of its own, which imports, refreshes and syncs
    /// leave alone; an empty title gives the feed back to the title its
    /// source sends (at its next fetch). Throws `notFound` for no such feed.
    public func renameFeed(id: Int64, title: String) throws {
        let title = Whitespace.trim(title)
        try writer.write { db in
            if title.isEmpty {
                try db.execute(sql: "UPDATE feed SET localTitle = NULL WHERE id = ?", arguments: [id])
            } else {
                try db.execute(sql: "UPDATE feed SET localTitle = ?, title = ? WHERE id = ?", arguments: [title, title, id])
            }
            if db.changesCount == 0 { throw StoreError.notFound(what: "feed \(id)") }
        }
    }
}

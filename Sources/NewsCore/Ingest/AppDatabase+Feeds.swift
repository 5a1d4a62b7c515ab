import Foundation
import GRDB

/// A feed with what `newsreader feeds` shows about it.
public struct FeedStatus: Codable, Hashable, Sendable {
    public var feed: Feed
    public var postCount: Int
    /// Seconds since 1970 before which refresh leaves the feed alone (Retry-After).
    public var retryAfter: Int64?

    public init(feed: Feed, postCount: Int, retryAfter: Int64? = nil) {
        self.feed = feed
        self.postCount = postCount
        self.retryAfter = retryAfter
    }
}

/// Subscriptions: a subscribed feed is a feed row with a URL. Unsubscribing
/// clears the URL and keeps the posts, unless they are purged with it.
extension AppDatabase {
    /// Subscribes to `url` (once; subscribing again returns the existing feed).
    @discardableResult
    public func subscribe(url: String, title: String? = nil) throws -> Feed {
        try writer.write { db in
            if let existing = try Feed.filter(Column("url") == url).fetchOne(db) { return existing }
            var feed = Feed(url: url, title: title ?? url)
            try feed.insert(db)
            return feed
        }
    }

    /// Every feed (subscribed or imported) with its post count, by title.
    public func feedStatuses() throws -> [FeedStatus] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT feed.*, (SELECT COUNT(*) FROM post WHERE post.feedId = feed.id) AS postCount
                FROM feed ORDER BY feed.title COLLATE NOCASE, feed.id
                """).map { row in
                FeedStatus(feed: try Feed(row: row), postCount: row["postCount"], retryAfter: row["retryAfter"])
            }
        }
    }

    /// Feeds with a URL, the ones refresh fetches.
    public func subscribedFeeds() throws -> [FeedStatus] {
        try feedStatuses().filter { $0.feed.url != nil }
    }

    /// A feed named by id, URL or exact title (case-insensitive).
    public func findFeed(_ name: String) throws -> Feed? {
        try writer.read { db in
            if let id = Int64(name), let feed = try Feed.fetchOne(db, key: id) { return feed }
            if let feed = try Feed.filter(Column("url") == name).fetchOne(db) { return feed }
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
                try db.execute(sql: "DELETE FROM feed WHERE id = ?", arguments: [id])
                // The purged posts' words that no other post has leave the vocabulary.
                try SearchTerms.prune(nil, in: db)
                // FTS5 keeps deleted postings until it merges segments. When the
                // purged posts were a big part of the store, merging what remains
                // costs little more than they did, and gives their space back.
                let remaining = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0
                if count * 4 >= remaining {
                    try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES ('optimize')")
                }
                return count
            }
            try db.execute(sql: """
                UPDATE feed SET url = NULL, etag = NULL, lastModified = NULL, lastError = NULL, retryAfter = NULL
                WHERE id = ?
                """, arguments: [id])
            return 0
        }
    }

    /// Records the outcome of one fetch: validators after a success, the
    /// error after a failure (posts untouched either way).
    public func recordFetch(feedID: Int64, at time: Int64, etag: String? = nil, lastModified: String? = nil,
                            keepValidators: Bool, error: String? = nil, retryAfter: Int64? = nil) throws {
        try writer.write { db in
            if keepValidators {
                try db.execute(sql: """
                    UPDATE feed SET lastFetched = ?, lastError = ?, retryAfter = ? WHERE id = ?
                    """, arguments: [time, error, retryAfter, feedID])
            } else {
                try db.execute(sql: """
                    UPDATE feed SET lastFetched = ?, lastError = ?, retryAfter = ?, etag = ?, lastModified = ? WHERE id = ?
                    """, arguments: [time, error, retryAfter, etag, lastModified, feedID])
            }
        }
    }
}

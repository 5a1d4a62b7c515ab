import Foundation
import GRDB

/// What one source brought into the store.
public struct ImportCounts: Hashable, Sendable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public init(new: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// A post as a source delivers it, before the store gives it an id.
public struct IncomingPost: Hashable, Sendable {
    public var guid: String
    public var title: String
    public var link: String?
    public var author: String?
    public var published: Int64?
    /// The body as the feed sent it.
    public let contentHTML: String
    /// What relative links in the body resolve against: xml:base, else the entry's link, the feed's site or the address it came from.
    public var baseURL: String?
    /// The body's words for the search index, rendered once, on the thread
    /// that makes the post (the importing transaction only writes).
    public let searchText: String

    public init(guid: String, title: String, link: String? = nil, author: String? = nil,
                published: Int64? = nil, contentHTML: String, baseURL: String? = nil) {
        self.guid = guid
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.contentHTML = contentHTML
        self.baseURL = baseURL
        searchText = SearchText.of(html: contentHTML)
    }
}

/// Writes: each source is one transaction, so a store holds either all of a
/// source's posts or none of them.
extension AppDatabase {
    /// Adds or updates `posts` of the feed that `feed` names (by URL, else by title).
    /// A post already stored (same guid in the same feed) is updated in place,
    /// keeping its read and starred flags.
    @discardableResult
    public func save(feed: Feed, posts: [IncomingPost], now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> ImportCounts {
        try writer.write { db in
            var postWriter = try PostWriter(db: db, feed: feed, now: now)
            for incoming in posts {
                try postWriter.save(incoming)
            }
            try postWriter.finish()
            return postWriter.counts
        }
    }

    static func feedID(for feed: Feed, in db: Database) throws -> Int64 {
        let found: Feed?
        if let url = feed.url {
            found = try Feed.filter(Column("url") == url).fetchOne(db)
        } else {
            // A server's feed is the sync's alone: a file titled like it gets a feed of its own.
            found = try Feed.filter(Column("url") == nil && Column("title") == feed.title)
                .filter(sql: "id NOT IN (SELECT feedId FROM sync_feed)").fetchOne(db)
        }
        if var found {
            if found.title != feed.title || (feed.link != nil && found.link != feed.link) {
                found.title = feed.title
                found.link = feed.link ?? found.link
                try found.update(db)
            }
            return found.id!
        }
        var inserted = feed
        inserted.id = nil
        try inserted.insert(db)
        return inserted.id!
    }

    public func setRead(_ isRead: Bool, postID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE post SET isRead = ? WHERE id = ?", arguments: [isRead, postID])
        }
    }

    /// Marks every unread post of `filter` (or, when `ids` is given, of those
    /// ids) read in one transaction; returns the ids it changed, for undo.
    public func markAllRead(_ filter: PostFilter, ids: [Int64]? = nil) throws -> [Int64] {
        try writer.write { db in
            let changed: [Int64]
            if let ids {
                let wanted = Set(ids)
                changed = try Int64.fetchAll(db, sql: "SELECT id FROM post WHERE isRead = 0").filter(wanted.contains)
            } else {
                let (whereSQL, arguments) = filter.sqlCondition
                changed = try Int64.fetchAll(db, sql: "SELECT id FROM post WHERE isRead = 0 AND \(whereSQL)",
                                             arguments: arguments)
            }
            for id in changed { try db.execute(sql: "UPDATE post SET isRead = 1 WHERE id = ?", arguments: [id]) }
            return changed
        }
    }

    /// Sets the read flag of `ids` in one transaction.
    public func setRead(_ isRead: Bool, postIDs: [Int64]) throws {
        try writer.write { db in
            for id in postIDs { try db.execute(sql: "UPDATE post SET isRead = ? WHERE id = ?", arguments: [isRead, id]) }
        }
    }

    public func setStarred(_ isStarred: Bool, postID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE post SET isStarred = ? WHERE id = ?", arguments: [isStarred, postID])
        }
    }

    public func deletePost(id: Int64) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM post WHERE id = ?", arguments: [id]) }
    }
}

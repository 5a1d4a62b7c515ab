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
    public var contentHTML: String
    public var text: String

    public init(guid: String, title: String, link: String? = nil, author: String? = nil,
                published: Int64? = nil, contentHTML: String, text: String) {
        self.guid = guid
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.contentHTML = contentHTML
        self.text = text
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
            let feedID = try Self.feedID(for: feed, in: db)
            var counts = ImportCounts()
            var changedIDs: [Int64] = []
            let existing = try db.makeStatement(sql: """
                SELECT id, title, link, author, published, contentHTML FROM post WHERE feedId = ? AND guid = ?
                """)
            for incoming in posts {
                if let row = try Row.fetchOne(existing, arguments: [feedID, incoming.guid]) {
                    let same = row["title"] == incoming.title && row["link"] == incoming.link
                        && row["author"] == incoming.author && row["published"] == incoming.published
                        && row["contentHTML"] == incoming.contentHTML
                    if same {
                        counts.unchanged += 1
                        continue
                    }
                    try db.execute(sql: """
                        UPDATE post SET title = ?, link = ?, author = ?, published = ?, month = ?,
                               contentHTML = ?, text = ? WHERE id = ?
                        """, arguments: [incoming.title, incoming.link, incoming.author, incoming.published,
                                         incoming.published.map { UTCDate(seconds: $0).monthKey },
                                         incoming.contentHTML, incoming.text, row["id"] as Int64])
                    changedIDs.append(row["id"])
                    counts.updated += 1
                } else {
                    var post = Post(feedId: feedID, guid: incoming.guid, title: incoming.title, link: incoming.link,
                                    author: incoming.author, published: incoming.published,
                                    contentHTML: incoming.contentHTML, text: incoming.text, firstSeen: now)
                    try post.insert(db)
                    changedIDs.append(post.id!)
                    counts.new += 1
                }
            }
            try SearchTerms.record(postIDs: changedIDs, in: db)
            return counts
        }
    }

    private static func feedID(for feed: Feed, in db: Database) throws -> Int64 {
        let found: Feed?
        if let url = feed.url {
            found = try Feed.filter(Column("url") == url).fetchOne(db)
        } else {
            found = try Feed.filter(Column("url") == nil && Column("title") == feed.title).fetchOne(db)
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

    public func setStarred(_ isStarred: Bool, postID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE post SET isStarred = ? WHERE id = ?", arguments: [isStarred, postID])
        }
    }

    public func deletePost(id: Int64) throws {
        _ = try writer.write { db in try Post.deleteOne(db, key: id) }
    }
}

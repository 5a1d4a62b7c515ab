import Foundation
import GRDB
import NewsModel

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

    /// The id of the stored feed `feed` names, inserted when there is none;
    /// its title and site are brought up to date.
    static func feedID(for feed: Feed, in db: Database) throws -> Int64 {
        if var found = try existingFeed(for: feed, in: db) ?? adoptedFeed(for: feed, in: db) {
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

    /// The stored feed `feed` names: a subscription by its URL, else a feed
    /// by where its posts came from (`source`). Only a feed given neither
    /// (the sample, posts saved through this API) is known by its title.
    static func existingFeed(for feed: Feed, in db: Database) throws -> Feed? {
        if let url = feed.url {
            return try Feed.filter(Feed.Columns.url == url).fetchOne(db)
        }
        if let source = feed.source {
            return try Feed.filter(Feed.Columns.source == source).fetchOne(db)
        }
        // A server's feed is the sync's alone: a file titled like it gets a feed of its own.
        return try Feed.fetchOne(db, sql: """
            SELECT * FROM feed WHERE url IS NULL AND source IS NULL AND title = ?
              AND id NOT IN (SELECT feedId FROM sync_feed) ORDER BY id
            """, arguments: [feed.title])
    }

    /// A feed imported before sources were recorded, taken over by a source
    /// seen for the first time: only when both its title and its site
    /// (`link`) are the document's, so another site's "News" is not merged
    /// into it. It keeps the source from then on.
    private static func adoptedFeed(for feed: Feed, in db: Database) throws -> Feed? {
        guard feed.url == nil, let source = feed.source,
              var legacy = try Feed.fetchOne(db, sql: """
                  SELECT * FROM feed WHERE url IS NULL AND source IS NULL AND title = ? AND link IS ?
                    AND id NOT IN (SELECT feedId FROM sync_feed) ORDER BY id
                  """, arguments: [feed.title, feed.link]) else { return nil }
        legacy.source = source
        try legacy.update(db)
        return legacy
    }

    /// Sets one post's read flag; a post that is no longer in the store
    /// (purged meanwhile by another process) is reported as not found.
    public func setRead(_ isRead: Bool, postID: Int64) throws {
        try setFlag(Post.Columns.isRead.set(to: isRead), postID: postID)
    }

    public func setStarred(_ isStarred: Bool, postID: Int64) throws {
        try setFlag(Post.Columns.isStarred.set(to: isStarred), postID: postID)
    }

    private func setFlag(_ assignment: ColumnAssignment, postID: Int64) throws {
        try writer.write { db in
            if try Post.filter(key: postID).updateAll(db, assignment) == 0 {
                throw StoreError.notFound(what: "post \(postID)")
            }
        }
    }

    /// Marks the unread posts of `filter` read, in one statement, and returns
    /// the ids it changed (for undo). `newestID` is the newest post the list
    /// counted (see `listCount(_:)`): posts stored after it, by another
    /// process meanwhile, were not in the list and stay as they are.
    public func markAllRead(_ filter: PostFilter, upTo newestID: Int64) throws -> [Int64] {
        try writer.write { db in
            try Self.markRead(Post.all().filter(filter).filter(Post.Columns.id <= newestID), in: db)
        }
    }

    /// Marks the unread posts among `ids` read, in one statement; returns the ids it changed.
    public func markRead(ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        return try writer.write { db in
            try Self.markRead(Post.all().filter(postIDs: ids), in: db)
        }
    }

    /// `UPDATE post SET isRead = 1 WHERE isRead = 0 AND … RETURNING id`: the unread posts of `posts` read.
    private static func markRead(_ posts: QueryInterfaceRequest<Post>, in db: Database) throws -> [Int64] {
        let statement = try posts.unread().updateAndFetchStatement(db, [Post.Columns.isRead.set(to: true)],
                                                                    selection: [Post.Columns.id])
        return try Int64.fetchAll(statement)
    }

    /// Sets the read flag of `ids` in one statement.
    public func setRead(_ isRead: Bool, postIDs: [Int64]) throws {
        guard !postIDs.isEmpty else { return }
        try writer.write { db in
            _ = try Post.all().filter(postIDs: postIDs).updateAll(db, Post.Columns.isRead.set(to: isRead))
        }
    }

    public func deletePost(id: Int64) throws {
        try writer.write { db in
            let texts = try Row.fetchOne(db, sql: """
                SELECT title, newsreader_body_text(body) FROM post JOIN post_body USING (id) WHERE id = ?
                """, arguments: [id]).map { [$0[0] as String, $0[1] as String? ?? ""] } ?? []
            try db.execute(sql: "DELETE FROM post WHERE id = ?", arguments: [id])
            try SearchTerms.prune(SearchTerms.terms(in: texts, db: db), in: db)
        }
    }
}

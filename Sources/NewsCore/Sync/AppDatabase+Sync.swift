import Foundation
import GRDB
import NewsModel

/// The store's side of syncing with a feed server: which local feed and post
/// stand for which of the server's, the state the server last reported, and
/// where an interrupted sync stopped. Every write is one transaction.
///
/// The outbox is not a queue of events but a difference: each synced post
/// keeps the read and starred flags the server last reported beside its own.
/// A post whose flags differ from them holds a change to push; any way of
/// marking a post (the reader, `mark`, marking a month read) fills it, it
/// survives crashes and offline days with the post itself, and marking a post
/// back before a sync leaves nothing to push.
extension AppDatabase {
    static func createSyncTables(_ db: Database) throws {
        try db.execute(sql: """
            -- Which server and account the store syncs with, and where the last sync stopped.
            CREATE TABLE sync_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            -- A feed of the server: the local feed row it fills (whose url stays NULL:
            -- refresh never fetches it itself), its id, address and category there,
            -- and whether the server still lists it.
            CREATE TABLE sync_feed (
                feedId INTEGER PRIMARY KEY NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                remoteID TEXT NOT NULL UNIQUE,
                url TEXT,
                category TEXT,
                subscribed BOOLEAN NOT NULL DEFAULT 1
            );
            -- An article of the server: the post it became, its id there (what it is
            -- known by, whatever its guid), and the read and starred state the server
            -- reported last.
            CREATE TABLE sync_post (
                postId INTEGER PRIMARY KEY NOT NULL REFERENCES post(id) ON DELETE CASCADE,
                remoteID INTEGER NOT NULL UNIQUE,
                serverRead BOOLEAN NOT NULL,
                serverStarred BOOLEAN NOT NULL
            );
            -- Local changes the server has not heard of: 1 or 0 to push, NULL for nothing.
            CREATE VIEW sync_outbox (remoteID, postId, read, starred) AS
                SELECT sync_post.remoteID, post.id,
                       CASE WHEN post.isRead != sync_post.serverRead THEN post.isRead END,
                       CASE WHEN post.isStarred != sync_post.serverStarred THEN post.isStarred END
                FROM sync_post JOIN post ON post.id = sync_post.postId
                WHERE post.isRead != sync_post.serverRead OR post.isStarred != sync_post.serverStarred;
            """)
    }

    // MARK: - Sync state

    /// A value the sync keeps between runs (the account, the article cursor, …).
    public func syncValue(_ key: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM sync_state WHERE key = ?", arguments: [key]) }
    }

    public func setSyncValue(_ value: String?, for key: String) throws {
        try writer.write { db in try Self.setSyncValue(value, for: key, in: db) }
    }

    static func setSyncValue(_ value: String?, for key: String, in db: Database) throws {
        if let value {
            try db.execute(sql: "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM sync_state WHERE key = ?", arguments: [key])
        }
    }

    /// True when any feed or post came from a server.
    public func hasSyncedData() throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_feed) OR EXISTS (SELECT 1 FROM sync_post)") ?? false
        }
    }

    // MARK: - Feeds

    /// Makes the store's synced feeds the server's `feeds`, with its titles:
    /// new ones get a feed row, renamed ones follow, and ones the server no
    /// longer lists stay in the archive with their posts, no longer subscribed.
    /// - Returns: how many feeds were added and how many left.
    @discardableResult
    public func replaceSyncedFeeds(_ feeds: [RemoteFeed]) throws -> (added: Int, removed: Int) {
        try writer.write { db in
            var added = 0
            for remote in feeds {
                if try Self.syncedFeedID(remote.id, in: db) == nil { added += 1 }
                _ = try Self.storeSyncedFeed(remote, subscribed: true, in: db)
            }
            let listed = feeds.map(\.id)
            try db.execute(sql: """
                UPDATE sync_feed SET subscribed = 0
                WHERE subscribed = 1 AND remoteID NOT IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonArray(listed)])
            return (added, db.changesCount)
        }
    }

    /// The local feed of a server feed, created or brought up to date.
    static func storeSyncedFeed(_ remote: RemoteFeed, subscribed: Bool, in db: Database) throws -> Int64 {
        if let feedID = try syncedFeedID(remote.id, in: db) {
            try db.execute(sql: "UPDATE feed SET title = ?, link = COALESCE(?, link) WHERE id = ?",
                           arguments: [remote.title, remote.site, feedID])
            try db.execute(sql: """
                UPDATE sync_feed SET url = COALESCE(?, url), category = ?, subscribed = ? WHERE feedId = ?
                """, arguments: [remote.url, remote.category, subscribed, feedID])
            return feedID
        }
        var feed = Feed(url: nil, title: remote.title, link: remote.site)
        try feed.insert(db)
        try db.execute(sql: "INSERT INTO sync_feed (feedId, remoteID, url, category, subscribed) VALUES (?, ?, ?, ?, ?)",
                       arguments: [feed.id, remote.id, remote.url, remote.category, subscribed])
        return feed.id!
    }

    static func syncedFeedID(_ remoteID: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT feedId FROM sync_feed WHERE remoteID = ?", arguments: [remoteID])
    }

    /// The server feeds the store knows, subscribed ones only unless `all`.
    public func syncedFeeds(all: Bool = false) throws -> [SyncedFeed] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sync_feed.feedId, remoteID, feed.title, sync_feed.url, category, subscribed FROM sync_feed
                JOIN feed ON feed.id = sync_feed.feedId
                WHERE subscribed = 1 OR ? ORDER BY feed.title COLLATE NOCASE, feed.id
                """, arguments: [all]).map {
                SyncedFeed(feedID: $0["feedId"], remoteID: $0["remoteID"], title: $0["title"], url: $0["url"],
                           category: $0["category"], subscribed: $0["subscribed"])
            }
        }
    }

    /// The server feed a local feed stands for, if it is one.
    public func syncedFeed(feedID: Int64) throws -> SyncedFeed? {
        try syncedFeeds(all: true).first { $0.feedID == feedID }
    }

    /// After the server dropped a feed on our request: it stays in the archive, no longer subscribed.
    public func markSyncedFeedUnsubscribed(feedID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE sync_feed SET subscribed = 0 WHERE feedId = ?", arguments: [feedID])
        }
    }

    // MARK: - Articles

    /// Writes one page of the server's articles in one transaction, together
    /// with `progress` (where the sync goes on from), so an interrupted sync
    /// keeps every page it wrote and knows where to resume. An article already
    /// stored (same server id) is updated in place; its read and starred
    /// flags follow the server's unless they hold a change not yet pushed.
    @discardableResult
    public func writeSyncedArticles(_ articles: [RemoteArticle], progress: (key: String, value: String)? = nil,
                                    now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> SyncedArticleCounts {
        try writer.write { db in
            var postWriter = try SyncedPostWriter(db: db, now: now)
            for article in articles {
                try postWriter.save(article)
            }
            try postWriter.finish()
            if let progress { try Self.setSyncValue(progress.value, for: progress.key, in: db) }
            return postWriter.counts
        }
    }

    /// Of `ids`, those the store does not hold.
    public func unknownArticleIDs(_ ids: some Collection<Int64>) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        return try writer.read { db in
            let known = try Set(Int64.fetchAll(db, sql: """
                SELECT remoteID FROM sync_post WHERE remoteID IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonArray(ids)]))
            return ids.filter { !known.contains($0) }.sorted()
        }
    }

    /// The largest server article id the store holds.
    public func largestSyncedArticleID() throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(remoteID) FROM sync_post") }
    }

    /// The local post id of a server article.
    public func postID(forArticle remoteID: Int64) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT postId FROM sync_post WHERE remoteID = ?", arguments: [remoteID])
        }
    }

    // MARK: - Read and starred state

    /// The outbox: changes to push, by server article id.
    public func pendingChanges() throws -> PendingChanges {
        try writer.read { db in
            var changes = PendingChanges()
            let rows = try Row.fetchCursor(db, sql: "SELECT remoteID, read, starred FROM sync_outbox ORDER BY remoteID")
            while let row = try rows.next() {
                let id: Int64 = row["remoteID"]
                switch row["read"] as Bool? {
                case true?: changes.markRead.append(id)
                case false?: changes.markUnread.append(id)
                case nil: break
                }
                switch row["starred"] as Bool? {
                case true?: changes.star.append(id)
                case false?: changes.unstar.append(id)
                case nil: break
                }
            }
            return changes
        }
    }

    /// The server now holds `ids` read (or unread): what was pushed leaves the outbox.
    public func recordPushed(read: Bool, ids: [Int64]) throws {
        try recordServerFlag("serverRead", read, ids: ids)
    }

    /// The server now holds `ids` starred (or not).
    public func recordPushed(starred: Bool, ids: [Int64]) throws {
        try recordServerFlag("serverStarred", starred, ids: ids)
    }

    private func recordServerFlag(_ column: String, _ value: Bool, ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in
            try db.execute(sql: "UPDATE sync_post SET \(column) = ? WHERE remoteID IN (SELECT value FROM json_each(?))",
                           arguments: [value, Self.jsonArray(ids)])
        }
    }

    /// Unread articles per server feed, as the server last reported them.
    public func serverUnreadCounts() throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT sync_feed.remoteID, COUNT(*) AS count FROM sync_post
                JOIN post ON post.id = sync_post.postId
                JOIN sync_feed ON sync_feed.feedId = post.feedId
                WHERE sync_post.serverRead = 0 GROUP BY sync_feed.remoteID
                """)
            while let row = try rows.next() { counts[row["remoteID"]] = row["count"] }
            return counts
        }
    }

    /// Of `ids`, those the server last reported unread.
    public func serverUnread(among ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try writer.read { db in
            try Set(Int64.fetchAll(db, sql: """
                SELECT remoteID FROM sync_post WHERE serverRead = 0 AND remoteID IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonArray(ids)]))
        }
    }

    /// Brings the server's read and starred state down in one transaction.
    /// A post's flag follows the server's unless it holds a change not yet
    /// pushed (a local change wins over the server's older state); either
    /// way the server's value is recorded.
    /// - Returns: how many flags of posts changed.
    @discardableResult
    public func applyServerState(_ state: RemoteState) throws -> Int {
        try writer.write { db in
            var changes = 0
            func apply(_ flag: SyncedFlag, value: String, scope: String, _ arguments: StatementArguments) throws {
                changes += try flag.apply(value: value, scope: scope, arguments: arguments, in: db)
            }
            let member = "sync_post.remoteID IN (SELECT value FROM json_each(?))"
            for (feed, unread) in state.exactUnread {
                guard let feedID = try Self.syncedFeedID(feed, in: db) else { continue }
                let ids = Self.jsonArray(unread)
                try apply(.read, value: "NOT (\(member))", scope: "post.feedId = ?", [ids, feedID])
            }
            if let starred = state.exactStarred {
                try apply(.starred, value: member, scope: "1", [Self.jsonArray(starred)])
            }
            for (flag, value, ids) in [(SyncedFlag.read, "1", state.read), (.read, "0", state.unread),
                                       (.starred, "1", state.starred), (.starred, "0", state.unstarred)] where !ids.isEmpty {
                try apply(flag, value: value, scope: member, [Self.jsonArray(ids)])
            }
            return changes
        }
    }

    /// A JSON array of `values`, for `json_each`: any number of ids in one argument.
    static func jsonArray<Value: Encodable>(_ values: some Collection<Value>) -> String {
        String(decoding: (try? JSONEncoder().encode(Array(values))) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// A post flag that syncs, with the column keeping the server's value of it.
enum SyncedFlag {
    case read, starred

    var column: String { self == .read ? "isRead" : "isStarred" }
    var serverColumn: String { self == .read ? "serverRead" : "serverStarred" }

    /// Sets the server's value (`value`, an SQL expression over `sync_post`)
    /// for the synced posts of `scope` (a condition over `post` and
    /// `sync_post`); posts without a pending change of this flag take it too.
    /// `arguments` are those of `value` then `scope`, and are bound twice.
    /// - Returns: how many posts changed.
    func apply(value: String, scope: String, arguments: StatementArguments, in db: Database) throws -> Int {
        try db.execute(sql: """
            UPDATE post SET \(column) = change.value
            FROM (SELECT sync_post.postId AS id, \(value) AS value, sync_post.\(serverColumn) AS server
                  FROM sync_post JOIN post ON post.id = sync_post.postId WHERE \(scope)) AS change
            WHERE post.id = change.id AND post.\(column) = change.server AND post.\(column) != change.value
            """, arguments: arguments)
        let changed = db.changesCount
        try db.execute(sql: """
            UPDATE sync_post SET \(serverColumn) = change.value
            FROM (SELECT sync_post.postId AS id, \(value) AS value
                  FROM sync_post JOIN post ON post.id = sync_post.postId WHERE \(scope)) AS change
            WHERE sync_post.postId = change.id AND sync_post.\(serverColumn) != change.value
            """, arguments: arguments)
        return changed
    }
}

/// Writes pages of synced articles inside one transaction: each article is
/// found by its server id, inserted or updated, indexed for search.
struct SyncedPostWriter {
    let db: Database
    let now: Int64
    var counts = SyncedArticleCounts()
    private var indexer: PostIndexer
    private let deflater = Deflater()
    /// Local feed ids by server feed id.
    private var feedIDs: [String: Int64] = [:]
    private let select: Statement
    private let insertPost: Statement
    private let insertLink: Statement
    private let updatePost: Statement
    private let updateFlags: Statement
    private let updateServerFlags: Statement

    init(db: Database, now: Int64) throws {
        self.db = db
        self.now = now
        indexer = try PostIndexer(db: db)
        let rows = try Row.fetchAll(db, sql: "SELECT remoteID, feedId FROM sync_feed")
        for row in rows { feedIDs[row["remoteID"]] = row["feedId"] }
        select = try db.cachedStatement(sql: """
            SELECT post.id, post.feedId, post.title, post.link, post.author, post.published,
                   post_body.body, post.isRead, post.isStarred,
                   sync_post.serverRead, sync_post.serverStarred
            FROM sync_post JOIN post ON post.id = sync_post.postId JOIN post_body ON post_body.id = post.id
            WHERE sync_post.remoteID = ?
            """)
        insertPost = try db.cachedStatement(sql: """
            INSERT INTO post (feedId, guid, title, link, author, published, month, baseURL,
                              isRead, isStarred, firstSeen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertLink = try db.cachedStatement(sql: """
            INSERT INTO sync_post (postId, remoteID, serverRead, serverStarred) VALUES (?, ?, ?, ?)
            """)
        updatePost = try db.cachedStatement(sql: """
            UPDATE post SET feedId = ?, title = ?, link = ?, author = ?, published = ?, month = ?,
                   baseURL = ? WHERE id = ?
            """)
        updateFlags = try db.cachedStatement(sql: "UPDATE post SET isRead = ?, isStarred = ? WHERE id = ?")
        updateServerFlags = try db.cachedStatement(sql: """
            UPDATE sync_post SET serverRead = ?, serverStarred = ? WHERE postId = ?
            """)
    }

    mutating func save(_ article: RemoteArticle) throws {
        let feedID = try localFeedID(of: article)
        let incoming = article.post
        let month = incoming.published.map { UTCDate(seconds: $0).monthKey }
        guard let row = try Row.fetchOne(select, arguments: [article.id]) else {
            try insertPost.execute(arguments: [feedID, "sync:\(article.id)", incoming.title, incoming.link, incoming.author,
                                               incoming.published, month, incoming.baseURL,
                                               article.isRead, article.isStarred, now])
            let postID = db.lastInsertedRowID
            try insertLink.execute(arguments: [postID, article.id, article.isRead, article.isStarred])
            try indexer.add(incoming, id: postID, body: storedBody(of: incoming))
            counts.new += 1
            return
        }
        let postID: Int64 = row["id"]
        let old = StoredBody.parts(row["body"]) ?? ("", "")
        let same = row["feedId"] == feedID && row["title"] == incoming.title && row["link"] == incoming.link
            && row["author"] == incoming.author && row["published"] == incoming.published
            && old.html == incoming.contentHTML
        if !same {
            try updatePost.execute(arguments: [feedID, incoming.title, incoming.link, incoming.author, incoming.published,
                                               month, incoming.baseURL, postID])
            try indexer.replace(id: postID, oldTitle: row["title"], oldText: old.text, with: incoming,
                                body: storedBody(of: incoming))
            counts.updated += 1
        }
        // A flag still equal to what the server said last has no local change: it follows the server.
        let isRead: Bool = row["isRead"], isStarred: Bool = row["isStarred"]
        let newRead = isRead == row["serverRead"] ? article.isRead : isRead
        let newStarred = isStarred == row["serverStarred"] ? article.isStarred : isStarred
        if newRead != isRead || newStarred != isStarred {
            try updateFlags.execute(arguments: [newRead, newStarred, postID])
            counts.stateChanges += 1
        }
        if row["serverRead"] != article.isRead || row["serverStarred"] != article.isStarred {
            try updateServerFlags.execute(arguments: [article.isRead, article.isStarred, postID])
        }
    }

    private func storedBody(of incoming: IncomingPost) -> DatabaseValue {
        StoredBody.value(html: incoming.contentHTML, body: incoming.body, using: deflater)
    }

    /// The local feed an article goes to; a server feed not listed (yet) gets
    /// one under the title the article came with.
    private mutating func localFeedID(of article: RemoteArticle) throws -> Int64 {
        if let feedID = feedIDs[article.feedID] { return feedID }
        let title = article.feedTitle.flatMap { $0.isEmpty ? nil : $0 } ?? "Feed \(article.feedID)"
        let feedID = try AppDatabase.storeSyncedFeed(RemoteFeed(id: article.feedID, title: title), subscribed: false, in: db)
        feedIDs[article.feedID] = feedID
        return feedID
    }

    func finish() throws {
        try indexer.finish()
    }
}

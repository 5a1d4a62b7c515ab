import Foundation
import GRDB
import NewsModel
import Testing
@testable import NewsCore

/// The store's side of syncing: articles known by the server's id, the
/// outbox as the difference between a post's flags and the server's, state
/// coming down without overriding a change not yet pushed.
@Suite("Sync tables of the store")
struct SyncStoreTests {
    static func article(_ id: Int64, feed: String = "1", title: String? = nil, read: Bool = false, starred: Bool = false,
                        body: String = "<p>Om hållbar upphandling</p>") -> RemoteArticle {
        RemoteArticle(id: id, feedID: feed, feedTitle: "Flöde \(feed)",
                      post: IncomingPost(guid: "", title: title ?? "Artikel \(id)", link: "https://example.org/\(id)",
                                         published: 1_639_472_400 + id, contentHTML: body),
                      isRead: read, isStarred: starred)
    }

    static func synced() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.replaceSyncedFeeds([RemoteFeed(id: "1", title: "Första", url: "https://a.example/feed", category: "Nyheter"),
                                          RemoteFeed(id: "2", title: "Andra")])
        try database.writeSyncedArticles((1...6).map { article($0, feed: $0 <= 3 ? "1" : "2") })
        return database
    }

    func flags(_ database: AppDatabase) throws -> [Int64: (read: Bool, starred: Bool)] {
        try database.writer.read { db in
            var flags: [Int64: (Bool, Bool)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT remoteID, isRead, isStarred FROM post JOIN sync_post ON postId = post.id") {
                flags[row["remoteID"]] = (row["isRead"], row["isStarred"])
            }
            return flags
        }
    }

    @Test("an article is stored once by its server id: again, it updates in place and keeps nothing twice")
    func identityByServerID() throws {
        let database = try Self.synced()
        #expect(try database.postCount() == 6)
        let counts = try database.writeSyncedArticles([Self.article(2, title: "Ny rubrik"), Self.article(3), Self.article(7)])
        #expect(counts == SyncedArticleCounts(new: 1, updated: 1, stateChanges: 0))
        #expect(try database.postCount() == 7)
        #expect(try database.search(SearchQuery("rubrik")).map(\.title) == ["Ny rubrik"])
        #expect(try database.search(SearchQuery("Artikel")).count == 6)
        // A server feed not listed (tt-rss's archive) gets a feed of its own, not subscribed.
        try database.writeSyncedArticles([Self.article(8, feed: "0")])
        #expect(try database.syncedFeeds().map(\.title) == ["Andra", "Första"])
        #expect(try database.syncedFeeds(all: true).count == 3)
        #expect(try database.unknownArticleIDs([1, 8, 9, 10]) == [9, 10])
        #expect(try database.largestSyncedArticleID() == 8)
    }

    @Test("the server's feeds: titles follow, removed ones stay in the archive unsubscribed, files never join them")
    func feeds() throws {
        let database = try Self.synced()
        let (added, removed) = try database.replaceSyncedFeeds([RemoteFeed(id: "1", title: "Första (nytt namn)"),
                                                                RemoteFeed(id: "3", title: "Tredje")])
        #expect(added == 1 && removed == 1)
        #expect(try database.syncedFeeds().map(\.title) == ["Första (nytt namn)", "Tredje"])
        #expect(try database.postCount() == 6)
        // An imported file titled like a server feed gets a feed of its own.
        try database.save(feed: Feed(title: "Andra"), posts: [IncomingPost(guid: "x", title: "Från en fil", contentHTML: "")])
        let andra = try database.feeds().filter { $0.title == "Andra" }
        #expect(andra.count == 2)
    }

    @Test("the outbox is what differs from the server's last word; marking back leaves nothing")
    func outbox() throws {
        let database = try Self.synced()
        let post1 = try #require(try database.postID(forArticle: 1))
        let post2 = try #require(try database.postID(forArticle: 2))
        let post4 = try #require(try database.postID(forArticle: 4))
        _ = try database.mark([.read], ids: [post1, post2])
        _ = try database.mark([.star], ids: [post4])
        _ = try database.mark([.unread], ids: [post2])
        #expect(try database.pendingChanges() == PendingChanges(markRead: [1], star: [4]))
        try database.recordPushed(read: true, ids: [1])
        #expect(try database.pendingChanges() == PendingChanges(star: [4]))
        // Any way of marking fills it: a whole selection at once.
        let changed = try database.mark([.read], selection: PostSelection(feedID: try database.syncedFeeds()[0].feedID))
        #expect(changed[.read] == 3)
        #expect(try database.pendingChanges().markRead == [4, 5, 6])
    }

    @Test("the server's state comes down, but a change not yet pushed wins")
    func stateComesDown() throws {
        let database = try Self.synced()
        _ = try database.mark([.star], ids: [try #require(try database.postID(forArticle: 3))])
        var state = RemoteState()
        state.exactUnread = ["1": [2], "2": [4, 5, 6]]
        state.exactStarred = [5]
        state.unread = [4]
        #expect(try database.applyServerState(state) == 3)
        let flags = try flags(database)
        #expect(flags[1]! == (true, false) && flags[2]! == (false, false) && flags[3]! == (true, true))
        #expect(flags[5]! == (false, true) && flags[4]! == (false, false))
        // 3's star is still to push; the server's read of 3 came down (no local change of it).
        #expect(try database.pendingChanges() == PendingChanges(star: [3]))
        #expect(try database.serverUnreadCounts() == ["1": 1, "2": 3])
        #expect(try database.serverUnread(among: [1, 2, 4]) == [2, 4])

        // A page bringing an article again follows the same rule.
        let counts = try database.writeSyncedArticles([Self.article(3, read: false, starred: false),
                                                       Self.article(6, read: true, starred: true)])
        #expect(counts.stateChanges == 2)
        let after = try self.flags(database)
        #expect(after[3]! == (false, true) && after[6]! == (true, true))
    }

    @Test("a page and its position are written together")
    func pageWithPosition() throws {
        let database = try Self.synced()
        try database.writeSyncedArticles([Self.article(9)], progress: ("articles", "since=0 skip=200 max=9"))
        #expect(try database.syncValue("articles") == "since=0 skip=200 max=9")
        try database.setSyncValue(nil, for: "articles")
        #expect(try database.syncValue("articles") == nil)
        #expect(try database.hasSyncedData())
    }
}

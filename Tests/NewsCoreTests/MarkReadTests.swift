import Foundation
import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// Issue 11: `A` marked 30,010 posts read when the list showed 3,009
/// (another process had imported meanwhile); `r` and `s` on a purged post
/// reported success. The store marks exactly what a list counted.
@Suite("Marking exactly what the list held")
struct MarkReadTests {
    static func posts(_ prefix: String, count: Int, month: String = "2021-12") -> [IncomingPost] {
        (0..<count).map { IncomingPost(FixturePost("\(prefix)\($0)", "\(prefix) \($0)", Fixtures.seconds("\(month)-14"))) }
    }

    func unread(_ database: AppDatabase) throws -> Int {
        try database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post WHERE isRead = 0")! }
    }

    @Test("posts stored after the list was counted stay unread")
    func boundedByTheCount() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: Self.posts("first", count: 30))
        let listed = try database.listCount(.month("2021-12"))
        #expect(listed.total == 30)
        // Another process imports meanwhile, into the same month.
        try database.save(feed: Feed(title: "other", source: "/other.xml"), posts: Self.posts("later", count: 300))
        let marked = try database.markAllRead(.month("2021-12"), upTo: listed.newestID)
        #expect(marked.count == 30)
        #expect(try unread(database) == 300)
        // Undo restores exactly those.
        try database.setRead(false, postIDs: marked)
        #expect(try unread(database) == 330)
    }

    @Test("only the filter's unread posts are marked, and returned for undo")
    func filterAndUnread() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: Self.posts("dec", count: 5) + Self.posts("jan", count: 4, month: "2022-01"))
        let decIDs = try database.posts(.month("2021-12"), limit: 10).map(\.id)
        try database.setRead(true, postID: decIDs[0])
        let count = try database.listCount(.month("2021-12"))
        let marked = try database.markAllRead(.month("2021-12"), upTo: count.newestID)
        #expect(Set(marked) == Set(decIDs.dropFirst()))
        #expect(try unread(database) == 4)
    }

    @Test("search results are marked by their ids, in one statement")
    func searchResults() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: Self.posts("p", count: 10))
        let ids = try database.posts(limit: 10).map(\.id)
        let marked = try database.markRead(ids: Array(ids.prefix(4)) + [999_999])
        #expect(Set(marked) == Set(ids.prefix(4)))
        #expect(try database.markRead(ids: Array(ids.prefix(4))).isEmpty, "already read")
        #expect(try unread(database) == 6)
    }

    @Test("read and starred on a post that is gone say so")
    func postGone() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: Self.posts("p", count: 1))
        let id = try database.posts(limit: 1)[0].id
        try database.setStarred(true, postID: id)
        try database.deletePost(id: id)
        #expect(throws: StoreError.notFound(what: "post \(id)")) { try database.setRead(true, postID: id) }
        #expect(throws: StoreError.notFound(what: "post \(id)")) { try database.setStarred(false, postID: id) }
    }
}

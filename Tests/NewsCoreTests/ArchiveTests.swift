import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

@Suite("Archive months and listings")
struct ArchiveTests {
    let posts = [
        IncomingPost(FixturePost("a", "Nyår", Fixtures.seconds("2022-01-01T00:00:00"))),
        IncomingPost(FixturePost("b", "Sista december", Fixtures.seconds("2021-12-31T23:59:59"))),
        IncomingPost(FixturePost("c", "Mitt i december", Fixtures.seconds("2021-12-14"))),
        IncomingPost(FixturePost("d", "Utan datum", nil)),
        IncomingPost(FixturePost("e", "November", Fixtures.seconds("2021-11-30"))),
        IncomingPost(FixturePost("f", "Tidig december", Fixtures.seconds("2021-12-01T00:00:00"))),
    ]

    @Test("months are UTC year-months, newest first, with counts; undated posts get their own bucket last")
    func months() throws {
        let database = try FixtureStore.inMemory(saving: posts)
        let months = try database.archiveMonths()
        #expect(months == [
            ArchiveMonth(month: "2022-01", count: 1),
            ArchiveMonth(month: "2021-12", count: 3),
            ArchiveMonth(month: "2021-11", count: 1),
            ArchiveMonth(month: nil, count: 1),
        ])
        #expect(months.map(\.label) == ["January 2022", "December 2021", "November 2021", "Undated"])
    }

    @Test("listings are newest first, undated last, and page with offset and limit")
    func listOrder() throws {
        let database = try FixtureStore.inMemory(saving: posts)
        #expect(try database.posts(limit: 10).map(\.title)
                == ["Nyår", "Sista december", "Mitt i december", "Tidig december", "November", "Utan datum"])
        #expect(try database.posts(.month("2021-12"), limit: 10).map(\.title)
                == ["Sista december", "Mitt i december", "Tidig december"])
        #expect(try database.posts(.month("2021-12"), offset: 1, limit: 1).map(\.title) == ["Mitt i december"])
        #expect(try database.posts(.month(nil), limit: 10).map(\.title) == ["Utan datum"])
        #expect(try database.postCount(.month("2021-12")) == 3)
        #expect(try database.postCount() == 6)
    }

    @Test("listings read through the date indexes, not a full scan and sort")
    func listUsesIndex() throws {
        let database = try FixtureStore.inMemory(saving: posts)
        let plans = try database.writer.read { db in
            try ["SELECT id FROM post ORDER BY published DESC, id LIMIT 5",
                 "SELECT id FROM post WHERE month = '2021-12' ORDER BY published DESC, id LIMIT 5"].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: " | ")
            }
        }
        for plan in plans {
            #expect(!plan.contains("TEMP B-TREE"), "sorted without an index: \(plan)")
            #expect(plan.contains("USING") && plan.contains("INDEX"), "no index used: \(plan)")
        }
    }

    @Test("re-saving a feed adds nothing, updates changed posts and keeps read and starred flags")
    func upsertKeepsFlags() throws {
        let database = try FixtureStore.inMemory(saving: posts)
        let id = try database.posts(limit: 1)[0].id
        try database.setRead(true, postID: id)
        try database.setStarred(true, postID: id)
        var changed = posts
        changed[0].title = "Nyår (uppdaterad)"
        let counts = try database.save(feed: FixtureStore.feed, posts: changed)
        #expect(counts == ImportCounts(new: 0, updated: 1, unchanged: 5))
        let first = try database.posts(limit: 1)[0]
        #expect(first.id == id && first.title == "Nyår (uppdaterad)" && first.isRead && first.isStarred)
        #expect(try database.postCount() == 6)
    }

    @Test("an article carries its feed's title; a missing id is nil")
    func article() throws {
        let database = try FixtureStore.inMemory(saving: posts)
        let id = try database.posts(limit: 1)[0].id
        #expect(try database.article(id: id)?.feedTitle == Fixtures.feedTitle)
        #expect(try database.article(id: 9999) == nil)
    }
}

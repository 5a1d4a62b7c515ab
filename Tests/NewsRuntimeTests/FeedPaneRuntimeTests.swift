import Foundation
import NewsCore
import NewsModel
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import Testing

/// The feeds pane on a real store through the runtime: the months follow
/// the chosen feed and view, `.` finds the next unread post in the store
/// (past the rows in memory, into an older month), `E` reads the failing
/// feeds, and `S` keeps a search through the writer's queue.
@Suite struct FeedPaneRuntimeTests {
    let database: AppDatabase
    let granne: Int64

    init() throws {
        database = try FixtureStore.inMemory()
        try database.save(feed: Feed(url: "https://granne.example/feed", title: "Grannbloggen"), posts: [
            IncomingPost(guid: "g1", title: "Grannens nyhet", published: Fixtures.date(2022, 2, 5), contentHTML: "a"),
            IncomingPost(guid: "g2", title: "Grannens jul", published: Fixtures.date(2021, 12, 18), contentHTML: "b"),
        ], now: Fixtures.stored)
        granne = try #require(try database.feeds().first { $0.title == "Grannbloggen" }?.id)
        try database.recordFetch(feedID: granne, FetchRecord(time: Fixtures.date(2022, 3, 1), error: "HTTP 500"))
    }

    func program() -> ReaderProgram {
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24))
        program.start()
        return program
    }

    @Test("a feed chosen, then the unread view: the months count that feed's unread posts")
    func monthsFollowFeedAndView() throws {
        let program = program()
        program.press(.character("f"))
        #expect(program.state.archive.feeds.map(\.feed.title) == [Fixtures.feedTitle, "Grannbloggen"])
        #expect(program.state.archive.isFailing(at: 2))
        program.press(.character("G"))
        #expect(program.state.list.total == 2)
        program.press(.tab, .character("r"), .character("v"), .character("f"))
        // The counts read while `r` was on its way are read again once it is in.
        program.waitForWrites()
        #expect(program.state.chosen == PostFilter(view: .unread, feedID: granne))
        #expect(program.state.archive.months == [ArchiveMonth(month: "2022-02", count: 0), ArchiveMonth(month: "2021-12", count: 1)])
        #expect(program.state.list.total == 1)
    }

    @Test(". in a month with nothing unread left opens the next month's first unread post")
    func nextUnreadFromTheStore() throws {
        for post in try database.posts(.month("2022-02"), limit: 10) { try database.setRead(true, postID: post.id) }
        let program = program()
        program.press(.character("a"), .down, .tab)   // February 2022, all read
        #expect(program.state.chosen == .month("2022-02"))
        program.press(.character("."))
        program.waitForWrites()
        #expect(program.state.chosen == .month("2022-01"))
        #expect(program.state.article?.article.post.title == "東京の公共調達について")
        #expect(try database.listCount(PostFilter(view: .unread, months: .one("2022-01"))).total == 1)
    }

    @Test("E lists the failing feed with its error and time; S keeps the search")
    func errorsAndSavedSearch() throws {
        let program = program()
        program.press(.character("E"))
        #expect(program.state.failingFeeds?.feeds.map(\.feed.lastError) == ["HTTP 500"])
        #expect(program.state.failingFeeds?.feeds.first?.lastErrorAt == Fixtures.date(2022, 3, 1))
        program.press(.character("E"), .character("/"))
        program.type("upphandling")
        program.press(.enter)
        program.waitForSearches()
        program.press(.character("S"))
        program.type("Inköp")
        program.press(.enter)
        program.waitForWrites()
        #expect(program.state.message?.text == "Saved the search as \"Inköp\" (f lists it with the feeds)")
        #expect(try database.savedSearches().map(\.name) == ["Inköp"])
    }
}

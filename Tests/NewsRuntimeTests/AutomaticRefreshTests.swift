import Foundation
import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import Testing

/// `refresh-interval` and `refresh-on-start` in the runtime: a refresh starts
/// when the interval has passed since the last one started (on the injected
/// clock), never over a running one; it works quietly, its new posts appear
/// without moving the selection, and the status line says when it ran.
@Suite struct AutomaticRefreshTests {
    /// The refreshes started so far; each one's report function, to answer it.
    final class Refreshes: @unchecked Sendable {
        private let lock = NSLock()
        private var reports: [@Sendable (Action) -> Void] = []
        var count: Int { lock.withLock { reports.count } }
        func add(_ report: @escaping @Sendable (Action) -> Void) { lock.withLock { reports.append(report) } }
        func answer(_ action: Action) { lock.withLock { reports.last }?(action) }
    }

    func program(_ database: AppDatabase, settings: Settings, clock: ManualClock, refreshes: Refreshes) -> ReaderProgram {
        ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24), settings: settings,
                      runRefresh: { _, report in refreshes.add(report) }, clock: clock,
                      wallClock: { Fixtures.date(2022, 3, 1, hour: 8, minute: 15) })
    }

    @Test("every interval a quiet refresh; its posts appear, the selection stays; the status line says when")
    func refreshEveryInterval() throws {
        let database = try FixtureStore.inMemory()
        var settings = Settings()
        settings.refreshInterval = 1800
        let clock = ManualClock()
        let refreshes = Refreshes()
        let program = program(database, settings: settings, clock: clock, refreshes: refreshes)
        program.start()
        program.press(.down, .down)
        let selected = program.state.list.selectedPost?.title

        clock.advance(by: 1799)
        program.tick()
        program.drainBackground()
        #expect(refreshes.count == 0)
        clock.advance(by: 1)
        program.tick()
        program.drainBackground()
        #expect(refreshes.count == 1)
        #expect(program.state.isRefreshing)
        #expect(program.state.message == nil, "an automatic refresh starts quietly")
        #expect(program.screen[23].hasPrefix(" All posts  3/10  refreshed 08:15 UTC"), "\(program.screen[23])")

        // Progress says nothing; a second interval over a running refresh starts none.
        refreshes.answer(.refreshProgress(done: 1, total: 2))
        clock.advance(by: 1800)
        program.tick()
        program.drainBackground()
        #expect(refreshes.count == 1)
        #expect(program.state.message == nil)

        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(FixturePost("new", "Färsk nyhet", Fixtures.date(2022, 3, 1), "Ny text.")),
        ])
        refreshes.answer(.refreshFinished(newPosts: 1, failures: []))
        program.drainBackground()
        #expect(program.state.list.total == 11)
        #expect(program.state.list.selectedPost?.title == selected, "the selection moved off its post")
        #expect(program.state.message?.text == "Refresh: 1 new post")

        // The next one counts from when this one started; nothing new: nothing said.
        clock.advance(by: 1800)
        program.tick()
        program.drainBackground()
        #expect(refreshes.count == 2)
        refreshes.answer(.refreshFinished(newPosts: 0, failures: []))
        program.drainBackground()
        #expect(program.state.message?.text == "Refresh: 1 new post", "a quiet refresh that found nothing says nothing")
    }

    @Test("refresh-on-start refreshes once at start; without refresh-interval, no more")
    func refreshOnStart() throws {
        let database = try FixtureStore.inMemory()
        var settings = Settings()
        settings.refreshOnStart = true
        let clock = ManualClock()
        let refreshes = Refreshes()
        let program = program(database, settings: settings, clock: clock, refreshes: refreshes)
        program.start()
        #expect(refreshes.count == 1)
        refreshes.answer(.refreshFinished(newPosts: 0, failures: ["Bloggen: HTTP 404"]))
        program.drainBackground()
        #expect(program.state.message?.text == "Refresh: 0 new; failed: Bloggen: HTTP 404", "failures are said")
        clock.advance(by: 100_000)
        program.tick()
        program.drainBackground()
        #expect(refreshes.count == 1)
    }
}

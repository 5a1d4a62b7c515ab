import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import XCTest

/// `R`: a refresh runs in the background and reports through the program's
/// inbox; browsing goes on, and the list picks up what it brought.
final class BackgroundRefreshTests: XCTestCase {
    func testRefreshReportsProgressThenShowsTheNewPosts() throws {
        let database = try FixtureStore.inMemory()
        let reports = ReportQueue()
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    runRefresh: { _, report in reports.report = report })
        program.start()
        XCTAssertEqual(program.state.list.total, 10)
        program.press(.character("R"))
        XCTAssertTrue(program.state.isRefreshing)
        XCTAssertEqual(program.state.message?.text, "Refreshing feeds…")
        // A second R while the first runs starts nothing new.
        program.press(.character("R"))
        XCTAssertEqual(program.state.message?.text, "Already refreshing")

        // Browsing goes on while the refresh works.
        program.press(.down)
        XCTAssertEqual(program.state.list.selected, 1)

        // The refresh thread reports; nothing changes until the loop drains the inbox.
        reports.report?(.refreshProgress(done: 1, total: 2))
        XCTAssertNotEqual(program.state.message?.text, "Refreshing feeds: 1/2")
        XCTAssertTrue(program.drainBackground())
        XCTAssertEqual(program.state.message?.text, "Refreshing feeds: 1/2")

        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(FixturePost("new", "Färsk nyhet", Fixtures.date(2022, 3, 1), "Ny text.")),
        ])
        reports.report?(.refreshFinished(newPosts: 1, failures: []))
        XCTAssertTrue(program.drainBackground())
        XCTAssertFalse(program.state.isRefreshing)
        XCTAssertEqual(program.state.message?.text, "Refresh: 1 new post")
        XCTAssertEqual(program.state.list.total, 11)
        XCTAssertEqual(program.state.list.row(at: 0)?.title, "Färsk nyhet")
        XCTAssertEqual(program.state.archive.totalPosts, 11)
        XCTAssertFalse(program.drainBackground())
    }

    func testSwedishStatusLine() throws {
        let database = try FixtureStore.inMemory()
        let reports = ReportQueue()
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24), language: .swedish,
                                    runRefresh: { _, report in reports.report = report })
        program.start()
        program.press(.character("R"))
        XCTAssertEqual(program.state.message?.text, "Hämtar flöden…")
        reports.report?(.refreshFinished(newPosts: 2, failures: []))
        program.drainBackground()
        XCTAssertEqual(program.state.message?.text, "Hämtat: 2 nya inlägg")
    }

    func testFailuresAreShownAsAnError() throws {
        let database = try FixtureStore.inMemory()
        let reports = ReportQueue()
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    runRefresh: { _, report in reports.report = report })
        program.start()
        program.press(.character("R"))
        reports.report?(.refreshFinished(newPosts: 0, failures: ["Bloggen: HTTP 404", "Annan: timeout"]))
        program.drainBackground()
        XCTAssertEqual(program.state.message, StatusMessage("Refresh: 0 new; failed: Bloggen: HTTP 404 (and 1 more; E lists them)", isError: true))
        XCTAssertEqual(program.state.list.total, 10)
        // The help overlay lists the key.
        XCTAssertTrue(KeyMap.help(program.state).contains { $0.keys == "R" && $0.meaning.contains("refresh") })
    }
}

/// Holds the report callback the program hands its refresh runner.
/// (`@unchecked Sendable`: set on the test's thread before the refresh reports.)
private final class ReportQueue: @unchecked Sendable {
    var report: (@Sendable (Action) -> Void)?
}

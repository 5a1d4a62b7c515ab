import Foundation
import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import XCTest

/// Search as you type through `ReaderProgram`: the searches run on a thread
/// of their own, so keys are never held up by one; at most one runs, and
/// only the newest text waits behind it.
final class SearchInBackgroundTests: XCTestCase {
    func testKeysGoOnWhileASearchHangsAndOnlyTheNewestTextIsSearchedNext() throws {
        let database = try FixtureStore.inMemory()
        let gate = SearchGate(database)
        let woken = DispatchSemaphore(value: 0)
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    search: gate.search, wake: { woken.signal() })
        program.start()
        program.press(.character("/"))
        program.type("öl")
        XCTAssertTrue(gate.waitForFirstSearch(), "the search of \"öl\" never started")
        XCTAssertTrue(program.isSearching)

        // The search of "öl" hangs. Keys are handled at once all the same:
        // the search still hangs when they are done.
        program.type("fx")
        program.press(.backspace, .character("ö"))
        program.press(.left, .left)
        XCTAssertTrue(gate.isHanging, "keys waited for the search")
        XCTAssertEqual(program.state.prompt, TextInput(text: "ölfö", cursor: 2, maximumLength: TypeAhead.maximumLength))
        // And the screen follows them: the prompt as typed, the list as it was
        // (no results yet), and the note that a search is under way.
        assertWholeScreen(program, [
            " Archive                │ All posts",
            " All posts           10 │ N  2022-02-08  Hållbar upphandling i Göteborg",
            " February 2022 █▋     2 │ N  2022-02-01  “Citat” om återvinning och miljö",
            " January 2022  █▋     2 │ N  2022-01-25  東京の公共調達について",
            " December 2021 █████  6 │ N  2022-01-13  Emoji 🎉 fest för 🇸🇪 Sverige",
            "                        │ N  2021-12-20  Café och crème brûlée",
            "                        │ N  2021-12-16  En mycket lång rubrik som inte får pl…",
            "                        │ N  2021-12-14  Öppna data och ärlighet",
            "                        │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                        │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "/ölfö                                                                Searching…",
        ])
        XCTAssertEqual(program.render()[3, 23].role, .cursor) // on the "f"
        XCTAssertEqual(gate.queries, ["öl"], "nothing else started while \"öl\" runs")

        // Let "öl" finish: the only search after it is the newest text's.
        gate.release()
        XCTAssertEqual(woken.wait(timeout: .now() + 10), .success, "the loop was not woken")
        XCTAssertTrue(program.waitForSearches())
        XCTAssertEqual(gate.queries, ["öl", "ölfö"])
        XCTAssertFalse(program.isSearching)
        // Its results are on screen; those of "öl" (older) never were shown.
        XCTAssertEqual(program.state.list.total, 1)
        XCTAssertEqual(program.state.list.row(at: 0)?.title, "Ändrade regler för ölförsäljning")
        XCTAssertTrue(program.screen[23].hasSuffix(" 1 hit "), program.screen[23])
        XCTAssertEqual(program.state.searchGeneration, 5) // öl ölf ölfx ölf ölfö
    }

    func testTheResultsOfAStaleSearchNeverShow() throws {
        let database = try FixtureStore.inMemory()
        let gate = SearchGate(database)
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24), search: gate.search)
        program.start()
        program.press(.character("/"))
        program.type("öl")
        XCTAssertTrue(gate.waitForFirstSearch())
        // Emptied while "öl" runs: when "öl" ends, its results must not replace the list.
        program.press(.backspace, .backspace)
        gate.release()
        XCTAssertTrue(program.waitForSearches())
        XCTAssertEqual(gate.queries, ["öl"])
        XCTAssertEqual(program.state.list.source, .filter(.all))
        XCTAssertEqual(program.state.list.total, 10)
        XCTAssertFalse(program.screen[23].contains("hit"), program.screen[23])
    }

    func testKeysFasterThanTheDebounceAreSearchedOnce() throws {
        let database = try FixtureStore.inMemory()
        let gate = SearchGate(database, hangs: false)
        // Time moves only when the test says: every key comes within the debounce.
        let clock = ManualClock()
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    search: gate.search, searchDebounce: 0.03, clock: clock)
        program.start()
        program.press(.character("/"))
        program.type("hål")
        clock.advance(by: 0.02)
        program.type("lbar")
        XCTAssertTrue(program.isSearching, "a search waits")
        // 0.02 s after the last key: still within the debounce.
        clock.advance(by: 0.02)
        XCTAssertTrue(program.isSearching)
        XCTAssertEqual(gate.queries, [])
        clock.advance(by: 0.02)
        program.settle()
        XCTAssertEqual(gate.queries, ["hållbar"])
        XCTAssertEqual(program.state.list.total, 2)
    }

    func testTheStoreSearchReadsBesideTheMainThread() throws {
        // A store on disk, as the reader opens it: a DatabasePool, whose
        // readers do not wait for each other.
        let directory = try TemporaryDirectory("isearch")
        let database = try AppDatabase.open(StoreLocation(path: directory.file("s.sqlite"), origin: .option))
        try database.save(feed: FixtureStore.feed, posts: Fixtures.mixedPosts.map(IncomingPost.init))
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24))
        program.start()
        program.press(.character("/"))
        program.type("hållbar")
        program.settle()
        guard case let .search(results) = program.state.list.source else { return XCTFail("no results") }
        XCTAssertEqual(results.count, 2)
        XCTAssertEqual(program.state.list.row(at: 0)?.title, "Hållbar upphandling i Göteborg")
        program.press(.enter)
        XCTAssertTrue(program.screen[23].hasPrefix(" Search \"hållbar\": 2 hits  1/2"), program.screen[23])
    }
}

/// A search that records every query it is asked and (with `hangs`) hangs on
/// its first call until the test releases it (or 10 s pass, so a broken
/// program fails the test instead of hanging it).
/// (`@unchecked Sendable`: its flags and queries change under `lock`.)
final class SearchGate: @unchecked Sendable {
    private let database: AppDatabase
    private let lock = NSLock()
    private var asked: [String] = []
    private let started = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let hangs: Bool
    private var hasStarted = false
    private var isReleased = false

    init(_ database: AppDatabase, hangs: Bool = true) {
        self.database = database
        self.hangs = hangs
    }

    var queries: [String] {
        lock.lock()
        defer { lock.unlock() }
        return asked
    }

    var search: ReaderProgram.SearchFunction {
        { [self] query in
            lock.lock()
            asked.append(query.text)
            let isFirst = asked.count == 1
            lock.unlock()
            if isFirst && hangs {
                lock.lock()
                hasStarted = true
                lock.unlock()
                started.signal()
                _ = released.wait(timeout: .now() + 10)
                lock.lock()
                isReleased = true // released, or given up after 10 s
                lock.unlock()
            }
            return try ReaderProgram.storeSearch(database)(query)
        }
    }

    func waitForFirstSearch() -> Bool {
        started.wait(timeout: .now() + 10) == .success
    }

    /// True while the first search hangs (started, not released).
    var isHanging: Bool {
        lock.lock()
        defer { lock.unlock() }
        return hasStarted && !isReleased
    }

    func release() {
        lock.lock()
        isReleased = true
        lock.unlock()
        released.signal()
    }
}

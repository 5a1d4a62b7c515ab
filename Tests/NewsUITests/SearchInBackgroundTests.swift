import Foundation
import NewsCore
import NewsUI
import XCTest

/// Search as you type through `ReaderProgram`: the searches run on a thread
/// of their own, so keys are never held up by one; at most one runs, and
/// only the newest text waits behind it.
final class SearchInBackgroundTests: XCTestCase {
    func testKeysGoOnWhileASearchHangsAndOnlyTheNewestTextIsSearchedNext() throws {
        let database = try ReaderFixtures.mixedStore()
        let gate = SearchGate(database)
        let woken = DispatchSemaphore(value: 0)
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    search: gate.search, wake: { woken.signal() })
        program.start()
        program.press(.character("/"))
        program.type("öl")
        XCTAssertTrue(gate.waitForFirstSearch(), "the search of \"öl\" never started")
        XCTAssertTrue(program.isSearching)

        // The search of "öl" hangs. Keys are handled at once all the same.
        let started = Date()
        program.type("fx")
        program.press(.backspace, .character("ö"))
        program.press(.left, .left)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "keys waited for the search")
        XCTAssertEqual(program.state.prompt, SearchPrompt(text: "ölfö", cursor: 2))
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
        let database = try ReaderFixtures.mixedStore()
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
        let database = try ReaderFixtures.mixedStore()
        let gate = SearchGate(database, hangs: false)
        // A long debounce, so that a slow machine cannot split the burst.
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    search: gate.search, searchDebounce: 0.5)
        program.start()
        program.press(.character("/"))
        program.type("hållbar")
        XCTAssertTrue(program.isSearching, "a search waits")
        program.settle()
        XCTAssertEqual(gate.queries, ["hållbar"])
        XCTAssertEqual(program.state.list.total, 2)
    }

    func testTheStoreSearchReadsBesideTheMainThread() throws {
        // A store on disk, as the reader opens it: a DatabasePool, whose
        // readers do not wait for each other.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newsreader-isearch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase.open(StoreLocation(path: directory.appendingPathComponent("s.sqlite").path,
                                                          origin: .option))
        try database.save(feed: ReaderFixtures.feed, posts: ReaderFixtures.mixedPosts)
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
final class SearchGate: @unchecked Sendable {
    private let database: AppDatabase
    private let lock = NSLock()
    private var asked: [String] = []
    private let started = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let hangs: Bool

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
                started.signal()
                _ = released.wait(timeout: .now() + 10)
            }
            return try ReaderProgram.storeSearch(database)(query)
        }
    }

    func waitForFirstSearch() -> Bool {
        started.wait(timeout: .now() + 10) == .success
    }

    func release() {
        released.signal()
    }
}

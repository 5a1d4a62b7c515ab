import Dispatch
import Foundation
import NewsCore
import NewsModel
import NewsRuntime
import NewsUI

/// Search as you type, through the reader's own path: `ReaderProgram` with
/// the store's search on its worker thread, woken through the same callback
/// the terminal loop gives it, then `drainBackground()` and `render()` as
/// that loop runs them (only the copy of the grid to curses is left out, as
/// in the other `reader_*` step figures).
extension Figures {
    func typeAhead() throws {
        let word = SyntheticStore.commonWord
        // What one search costs on the worker thread: the first letter (the
        // widest prefix) and the whole word, each with its ids and count.
        let search = ReaderProgram.storeSearch(database)
        for (name, text) in [("search_typeahead_first_letter", String(word.prefix(1))),
                             ("search_typeahead_word", word)] {
            let query = SearchQuery(text)
            report(name, try medianMilliseconds(runs: runs) { _ in _ = try search(query) }, "ms")
        }
        // A fast typist (a key every 120 ms), keys with no pause at all (a
        // paste), and the same without the debounce, which is there for them.
        var keystrokes: [Double] = []
        for (name, interval, debounce) in [("search_as_you_type", 0.120, ReaderProgram.searchDebounce),
                                           ("search_as_you_type_burst", 0.0, ReaderProgram.searchDebounce),
                                           ("search_as_you_type_burst_no_debounce", 0.0, 0)] {
            var untilShown: [Double] = []
            var searches: [Double] = []
            for run in -1..<runs {
                let session = try typeAheadSession(word, keyInterval: interval, debounce: debounce)
                if run >= 0 {
                    untilShown.append(session.untilShown)
                    searches.append(Double(session.searches))
                    if debounce > 0 { keystrokes += session.keystrokes }
                }
            }
            report(name, median(untilShown), "ms")
            report(name + "_searches", median(searches), "searches")
        }
        guard !keystrokes.isEmpty else {
            FileHandle.standardError.write(Data("newsreader-bench: no key came while a search ran; search_keystroke skipped\n".utf8))
            return
        }
        report("search_keystroke", median(keystrokes), "ms")
        report("search_keystroke_max", keystrokes.max() ?? 0, "ms")
    }

    /// Types `word` after `/`, a key every `keyInterval` seconds, in a loop
    /// like the terminal's: asleep until a key is due or background work
    /// wakes it; then the key, the reports, a draw. Returns the time of each
    /// key's turn that came while a search ran or waited (key, reports, draw),
    /// the time from the last key to the whole word's results on screen, and
    /// how many searches the store ran.
    private func typeAheadSession(_ word: String, keyInterval: Double, debounce: TimeInterval)
        throws -> (keystrokes: [Double], untilShown: Double, searches: Int) {
        let wakes = DispatchSemaphore(value: 0)
        let counter = SearchCounter(ReaderProgram.storeSearch(database))
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 120, rows: 40),
                                    search: counter.search, searchDebounce: debounce, wake: { wakes.signal() })
        program.start()
        program.handle(.key(.character("/")))
        _ = program.render()
        var keys = Array(word)
        var keystrokes: [Double] = []
        var lastKey: UInt64 = 0
        var nextKey = DispatchTime.now()
        while !keys.isEmpty || program.state.typeAhead?.isWaiting == true {
            if keys.isEmpty || DispatchTime.now() < nextKey {
                if wakes.wait(timeout: keys.isEmpty ? .now() + 10 : nextKey) == .timedOut && keys.isEmpty {
                    throw BenchError("type-ahead: no results for \"\(word)\" within 10 s")
                }
                if program.drainBackground() { _ = program.render() }
                continue
            }
            let busy = program.isSearching
            lastKey = DispatchTime.now().uptimeNanoseconds
            program.handle(.key(.character(keys.removeFirst())))
            program.drainBackground()
            _ = program.render()
            if busy { keystrokes.append(milliseconds(since: lastKey)) }
            nextKey = .now() + keyInterval
        }
        let untilShown = milliseconds(since: lastKey)
        guard case let .search(results) = program.state.list.source, results.query.text == word,
              program.state.list.row(at: 0) != nil else {
            throw BenchError("type-ahead: the results of \"\(word)\" did not show")
        }
        // Let a search still running end before the next session starts.
        program.handle(.key(.escape))
        program.waitForSearches()
        return (keystrokes, untilShown, counter.count)
    }

    private func milliseconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }
}

/// The store's search, counted.
/// (`@unchecked Sendable`: `calls` changes under `lock`.)
private final class SearchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private let wrapped: ReaderProgram.SearchFunction

    init(_ search: @escaping ReaderProgram.SearchFunction) {
        wrapped = search
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }

    var search: ReaderProgram.SearchFunction {
        { [self] query in
            lock.lock()
            calls += 1
            lock.unlock()
            return try wrapped(query)
        }
    }
}

import Foundation
import NewsCore
import NewsModel
import NewsUI

/// Runs type-ahead searches off the main thread, one at a time. While one
/// runs, a new request only replaces the one waiting: a burst of keys costs
/// at most the search already running plus one of the newest text, never a
/// queue of stale ones. A request starts once `debounce` seconds passed
/// without a newer one, so keys that come faster than that (a paste, a held
/// key) are searched once, for their last text. The thread exists only while
/// there is work.
///
/// `@unchecked Sendable`: every mutable property is read and written with
/// `condition` locked; the rest are constants.
final class SearchWorker: @unchecked Sendable {
    typealias Report = @Sendable (_ generation: Int, _ result: Result<SearchOutcome, Error>) -> Void

    private let search: ReaderProgram.SearchFunction
    private let report: Report
    private let debounce: TimeInterval
    private let clock: any RuntimeClock
    private let condition = NSCondition()
    /// The newest request not started yet.
    private var waiting: (query: SearchQuery, generation: Int)?
    /// When `waiting` was asked for, on `clock`.
    private var submitted: TimeInterval = 0
    private var isRunning = false

    init(search: @escaping ReaderProgram.SearchFunction, debounce: TimeInterval, clock: any RuntimeClock,
         report: @escaping Report) {
        self.search = search
        self.debounce = debounce
        self.clock = clock
        self.report = report
    }

    /// Asks for a search; returns at once.
    func submit(_ query: SearchQuery, generation: Int) {
        condition.lock()
        waiting = (query, generation)
        submitted = clock.now
        let start = !isRunning
        isRunning = true
        condition.unlock()
        if start { Thread.detachNewThread { self.work() } }
    }

    var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isRunning
    }

    /// Blocks until nothing runs or waits; false when `timeout` passed first.
    func waitUntilIdle(timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while isRunning {
            if !condition.wait(until: deadline) { return !isRunning }
        }
        return true
    }

    private func work() {
        Self.leaveSignalsToTheMainThread()
        while true {
            condition.lock()
            // A newer request moves `submitted` on: wait again.
            while waiting != nil, case let due = submitted + debounce, due > clock.now {
                clock.wait(condition, until: due)
            }
            guard let request = waiting else {
                isRunning = false
                condition.broadcast()
                condition.unlock()
                return
            }
            waiting = nil
            condition.unlock()
            let result = Result { try search(request.query) }
            report(request.generation, result)
        }
    }

    /// The terminal loop waits in poll() on the main thread: a resize or a
    /// Ctrl-C must interrupt it there, not land on this thread.
    private static func leaveSignalsToTheMainThread() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGCHLD] {
            sigaddset(&signals, signal)
        }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }
}

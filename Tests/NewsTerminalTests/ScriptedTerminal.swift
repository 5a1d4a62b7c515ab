import Foundation
import Glibc
import NewsUI
import Testing
@testable import NewsTerminal

/// A terminal and a process for `ReaderLoop`, played from a script: each
/// step is what happens while the loop waits (keys typed together, a
/// signal, background work reporting, the terminal going away). It records
/// what the loop did to it, in order.
final class ScriptedTerminal: TerminalScreen, ReaderProcess {
    enum Step {
        /// Keys that are all there when the wait ends (a paste, a held key).
        case keys([KeyEvent])
        /// Input of any kind (a resize, the mouse) there when the wait ends.
        case inputs([InputEvent])
        /// A signal arrives, as the C handler would record it.
        case signal(Int32)
        /// Nothing typed: `release` runs, then the wait sleeps on the real
        /// wake pipe until background work writes it (at most 10 s).
        case waitForWake(release: () -> Void)
        /// The terminal's pty closes.
        case hangUp
    }

    /// What the loop did, in order.
    enum Event: Equatable {
        case draw, redrawAll, suspend, stopJob
        /// A key read while the terminal was given back: curses takes the
        /// terminal again to read it (a background job stops on SIGTTOU).
        case keyReadWhileSuspended
        /// A draw while the job was in the background (it stops on SIGTTOU).
        case drawInBackground
        /// A wait that the wake pipe ended (true) or the deadline (false).
        case woken(Bool)
    }

    let size: ScreenSize
    let interruptKey: KeyEvent? = .control("c")
    /// Whether `stopJob` succeeds (false: a shell without job control).
    var hasJobControl = true
    /// Signals that arrive while the job is stopped (`kill %1`: SIGTERM).
    var signalsWhileStopped: [Int32] = []
    /// Whether the job, once stopped, is continued in the background (`kill %1`).
    var continuedInBackground = false
    /// Signals recorded only once the loop has asked whether the terminal is
    /// its own after the stop (`kill %1`'s SIGTERM taken late, on another thread).
    var lateSignalsAfterStop: [Int32] = []
    private var stopped = false
    var isInForeground: Bool {
        if stopped, !lateSignalsAfterStop.isEmpty {
            signals.mask |= ReceivedSignals(lateSignalsAfterStop).mask
            lateSignalsAfterStop = []
        }
        return !(continuedInBackground && stopped)
    }
    private var steps: [Step]
    private var inputs: [InputEvent] = []
    private var signals = ReceivedSignals()
    private(set) var isHungUp = false
    private var isSuspended = false
    private(set) var events: [Event] = []
    private(set) var screens: [CellGrid] = []

    init(_ steps: [Step], size: ScreenSize = ScreenSize(columns: 80, rows: 24)) {
        self.steps = steps
        self.size = size
    }

    /// The last screen drawn, as text.
    var lastScreen: String { screens.last?.lines.joined(separator: "\n") ?? "" }

    func wait(orWake wake: Int32, milliseconds: Int32) {
        guard inputs.isEmpty else { return }
        guard !steps.isEmpty else {
            Issue.record("the loop went on waiting after the script ended")
            isHungUp = true
            return
        }
        switch steps.removeFirst() {
        case let .keys(typed): inputs = typed.map(InputEvent.key)
        case let .inputs(events): inputs = events
        case let .signal(signal): signals.mask |= ReceivedSignals([signal]).mask
        case let .waitForWake(release):
            release()
            var descriptor = pollfd(fd: wake, events: Int16(POLLIN), revents: 0)
            events.append(.woken(poll(&descriptor, 1, 10_000) == 1))
        case .hangUp: isHungUp = true
        }
    }

    func readInput() -> InputEvent? {
        if isSuspended || !isInForeground {
            events.append(.keyReadWhileSuspended)
            isSuspended = false
        }
        return inputs.isEmpty ? nil : inputs.removeFirst()
    }

    func draw(_ grid: CellGrid) {
        if !isInForeground { events.append(.drawInBackground) }
        events.append(.draw)
        isSuspended = false
        screens.append(grid)
    }

    func redrawAll() { events.append(.redrawAll) }
    func suspend() {
        events.append(.suspend)
        isSuspended = true
    }

    func takeSignals() -> ReceivedSignals {
        defer { signals = ReceivedSignals() }
        return signals
    }

    func stopJob() -> Bool {
        events.append(.stopJob)
        stopped = true
        signals.mask |= ReceivedSignals(signalsWhileStopped).mask
        return hasJobControl
    }
}

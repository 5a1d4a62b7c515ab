import CTerminalSupport
import Glibc

/// Signals received since the loop last asked.
struct ReceivedSignals: Equatable {
    /// Bit `n` for signal `n`, as the C handlers record them.
    var mask: UInt

    init(mask: UInt = 0) { self.mask = mask }

    init(_ signals: [Int32]) {
        mask = signals.reduce(0) { $0 | 1 << UInt($1) }
    }

    func contains(_ signal: Int32) -> Bool { mask & 1 << UInt(signal) != 0 }

    /// The signal that ends the reader, if one came: a hang-up first (the
    /// terminal is gone), then an interrupt, then a termination.
    var ending: Int32? { [SIGHUP, SIGINT, SIGTERM].first(where: contains) }
}

/// What the loop needs from the process around it: the signals it was
/// sent, and stopping as a shell job. `TerminalSignals` is the real one;
/// tests script it.
protocol ReaderProcess {
    func takeSignals() -> ReceivedSignals
    /// Stops as a shell job and returns after `fg`; false (without stopping)
    /// when the shell has no job control.
    func stopJob() -> Bool
}

/// The C handlers of Sources/CTerminalSupport: they record each signal and
/// wake the loop through its pipe. Their state is defined once, in signals.c.
struct TerminalSignals: ReaderProcess {
    /// Installs the handlers (before curses starts, so it keeps them); each
    /// writes a byte to `wake` when its signal arrives.
    static func install(waking wake: Int32) throws {
        guard nr_signals_install(wake) == 0 else {
            throw TerminalError(description: "cannot handle signals: \(String(cString: strerror(errno)))")
        }
    }

    /// Puts back the signal dispositions from before `install`.
    static func restore() {
        nr_signals_restore()
    }

    func takeSignals() -> ReceivedSignals {
        ReceivedSignals(mask: UInt(nr_signals_take()))
    }

    func stopJob() -> Bool {
        nr_stop_job() != 0
    }

    /// Ends the process as `signal` would have without a handler, so the
    /// shell sees how it ended; `wholeGroup` sends it to the process group,
    /// as the terminal's interrupt key does. Returns only if the signal
    /// cannot end the process.
    static func die(of signal: Int32, wholeGroup: Bool) {
        nr_die_of(signal, wholeGroup ? 1 : 0)
    }
}

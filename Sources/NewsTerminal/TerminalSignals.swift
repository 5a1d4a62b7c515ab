import CNcursesw
import Glibc

/// Signals that end the reader. The C handler only records the signal; the
/// main loop asks here after every poll. Installing and asking live in this
/// one file on purpose: the shim's recorded-signal variable is `static`, and
/// each Swift file of a debug build gets its own copy of it.
enum TerminalSignals {
    static func install() {
        nr_install_signal_handlers()
    }

    /// The signal received since the last call, or nil.
    static func take() -> Int32? {
        let signal = nr_take_signal()
        return signal == 0 ? nil : signal
    }

    /// True when the terminal went away (its pty closed) without a SIGHUP reaching us.
    static func terminalHungUp() -> Bool {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}

import Glibc
import Testing
@testable import NewsTerminal

/// The C handlers themselves, in this process: a signal is recorded once,
/// wakes the pipe at once, and the old dispositions come back. One test at
/// a time: the handlers are the process's.
@Suite(.serialized) struct TerminalSignalsTests {
    /// The address of the handler of `signal` now.
    static func handler(of signal: Int32) -> Int {
        var action = sigaction()
        sigaction(signal, nil, &action)
        return unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
    }

    @Test("a signal is recorded, wakes the pipe and is taken once; restore puts the old handlers back")
    func recordsWakesAndRestores() throws {
        let wake = try WakePipe()
        let before = Self.handler(of: SIGCONT)
        try TerminalSignals.install(waking: wake.writeDescriptor)
        defer { TerminalSignals.restore() }
        let signals = TerminalSignals()
        #expect(signals.takeSignals() == ReceivedSignals())

        // To the process, not this thread (test threads may block signals):
        // whichever thread takes them runs the handler.
        kill(getpid(), SIGCONT)
        kill(getpid(), SIGHUP)
        var taken = ReceivedSignals()
        var woken = false
        let deadline = ContinuousClock.now + .seconds(10)
        while !(taken.contains(SIGCONT) && taken.contains(SIGHUP)) && ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 100) == 1 {
                woken = true
                wake.drain()
            }
            taken.mask |= signals.takeSignals().mask
        }
        #expect(woken, "the handler wrote the pipe")
        #expect(taken.contains(SIGCONT) && taken.contains(SIGHUP) && !taken.contains(SIGTERM))
        #expect(taken.ending == SIGHUP)
        #expect(signals.takeSignals() == ReceivedSignals(), "taken once")

        TerminalSignals.restore()
        #expect(Self.handler(of: SIGCONT) == before)
    }

    @Test("installing unblocks the handled signals on the calling thread (a parent's mask would keep them away)")
    func installUnblocks() throws {
        let wake = try WakePipe()
        var blocked = sigset_t(), original = sigset_t(), current = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &original)
        defer { pthread_sigmask(SIG_SETMASK, &original, nil) }
        try TerminalSignals.install(waking: wake.writeDescriptor)
        TerminalSignals.restore()
        pthread_sigmask(SIG_SETMASK, nil, &current)
        #expect(sigismember(&current, SIGTERM) == 0)
    }

    @Test("the signal that ends the reader: a hang-up before an interrupt before a termination")
    func endingOrder() {
        #expect(ReceivedSignals([SIGTERM, SIGINT]).ending == SIGINT)
        #expect(ReceivedSignals([SIGTERM, SIGHUP, SIGINT]).ending == SIGHUP)
        #expect(ReceivedSignals([SIGTSTP, SIGCONT]).ending == nil)
    }
}

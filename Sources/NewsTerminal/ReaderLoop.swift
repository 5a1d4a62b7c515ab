import Glibc
import NewsRuntime
import NewsUI

/// How the reader ended.
public enum ReaderEnd: Equatable, Sendable {
    /// The user quit.
    case quit
    /// A signal ended it: SIGINT, SIGTERM, or SIGHUP (also when the terminal went away).
    case signal(Int32)
    /// The terminal's interrupt key (Ctrl-C). The reader reads it as a key
    /// and, once the terminal is restored, answers as the terminal would
    /// have: SIGINT to the whole job.
    case interruptKey

    /// The shell's `$?`: 0, or 128 + the signal.
    public var status: Int32 {
        switch self {
        case .quit: return 0
        case let .signal(signal): return 128 + signal
        case .interruptKey: return 128 + SIGINT
        }
    }
}

/// The reader's main loop: keys, signals and background reports in, draws
/// out. It sees the terminal only through `TerminalScreen` and the process
/// only through `ReaderProcess`, so tests run the real loop without tmux.
final class ReaderLoop {
    let screen: TerminalScreen
    let process: ReaderProcess
    let wake: WakePipe
    /// Runs once a round, after the keys (collects browsers that exited).
    var afterKeys: () -> Void = {}
    /// Set when the job was stopped and has just been continued: the loop
    /// reads no key (curses would take the terminal back to read it, and a
    /// reader continued in the background by `kill %1` would stop again on
    /// SIGTTOU) until it has looked at the signals that came with SIGCONT.
    private var continuedFromStop = false
    /// Set from a stop until the terminal is this job's again: continued in
    /// the background (`kill %1` sends SIGTERM, then SIGCONT, and the SIGTERM
    /// may be taken on another thread a moment after the loop has gone on),
    /// the loop reads no key and draws nothing, so curses never takes the
    /// terminal back and the job never stops again on SIGTTOU.
    private var waitingForTerminal = false
    /// A draw put off while the terminal was not this job's.
    private var drawPutOff = false

    /// The longest the loop sleeps: the net for what does not write to the
    /// wake pipe (a child that exited, a resize signal taken by ncurses).
    static let pollMilliseconds: Int32 = 100

    init(screen: TerminalScreen, process: ReaderProcess, wake: WakePipe) {
        self.screen = screen
        self.process = process
        self.wake = wake
    }

    /// Carries out what the program asks of the terminal (its `terminal`
    /// function); false when it cannot (suspend without job control).
    func carryOut(_ request: TerminalRequest) -> Bool {
        switch request {
        case .redraw:
            screen.redrawAll()
            return true
        case .suspend:
            // The terminal restored before anything stops, so the shell's
            // prompt lands on the shell's screen.
            screen.suspend()
            let stopped = process.stopJob()
            continuedFromStop = true
            waitingForTerminal = true
            screen.redrawAll()
            return stopped
        }
    }

    /// Runs `program` (started) until it quits, a signal ends it or the terminal goes away.
    func run(_ program: ReaderProgram) -> ReaderEnd {
        screen.draw(program.render())
        while !program.isQuitting {
            if mayTakeTerminal() {
                screen.wait(orWake: wake.fileDescriptor, milliseconds: Self.pollMilliseconds)
            } else {
                // In the background the terminal's input is the shell's: poll
                // would find it there again and again. Signals and background
                // work write to the wake pipe.
                wake.wait(milliseconds: Self.pollMilliseconds)
            }
            wake.drain()
            var needsDraw = false
            if let end = takeSignals(program, needsDraw: &needsDraw) { return end }
            // Stopped by SIGTSTP just now: what came with SIGCONT first.
            if continuedFromStop, let end = takeSignals(program, needsDraw: &needsDraw) { return end }
            // Every key that is there before one draw: a paste or a held key
            // costs one draw, not one per key.
            var tookKeys = false
            while !program.isQuitting, !continuedFromStop, mayTakeTerminal(), let input = screen.readInput() {
                tookKeys = true
                if case let .key(key) = input, key == screen.interruptKey { return .interruptKey }
                program.handle(input)
            }
            if !tookKeys && screen.isHungUp { return .signal(SIGHUP) }
            afterKeys()
            // Now and then: has another process changed the store? (Answered through the inbox.)
            program.tick()
            // Search results, writes, refresh progress and the store's changes,
            // between keys and never instead of them.
            let reported = program.drainBackground()
            // A signal that came meanwhile ends the reader before it draws
            // again: `kill %1` on the stopped reader sends SIGTERM, then SIGCONT.
            continuedFromStop = false
            if let end = takeSignals(program, needsDraw: &needsDraw) { return end }
            if (needsDraw || tookKeys || reported || drawPutOff) && !program.isQuitting {
                drawPutOff = !mayTakeTerminal()
                if !drawPutOff { screen.draw(program.render()) }
            }
        }
        return .quit
    }

    /// Whether curses may take the terminal: not from a stop until the
    /// terminal is this job's again.
    private func mayTakeTerminal() -> Bool {
        if waitingForTerminal { waitingForTerminal = !screen.isInForeground }
        return !waitingForTerminal
    }

    /// Acts on the signals recorded since the last call: returns how the
    /// reader ends if one ends it; SIGTSTP suspends and SIGCONT repaints,
    /// each asking for a draw.
    private func takeSignals(_ program: ReaderProgram, needsDraw: inout Bool) -> ReaderEnd? {
        let signals = process.takeSignals()
        if let signal = signals.ending { return .signal(signal) }
        if signals.contains(SIGTSTP) {
            program.send(.suspend)
            needsDraw = true
        }
        if signals.contains(SIGCONT) {
            // Continued after a stop the reader did not make (SIGSTOP): the screen may be stale.
            program.send(.redraw)
            needsDraw = true
        }
        return nil
    }
}

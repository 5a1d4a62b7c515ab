import Foundation
import NewsCore
import NewsRuntime
import NewsUI

/// The reader on a real terminal: curses, the signal handlers and the
/// wake pipe around `ReaderLoop`. Runs on the main thread and polls, so
/// KEY_RESIZE and signals arrive.
public enum TerminalReader {
    /// Runs until the user quits or a signal ends the reader; the terminal
    /// is restored on every path. `ReaderEnd.finishProcess()` then ends the
    /// process as the signal would have.
    public static func run(database: AppDatabase,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           settings: Settings = Settings(), notice: String? = nil,
                           runRefresh: @escaping ReaderProgram.RefreshRunner = ReaderProgram.refreshInBackground) throws -> ReaderEnd {
        // Background work and the signal handlers wake the loop through this pipe.
        let wake = try WakePipe()
        // Before curses starts, so it keeps these handlers instead of installing its own.
        try TerminalSignals.install(waking: wake.writeDescriptor)
        defer {
            TerminalSignals.restore()
            withExtendedLifetime(wake) {} // no handler may write to a closed pipe
        }
        let screen = try CursesScreen(environment: environment, theme: settings.theme)
        defer { screen.stop() }
        // The interface language comes from LANG/LC_* themselves, not from
        // the C locale (which CursesScreen may have switched to C.UTF-8).
        let language = Language(environment: environment)
        let opener = LinkOpener(environment: environment, strings: language.catalogue, template: settings.browser)
        let loop = ReaderLoop(screen: screen, process: TerminalSignals(), wake: wake)
        loop.afterKeys = { opener.reap() }
        let program = ReaderProgram(database: database, size: screen.size, language: language,
                                    settings: settings,
                                    copy: { Clipboard.copy($0, environment: environment) },
                                    runRefresh: runRefresh,
                                    wake: { wake.signal() },
                                    terminal: loop.carryOut,
                                    openLink: { link in
                                        opener.open(link, suspend: { screen.suspend() }, resume: { screen.redrawAll() })
                                    })
        program.start(notice: notice.map { StatusMessage($0, isError: true) })
        // newsreader-bench times process start to first full screen with this.
        if environment["NEWSREADER_BENCH_QUIT_AFTER_FIRST_SCREEN"] != nil {
            screen.draw(program.render())
            return .quit
        }
        let end = loop.run(program)
        // The terminal back first; then the last `s` or `r` reaches the store.
        screen.stop()
        program.finishWrites()
        return end
    }
}

extension ReaderEnd {
    /// Ends the process as the reader ended, once everything is put away: a
    /// quit returns; a signal ends the process with its default action, so
    /// the shell (and a script running the reader) sees the signal.
    public func finishProcess() {
        switch self {
        case .quit: return
        case let .signal(signal): TerminalSignals.die(of: signal, wholeGroup: false)
        case .interruptKey: TerminalSignals.die(of: SIGINT, wholeGroup: true)
        }
    }
}

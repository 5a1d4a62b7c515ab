import CNcursesw
import Foundation
import NewsCore
import NewsUI

/// The reader on a real terminal: the main loop around `ReaderProgram`.
/// Runs on the main thread and polls, so KEY_RESIZE and signals arrive.
public enum TerminalReader {
    /// Runs until the user quits; returns the exit status (128 + signal
    /// when a signal ended it). The terminal is restored on every path.
    public static func run(database: AppDatabase,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           settings: Settings = Settings(), notice: String? = nil) throws -> Int32 {
        let screen = try CursesScreen(environment: environment, theme: settings.theme)
        defer { screen.stop() }
        // The interface language comes from LANG/LC_* themselves, not from
        // the C locale (which CursesScreen may have switched to C.UTF-8).
        let language = Language(environment: environment)
        let opener = LinkOpener(environment: environment, strings: language.catalogue, template: settings.browser)
        let program = ReaderProgram(database: database, size: screen.size, language: language,
                                    settings: settings,
                                    copy: { Clipboard.copy($0, environment: environment) },
                                    openLink: { link in
                                        opener.open(link, suspend: { endwin() }, resume: { screen.redrawAll() })
                                    })
        program.start(notice: notice.map { StatusMessage($0, isError: true) })
        screen.draw(program.render())
        // newsreader-bench times process start to first full screen with this.
        if environment["NEWSREADER_BENCH_QUIT_AFTER_FIRST_SCREEN"] != nil { return 0 }
        while !program.isQuitting {
            if let signal = TerminalSignals.take() { return 128 + signal }
            guard let key = screen.readKey() else {
                if TerminalSignals.terminalHungUp() { return 128 + SIGHUP }
                opener.reap()
                // Background work (a refresh) reports between keys.
                if program.drainBackground() && !program.isQuitting { screen.draw(program.render()) }
                continue
            }
            if key == .control("l") {
                screen.redrawAll()
            } else if key == .control("z") {
                // Raw mode makes Ctrl-Z a key: stop the job as the terminal would,
                // with the terminal restored meanwhile; `fg` (SIGCONT) resumes here.
                endwin()
                let previous = signal(SIGTSTP, SIG_DFL)
                kill(0, SIGTSTP)
                signal(SIGTSTP, previous)
                screen.redrawAll()
            } else {
                program.handle(key)
            }
            if !program.isQuitting && !screen.hasPendingInput { screen.draw(program.render()) }
        }
        return 0
    }
}

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
                           settings: Settings = Settings(), notice: String? = nil,
                           runRefresh: @escaping ReaderProgram.RefreshRunner = ReaderProgram.refreshInBackground) throws -> Int32 {
        let screen = try CursesScreen(environment: environment, theme: settings.theme)
        defer { screen.stop() }
        // The interface language comes from LANG/LC_* themselves, not from
        // the C locale (which CursesScreen may have switched to C.UTF-8).
        let language = Language(environment: environment)
        let opener = LinkOpener(environment: environment, strings: language.catalogue, template: settings.browser)
        // Background work (search as you type, refresh) wakes the loop through this pipe.
        let wake = try WakePipe()
        let program = ReaderProgram(database: database, size: screen.size, language: language,
                                    settings: settings,
                                    copy: { Clipboard.copy($0, environment: environment) },
                                    runRefresh: runRefresh,
                                    wake: { wake.signal() },
                                    openLink: { link in
                                        opener.open(link, suspend: { endwin() }, resume: { screen.redrawAll() })
                                    })
        program.start(notice: notice.map { StatusMessage($0, isError: true) })
        screen.draw(program.render())
        // newsreader-bench times process start to first full screen with this.
        if environment["NEWSREADER_BENCH_QUIT_AFTER_FIRST_SCREEN"] != nil { return 0 }
        while !program.isQuitting {
            if let signal = TerminalSignals.take() { return 128 + signal }
            // Asleep until a key, a report from background work, a signal or
            // 100 ms (the poll that catches what slips past: a signal taken
            // by another thread, an unwatched child).
            screen.wait(orWake: wake.fileDescriptor, milliseconds: 100)
            wake.drain()
            // Every key that is there before one draw: a paste or a held key
            // costs one draw, not one per key.
            var tookKeys = false
            while !program.isQuitting, let key = screen.readKey() {
                tookKeys = true
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
            }
            if !tookKeys && TerminalSignals.terminalHungUp() { return 128 + SIGHUP }
            opener.reap()
            // Search results and refresh progress, between keys and never instead of them.
            let reported = program.drainBackground()
            if (tookKeys || reported) && !program.isQuitting { screen.draw(program.render()) }
        }
        return 0
    }
}

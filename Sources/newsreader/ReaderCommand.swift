import ArgumentParser
import Foundation
import NewsConfig
import NewsCore
import NewsRuntime
import NewsTerminal
import NewsUI

/// Opens the terminal reader on the store, with the config file's settings.
enum ReaderCommand {
    static func run(database: AppDatabase) throws {
        let environment = ProcessInfo.processInfo.environment
        let (settings, problems) = ConfigFile.defaultPath(environment: environment).map(ConfigFile.load) ?? (.init(), [])
        // On stderr (left in the scrollback), and the first in the status line.
        for problem in problems { Console.error("config: \(problem)") }
        let notice = problems.first.map {
            problems.count == 1 ? $0.shortDescription : "\($0.shortDescription) (+\(problems.count - 1) more)"
        }
        // `R` runs `newsreader refresh` on this store in a child process: the
        // reader never loads libcurl. Quitting ends a refresh that still runs.
        let path = database.path
        let child = path.isEmpty || path == ":memory:" ? nil : RefreshChild(storePath: path)
        defer { child?.stop() }
        let end = try reportingFailures {
            try TerminalReader.run(database: database, environment: environment, settings: settings, notice: notice,
                                   runRefresh: child.map { child in { child.run($0, report: $1) } }
                                       ?? ReaderProgram.refreshInBackground)
        }
        end.finishProcess()
        if end.status != 0 { throw ExitCode(end.status) }
    }
}

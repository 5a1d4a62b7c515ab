import ArgumentParser
import Foundation
import NewsConfig
import NewsCore
import NewsTerminal

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
        let end = try reportingFailures {
            try TerminalReader.run(database: database, environment: environment, settings: settings, notice: notice)
        }
        end.finishProcess()
        if end.status != 0 { throw ExitCode(end.status) }
    }
}

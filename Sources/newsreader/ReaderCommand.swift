import ArgumentParser
import NewsCore
import NewsTerminal

/// Opens the terminal reader on the store.
enum ReaderCommand {
    static func run(database: AppDatabase) throws {
        let status = try reportingFailures { try TerminalReader.run(database: database) }
        if status != 0 { throw ExitCode(status) }
    }
}

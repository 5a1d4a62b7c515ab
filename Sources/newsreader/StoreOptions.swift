import ArgumentParser
import Foundation
import NewsCore

/// `--store PATH`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store to use (default: $NEWSREADER_STORE, else $XDG_DATA_HOME/newsreader/store.sqlite).",
        valueName: "path"))
    var store: String?

    var location: StoreLocation {
        StoreLocation.resolve(option: store, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the store, turning any failure into a one-line message and exit status 1.
    func open() throws -> AppDatabase {
        // Past a file-size limit (`ulimit -f`) a write must fail with EFBIG, so the
        // transaction rolls back and the user reads why; SIGXFSZ would kill silently.
        signal(SIGXFSZ, SIG_IGN)
        return try reportingFailures { try AppDatabase.open(location) }
    }
}

/// Runs `body`; an error becomes `newsreader: message` on stderr and exit status 1.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as StoreError {
        Console.error(error.description)
        throw ExitCode(1)
    } catch {
        Console.error("\(error)")
        throw ExitCode(1)
    }
}

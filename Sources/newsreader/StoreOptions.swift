import ArgumentParser
import Foundation
import NewsCore

/// `--store PATH`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store to use (default: $NEWSREADER_STORE, else $XDG_DATA_HOME/newsreader/store.sqlite); its folder must exist.",
        valueName: "path"))
    var store: String?

    var location: StoreLocation {
        StoreLocation.resolve(option: store, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the store for a command that writes, creating it when missing;
    /// any failure becomes a one-line message and exit status 1.
    func open() throws -> AppDatabase {
        // Past a file-size limit (`ulimit -f`) a write must fail with EFBIG, so the
        // transaction rolls back and the user reads why; SIGXFSZ would kill silently.
        signal(SIGXFSZ, SIG_IGN)
        return try reportingFailures { try AppDatabase.open(location) }
    }

    /// Opens the store for a command that only reads: nothing is created or
    /// written (a read-only store works; a missing one reads as empty, or as
    /// the sample at the default location).
    func openForReading() throws -> AppDatabase {
        try reportingFailures { try AppDatabase.openForReading(location) }
    }

    /// Opens the store for a command that changes what it holds (`remove`,
    /// `refresh`): a store named by path that does not exist is not created
    /// for it, as there is nothing to change; the default one starts with the
    /// sample, as on the first launch.
    func openForChanges() throws -> AppDatabase {
        let location = location
        if location.origin != .defaultLocation, !FileManager.default.fileExists(atPath: location.path) {
            return try openForReading()
        }
        return try open()
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

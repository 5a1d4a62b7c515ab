import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension AppDatabase {
    /// Opens the store for a command that writes, creating it when there is
    /// none yet. Only the default location gets its folders created (and the
    /// sample); a path named by `--store` or `$NEWSREADER_STORE` must be in a
    /// folder that exists.
    ///
    /// An existing file is first inspected read-only, so that a device, a text
    /// file, a corrupt database, another program's database or a store from a
    /// newer newsreader is refused before a single byte of it is written.
    public static func open(_ location: StoreLocation) throws -> AppDatabase {
        let file = try StoreFile(location, creatingFolders: true)
        let path = location.path
        if file.state == .present, try inspectExisting(path).hasPendingMigrations {
            try backUpBeforeMigrating(path)
        }

        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration())
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
        }
        let database: AppDatabase
        do {
            database = try AppDatabase(pool, createdHere: file.state == .missing)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
        }
        if file.state != .present && location.seedsSampleWhenNew {
            try database.importSample()
        }
        return database
    }

    /// Opens the store for a command that only reads (`list`, `search`, ...):
    /// nothing is created and nothing written, so a read-only file or folder
    /// works and the store keeps its bytes and its modification time. A store
    /// that does not exist yet reads as empty, or as the bundled sample at the
    /// default location, from memory.
    ///
    /// An older store (or one indexed by another build) is upgraded first, as
    /// any command would, when it can be written; a read-only one that needs
    /// a schema upgrade is refused with a message saying so.
    public static func openForReading(_ location: StoreLocation) throws -> AppDatabase {
        let file = try StoreFile(location, creatingFolders: false)
        guard file.state == .present else {
            let database = try inMemory()
            if location.seedsSampleWhenNew { try database.importSample() }
            return database
        }
        let path = location.path
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: file.readingPath, configuration: file.readingConfiguration)
        } catch {
            throw storeError(error, path: path)
        }
        let inspection: Inspection
        do {
            inspection = try inspect(queue, path: path)
        } catch {
            try? queue.close()
            throw error
        }
        if inspection.hasPendingMigrations || inspection.hasStaleIndex {
            if file.isWritable {
                try? queue.close()
                return try open(location)
            }
            if inspection.hasPendingMigrations {
                try? queue.close()
                throw StoreError.cannotOpen(path: path, reason: """
                    it was written by an older newsreader and must be upgraded, but it is read-only \
                    (run any command once with write access)
                    """)
            }
        }
        return AppDatabase(reading: queue)
    }

    /// What inspecting an existing store found.
    struct Inspection {
        /// An older store: its schema must be upgraded before use.
        var hasPendingMigrations: Bool
        /// Its word index was built by a build that rendered text differently.
        var hasStaleIndex: Bool
    }

    /// Checks that an existing file is a newsreader store this build can use.
    private static func inspectExisting(_ path: String) throws -> Inspection {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
        } catch {
            throw storeError(error, path: path)
        }
        defer { try? queue.close() }
        return try inspect(queue, path: path)
    }

    /// A failure to open or inspect `path`, worded for the user.
    private static func storeError(_ error: Error, path: String) -> Error {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            return StoreError.notAStore(path: path, reason: "not an SQLite database, or a corrupt one")
        }
        return StoreError.cannotOpen(path: path, reason: Self.reason(error))
    }

    private static func inspect(_ queue: DatabaseQueue, path: String) throws -> Inspection {
        do {
            return try queue.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tableCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
                if appID != applicationID {
                    // An empty SQLite file may become a store; anything else belongs to someone else.
                    if tableCount == 0 { return Inspection(hasPendingMigrations: true, hasStaleIndex: false) }
                    throw StoreError.notAStore(path: path, reason: "it is another program's SQLite database")
                }
                if try migrator.hasBeenSuperseded(db) {
                    throw StoreError.newerVersion(path: path)
                }
                return Inspection(hasPendingMigrations: try !migrator.hasCompletedMigrations(db),
                                  hasStaleIndex: try Int32.fetchOne(db, sql: "PRAGMA user_version") != SearchText.version)
            }
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// Writes a consistent copy of an older store beside it before its schema changes.
    private static func backUpBeforeMigrating(_ path: String) throws {
        let backupPath = path + ".before-upgrade.sqlite"
        do {
            let source = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            defer { try? source.close() }
            // An empty file has nothing worth keeping.
            let tables = try source.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0 }
            guard tables > 0 else { return }
            try? FileManager.default.removeItem(atPath: backupPath)
            let destination = try DatabaseQueue(path: backupPath)
            defer { try? destination.close() }
            try source.backup(to: destination)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "could not write the backup \(backupPath) before upgrading: \(Self.reason(error))")
        }
    }

    /// Closes a store this process created and removes its files again, when
    /// nothing but what creation put there was written (a command that failed
    /// leaves no new store behind). Returns whether it was removed.
    @discardableResult
    public func removeIfUnused(at path: String) throws -> Bool {
        guard createdHere, let pool = writer as? DatabasePool else { return false }
        let untouched = try pool.read { db in
            let feeds = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feed WHERE title != ? OR url IS NOT NULL",
                                         arguments: [SampleFeed.feed.title]) ?? 0
            let posts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0
            return feeds == 0 && posts <= SampleFeed.posts.count
        }
        guard untouched else { return false }
        try pool.close()
        for suffix in ["-wal", "-shm", "-journal", ""] {
            unlink(path + suffix)
        }
        return true
    }

    static func reason(_ error: Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

/// The place a store is opened at, checked before SQLite touches it: the
/// folder must exist (or be the default location's), and an existing path
/// must be a regular file (`/dev/zero`, a FIFO or a directory are refused
/// before anything, even a journal beside them, is created).
struct StoreFile {
    enum State { case missing, empty, present }

    let path: String
    let folder: String
    let state: State

    init(_ location: StoreLocation, creatingFolders: Bool) throws {
        path = location.path
        let parent = (path as NSString).deletingLastPathComponent
        folder = parent.isEmpty ? "." : parent

        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                state = info.st_size == 0 ? .empty : .present
                return
            case S_IFDIR:
                throw StoreError.notAStore(path: path, reason: "it is a directory")
            case S_IFCHR:
                throw StoreError.notAStore(path: path, reason: "it is a character device, not a file")
            case S_IFBLK:
                throw StoreError.notAStore(path: path, reason: "it is a block device, not a file")
            case S_IFIFO:
                throw StoreError.notAStore(path: path, reason: "it is a pipe, not a file")
            case S_IFSOCK:
                throw StoreError.notAStore(path: path, reason: "it is a socket, not a file")
            default:
                throw StoreError.notAStore(path: path, reason: "it is not a regular file")
            }
        }
        // Missing, not unreadable: a store behind a folder we may not enter is not an empty one.
        guard errno == ENOENT || errno == ENOTDIR else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
        state = .missing
        var folderInfo = stat()
        if stat(folder, &folderInfo) == 0 {
            guard folderInfo.st_mode & S_IFMT == S_IFDIR else {
                throw StoreError.cannotOpen(path: path, reason: "\(folder) is not a folder")
            }
            return
        }
        guard location.origin == .defaultLocation else {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
        }
        // The default location's folders are ours to make, when something is to be written.
        guard creatingFolders else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "cannot create \(folder)")
        }
    }

    /// Whether this process may write the store and create files beside it.
    var isWritable: Bool {
        access(path, W_OK) == 0 && access(folder, W_OK) == 0
    }

    /// How a read-only command opens an existing store without leaving a trace:
    ///
    /// - with a write-ahead log beside it (changes not yet copied into the
    ///   store), read-only, through that log;
    /// - else, when it may be written, as an ordinary connection that the
    ///   command only reads through: the log files SQLite makes while it is
    ///   open are removed when it closes (a read-only connection would leave
    ///   them behind), and with no changes in the log, closing writes nothing;
    /// - else (a read-only file or folder) as immutable: nobody can be writing
    ///   it, since a writer would need the log file that is not there.
    private var mode: ReadingMode {
        if access(path + "-wal", F_OK) == 0 { return .readOnly }
        return isWritable ? .ordinary : .immutable
    }

    private enum ReadingMode { case readOnly, ordinary, immutable }

    var readingPath: String {
        guard mode == .immutable else { return path }
        // A URI (SQLite here is built with URI file names on), with the path percent-encoded.
        var allowed = CharacterSet(charactersIn: "/-._~")
        allowed.insert(charactersIn: "a"..."z")
        allowed.insert(charactersIn: "A"..."Z")
        allowed.insert(charactersIn: "0"..."9")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:" + encoded + "?mode=ro&immutable=1"
    }

    var readingConfiguration: Configuration {
        AppDatabase.configuration(readonly: mode != .ordinary)
    }
}

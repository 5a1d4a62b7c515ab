import Foundation
import GRDB

extension AppDatabase {
    /// Opens (or creates) the store at `location`.
    ///
    /// An existing file is first inspected read-only, so that a text file, a
    /// corrupt database, another program's database or a store from a newer
    /// newsreader is refused before a single byte of it is written.
    public static func open(_ location: StoreLocation) throws -> AppDatabase {
        let path = location.path
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = files.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw StoreError.notAStore(path: path, reason: "it is a directory")
        }
        let isNew = !exists || ((try? files.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0

        if isNew {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw StoreError.cannotOpen(path: path, reason: "cannot create \(directory)")
                }
            }
        } else {
            let pending = try inspectExisting(path)
            if pending {
                try backUpBeforeMigrating(path)
            }
        }

        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration())
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
        }
        let database: AppDatabase
        do {
            database = try AppDatabase(pool)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
        }
        if isNew && location.seedsSampleWhenNew {
            try database.importSample()
        }
        return database
    }

    /// Checks that an existing file is a newsreader store this build can use.
    /// Returns whether migrations are pending (an older store).
    private static func inspectExisting(_ path: String) throws -> Bool {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            defer { try? queue.close() }
            return try queue.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tableCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
                if appID != applicationID {
                    // An empty SQLite file may become a store; anything else belongs to someone else.
                    if tableCount == 0 { return true }
                    throw StoreError.notAStore(path: path, reason: "it is another program's SQLite database")
                }
                if try migrator.hasBeenSuperseded(db) {
                    throw StoreError.newerVersion(path: path)
                }
                return try !migrator.hasCompletedMigrations(db)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.notAStore(path: path, reason: "not an SQLite database, or a corrupt one")
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
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

    static func reason(_ error: Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

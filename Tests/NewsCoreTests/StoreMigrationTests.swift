import Foundation
import GRDB
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

@Suite("Store migrations")
struct StoreMigrationTests {
    @Test("an empty store gets every migration")
    func emptyStoreMigrates() throws {
        let database = try AppDatabase.inMemory()
        let applied = try database.writer.read { try AppDatabase.migrator.appliedIdentifiers($0) }
        #expect(applied == Set(AppDatabase.knownMigrations))
        #expect(try database.postCount() == 0)
        #expect(try database.archiveMonths().isEmpty)
    }

    @Test("a store of the previous version keeps its posts and becomes searchable")
    func previousVersionUpgrades() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/old.sqlite"
        // Build a store as the previous schema version left it: v1 only, no search index.
        do {
            let queue = try DatabaseQueue(path: path)
            try AppDatabase.migrator.migrate(queue, upTo: "v1-feeds-and-posts")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO feed(title) VALUES ('Gammalt flöde')")
                try db.execute(sql: """
                    INSERT INTO post(feedId, guid, title, published, month, contentHTML, text, isRead, firstSeen)
                    VALUES (1, 'a', 'Hållbar upphandling', 1639472400, '2021-12', '<p>Textilier och <b>IKT</b></p>',
                            'Textilier och IKT', 1, 0)
                    """)
            }
            try queue.close()
        }
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(try database.postCount() == 1)
        #expect(try database.search(SearchQuery("textil")).map(\.title) == ["Hållbar upphandling"])
        #expect(try database.posts(limit: 1).first?.isRead == true)
        // The body survives the move to its deflated column.
        #expect(try database.article(id: 1)?.post.contentHTML == "<p>Textilier och <b>IKT</b></p>")
        #expect(try database.article(id: 1)?.post.text == "Textilier och IKT")
        // The old store was copied beside it before its schema changed.
        let backup = path + ".before-upgrade.sqlite"
        #expect(FileManager.default.fileExists(atPath: backup))
        let backupQueue = try DatabaseQueue(path: backup)
        let backupMigrations = try backupQueue.read { try AppDatabase.migrator.appliedIdentifiers($0) }
        #expect(backupMigrations == ["v1-feeds-and-posts"])
    }

    @Test("a store from a newer newsreader is refused and left untouched")
    func newerStoreRefused() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/new.sqlite"
        do {
            let queue = try DatabaseQueue(path: path, configuration: AppDatabase.configuration())
            var future = AppDatabase.migrator
            future.registerMigration("v999-from-the-future") { db in
                try db.execute(sql: "CREATE TABLE future(x)")
            }
            try future.migrate(queue)
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.newerVersion(path: path)) {
            try AppDatabase.open(StoreLocation(path: path, origin: .option))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

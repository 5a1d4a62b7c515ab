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

    @Test("a store whose bodies sat in the post table keeps every post, flag, body and sync link, and its index")
    func bodiesMoveApart() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/previous.sqlite"
        // Bodies of every stored form: deflated, short text, empty, and one in Swedish and Japanese.
        let bodies = [CompactStoreTests.body("hållbar upphandling"), "<p>Kort om möbler.</p>", "",
                      CompactStoreTests.body("textilier 東京 <b>elektronik</b>", paragraphs: 12)]
        do {
            let queue = try DatabaseQueue(path: path, configuration: AppDatabase.configuration())
            try AppDatabase.migrator.migrate(queue, upTo: "feed-local-title")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO feed(id, title, url) VALUES (1, 'Flöde', 'https://example.se/feed'), (2, 'Server', NULL);
                    INSERT INTO sync_feed(feedId, remoteID) VALUES (2, '7');
                    """)
                for (index, html) in bodies.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO post(id, feedId, guid, title, published, month, html, isRead, isStarred, firstSeen)
                        VALUES (?, ?, ?, ?, ?, '2021-12', ?, ?, ?, 0)
                        """, arguments: [index + 1, index < 3 ? 1 : 2, "g\(index)", "Inlägg \(index)", 1_639_000_000 + index,
                                         StoredHTML.value(html, using: Deflater()), index % 2 == 0, index == 3])
                }
                // The synced post was read here and not yet pushed: a change in the outbox.
                try db.execute(sql: "INSERT INTO sync_post(postId, remoteID, serverRead, serverStarred) VALUES (4, 40, 1, 1)")
                try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES ('rebuild')")
                try SearchTerms.record(texts: nil, in: db)
            }
            try queue.close()
        }
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        let posts = try database.posts(limit: 10).sorted { $0.id < $1.id }
        #expect(posts.map(\.id) == [1, 2, 3, 4])
        #expect(posts.map(\.isRead) == [true, false, true, false])
        #expect(posts.map(\.isStarred) == [false, false, false, true])
        for (index, html) in bodies.enumerated() {
            #expect(try database.article(id: Int64(index + 1))?.post.contentHTML == html)
        }
        #expect(try database.pendingChanges() == PendingChanges(markUnread: [40]))
        let (columns, bodyCount) = try database.writer.read { db in
            (try db.columns(in: "post").map(\.name), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post_body"))
        }
        #expect(!columns.contains("html"))
        #expect(bodyCount == 4)
        #expect(try CompactStoreTests.indexMatchesBodies(database))
        #expect(try database.search(SearchQuery("möbler")).map(\.id) == [2])
        #expect(try database.search(SearchQuery("elektronik")).map(\.id) == [4])
        #expect(try database.summaries(ids: [2]) == [2: "Kort om möbler."])

        // Purging the first feed takes its words and bodies out with it.
        #expect(try database.removeFeed(id: 1, purge: true) == 3)
        #expect(try CompactStoreTests.indexMatchesBodies(database))
        #expect(try database.search(SearchQuery("möbler")).isEmpty)
        #expect(try database.writer.read { try Int64.fetchAll($0, sql: "SELECT id FROM post_body") } == [4])
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

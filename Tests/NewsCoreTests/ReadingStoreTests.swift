import Foundation
import GRDB
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

/// What reading changes in a store made by an older build: the index holds
/// the renderer's text (a renderer that reads HTML differently bumps
/// `SearchText.version`, and a store indexed by another version rebuilds its
/// index when opened for writing), and links made up from a file's path go.
@Suite("Stores of older builds")
struct ReadingStoreTests {
    @Test("a store indexed by renderer 1 is rebuilt on open, and deleting its posts keeps the index whole")
    func indexFromVersionOneRebuilt() throws {
        let directory = try TemporaryDirectory("reading")
        let path = directory.path + "/store.sqlite"
        let html = "<p>före<img src=\"/k.png\" alt=\"karta\">efter</p><pre>a  b</pre>"
        do {
            let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
            try database.save(feed: Feed(url: "https://example.se/feed", title: "Flöde"), posts: [
                IncomingPost(guid: "a", title: "Kartan", published: 1, contentHTML: html),
            ])
            // What renderer 1 indexed and stored for this body: the image's alt in brackets.
            let oldText = "före [karta] efter\n\na b"
            try database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete', 1, 'Kartan', ?);
                    INSERT INTO post_fts(rowid, title, text) VALUES (1, 'Kartan', ?);
                    UPDATE post_body SET body = ? WHERE id = 1;
                    PRAGMA user_version = 1;
                    """, arguments: [HTMLText.searchText(html), oldText,
                                     StoredBody.value(html: html, text: oldText, using: Deflater())])
            }
        }
        #expect(SearchText.version == 2)
        let reopened = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(try reopened.writer.read { try Int32.fetchOne($0, sql: "PRAGMA user_version") } == SearchText.version)
        #expect(try CompactStoreTests.indexMatchesBodies(reopened))
        #expect(try reopened.search(SearchQuery("karta")).count == 1)
        let stored = try reopened.writer.read { try DatabaseValue.fetchOne($0, sql: "SELECT body FROM post_body WHERE id = 1") }
        #expect(StoredBody.text(try #require(stored)) == HTMLText.searchText(html), "the stored text is rendered again")
        // The delete trigger takes out exactly the words the rebuilt index holds.
        _ = try reopened.writer.write { try $0.execute(sql: "DELETE FROM post WHERE id = 1") }
        #expect(try CompactStoreTests.indexMatchesBodies(reopened))
        #expect(try reopened.search(SearchQuery("karta")).isEmpty)
    }

    @Test("links an older build made up from a feed file's path are dropped on upgrade")
    func fileLinksDropped() throws {
        let directory = try TemporaryDirectory("reading")
        let path = directory.path + "/old.sqlite"
        do {
            // A store as the build before this migration left it.
            let old = try DatabaseQueue(path: path, configuration: AppDatabase.configuration())
            try AppDatabase.migrator.migrate(old, upTo: "sync-with-a-server")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO feed(id, title) VALUES (1, 'Fil');
                    INSERT INTO post(feedId, guid, title, link, html, baseURL, firstSeen)
                        VALUES (1, 'w1', 'Fil', 'file:///home/u/w1', '<a href="/x">x</a>', 'file:///home/u/f.xml', 0),
                               (1, 'w2', 'Webb', 'https://example.se/w2', '<a href="/x">x</a>', 'https://example.se/', 0);
                    INSERT INTO post_fts(post_fts) VALUES ('rebuild');
                    """)
            }
            try old.close()
        }
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        let file = try #require(try database.article(id: 1))
        #expect(file.post.link == nil)
        #expect(file.post.baseURL == nil)
        #expect(file.body.links == ["/x"])
        let web = try #require(try database.article(id: 2))
        #expect(web.post.link == "https://example.se/w2")
        #expect(web.body.links == ["https://example.se/x"])
    }
}

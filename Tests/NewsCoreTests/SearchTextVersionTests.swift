import Foundation
import GRDB
import Testing
@testable import NewsCore

/// The index holds the renderer's text; a renderer that reads HTML
/// differently bumps `SearchText.version`, and a store indexed by another
/// version rebuilds its index when opened for writing.
@Suite("Search text versions")
struct SearchTextVersionTests {
    @Test("a store indexed by renderer 1 is rebuilt on open, and deleting its posts keeps the index whole")
    func indexFromVersionOneRebuilt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/store.sqlite"
        let html = "<p>före<img src=\"/k.png\" alt=\"karta\">efter</p><pre>a  b</pre>"
        do {
            let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
            try database.save(feed: Feed(url: "https://example.se/feed", title: "Flöde"), posts: [
                IncomingPost(guid: "a", title: "Kartan", published: 1, contentHTML: html),
            ])
            // What renderer 1 indexed for this body: the image's alt in brackets.
            try database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete', 1, 'Kartan', ?);
                    INSERT INTO post_fts(rowid, title, text) VALUES (1, 'Kartan', 'före [karta] efter\n\na b');
                    PRAGMA user_version = 1;
                    """, arguments: [HTMLText.searchText(html)])
            }
        }
        #expect(SearchText.version == 2)
        let reopened = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(try reopened.writer.read { try Int32.fetchOne($0, sql: "PRAGMA user_version") } == SearchText.version)
        #expect(try CompactStoreTests.indexMatchesBodies(reopened))
        #expect(try reopened.search(SearchQuery("karta")).count == 1)
        // The delete trigger takes out exactly the words the rebuilt index holds.
        _ = try reopened.writer.write { try $0.execute(sql: "DELETE FROM post WHERE id = 1") }
        #expect(try CompactStoreTests.indexMatchesBodies(reopened))
        #expect(try reopened.search(SearchQuery("karta")).isEmpty)
    }
}

import Foundation
import GRDB
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

/// Bodies are stored deflated and the search index renders its text from
/// them: these check that nothing is lost and that the index always holds
/// exactly the words of the stored bodies.
@Suite("Compact store")
struct CompactStoreTests {
    /// FTS5 compares the index with the words rendered from every stored body.
    static func indexMatchesBodies(_ database: AppDatabase) throws -> Bool {
        do {
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO post_fts(post_fts, rank) VALUES ('integrity-check', 1)")
            }
            return true
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            return false
        }
    }

    static func body(_ words: String, paragraphs: Int = 6) -> String {
        (1...paragraphs).map { "<p>Stycke \($0): \(words) – “citat” å ä ö 東京.</p>" }.joined(separator: "\n")
    }

    @Test("long bodies are deflated, short ones kept as text, and both read back exactly")
    func storedForms() throws {
        let deflater = Deflater()
        let long = Self.body("hållbar upphandling")
        let stored = StoredHTML.value(long, using: deflater)
        guard case .blob(let blob) = stored.storage else {
            Issue.record("a long body should be deflated")
            return
        }
        #expect(blob.count < long.utf8.count / 2)
        #expect(StoredHTML.html(stored) == long)
        let short = "<p>Kort.</p>"
        #expect(StoredHTML.value(short, using: deflater) == short.databaseValue)
        #expect(StoredHTML.html(short.databaseValue) == short)
        #expect(StoredHTML.html(StoredHTML.value("", using: deflater)) == "")
    }

    @Test("a damaged deflated body reads as nothing, never as garbage or a crash")
    func damagedBody() throws {
        let stored = StoredHTML.value(Self.body("ord"), using: Deflater())
        guard case .blob(var blob) = stored.storage else {
            Issue.record("expected a blob")
            return
        }
        blob[blob.count / 2] ^= 0xFF
        #expect(StoredHTML.html(blob.databaseValue) == nil)
        // A length prefix promising more than deflate can give.
        #expect(StoredHTML.html(Data([0xFF, 0xFF, 0xFF, 0x7F, 0x78, 0x01]).databaseValue) == nil)
        #expect(StoredHTML.html(Data([1, 2]).databaseValue) == nil)
    }

    @Test("a body and its search text are stored together and read back exactly, separately or both")
    func storedBodies() throws {
        let deflater = Deflater()
        let html = Self.body("hållbar upphandling")
        let text = HTMLText.searchText(html)
        let stored = StoredBody.value(html: html, text: text, using: deflater)
        guard case .blob(let blob) = stored.storage else {
            Issue.record("a body is a blob")
            return
        }
        #expect(blob[0] == StoredBody.Form.deflated.rawValue)
        #expect(StoredBody.html(stored) == html)
        #expect(StoredBody.text(stored) == text)
        #expect(StoredBody.parts(stored)?.html == html && StoredBody.parts(stored)?.text == text)
        for length in [0, 1, 7, 30, text.unicodeScalars.count, text.unicodeScalars.count + 5] {
            #expect(StoredBody.textPrefix(stored, length: length) == String(String.UnicodeScalarView(text.unicodeScalars.prefix(length))),
                    "the first \(length) scalars, as substr counts them")
        }
        // The text costs little: deflate finds its words in the HTML before it.
        let htmlOnly = StoredBody.value(html: html, text: "", using: deflater)
        guard case .blob(let smaller) = htmlOnly.storage else { return }
        #expect(blob.count - smaller.count < text.utf8.count / 4, "\(blob.count) vs \(smaller.count)")
        // Short and empty bodies are kept as they are.
        for (shortHTML, shortText) in [("<p>Kort.</p>", "Kort."), ("", ""), ("ö", "")] {
            let value = StoredBody.value(html: shortHTML, text: shortText, using: deflater)
            guard case .blob(let plain) = value.storage else { continue }
            #expect(plain[0] == StoredBody.Form.plain.rawValue)
            #expect(StoredBody.html(value) == shortHTML && StoredBody.text(value) == shortText)
        }
    }

    @Test("a damaged stored body reads as nothing, never as garbage or a crash")
    func damagedStoredBody() throws {
        let html = Self.body("ord")
        guard case .blob(let blob) = StoredBody.value(html: html, text: HTMLText.searchText(html), using: Deflater()).storage else {
            Issue.record("expected a blob")
            return
        }
        var flipped = blob
        flipped[flipped.count / 2] ^= 0xFF
        var unknownForm = blob
        unknownForm[0] = 7
        var longer = blob
        longer[1] = 0xFF
        longer[4] = 0x7F
        for damaged in [flipped, unknownForm, longer, blob.prefix(StoredBody.Form.deflated.headerLength + 3), blob.prefix(4), Data()] {
            #expect(StoredBody.html(damaged.databaseValue) == nil)
            #expect(StoredBody.text(damaged.databaseValue) == nil)
        }
        // A plain body whose lengths do not add up.
        let plain = Data([StoredBody.Form.plain.rawValue, 5, 0, 0, 0, 5, 0, 0, 0]) + Data("abc".utf8)
        #expect(StoredBody.parts(plain.databaseValue) == nil)
        #expect(StoredBody.text("text, not a body".databaseValue) == nil)
    }

    @Test("the index follows inserts, changes and deletes exactly")
    func indexFollowsWrites() throws {
        let database = try AppDatabase.inMemory()
        let feed = Feed(url: "https://example.se/feed", title: "Flöde")
        try database.save(feed: feed, posts: [
            IncomingPost(guid: "a", title: "Första", published: 1, contentHTML: Self.body("textilier")),
            IncomingPost(guid: "b", title: "Andra", published: 2, contentHTML: "<p>Kort om möbler.</p>"),
        ])
        #expect(try Self.indexMatchesBodies(database))
        #expect(try database.search(SearchQuery("textilier")).map(\.title) == ["Första"])

        // A changed body: the old words leave the index, the new ones enter it.
        let counts = try database.save(feed: feed, posts: [
            IncomingPost(guid: "a", title: "Första", published: 1, contentHTML: Self.body("elektronik")),
        ])
        #expect(counts.updated == 1)
        #expect(try Self.indexMatchesBodies(database))
        #expect(try database.search(SearchQuery("textilier")).isEmpty)
        #expect(try database.search(SearchQuery("elektronik")).map(\.title) == ["Första"])

        // Deleting takes exactly the stored text's words out.
        let id = try #require(try database.search(SearchQuery("möbler")).first?.id)
        try database.deletePost(id: id)
        #expect(try Self.indexMatchesBodies(database))
        #expect(try database.search(SearchQuery("möbler")).isEmpty)

        // Removing a feed with its posts (a cascade) keeps the index in step too.
        try database.writer.write { db in _ = try db.execute(sql: "DELETE FROM feed") }
        #expect(try Self.indexMatchesBodies(database))
        #expect(try database.search(SearchQuery("elektronik")).isEmpty)
    }

    @Test("the reader's text has the numbered links; the index has the words only")
    func textAndSearchText() throws {
        let database = try AppDatabase.inMemory()
        let html = "<p>Läs <a href=\"rapport.pdf\">rapporten</a> om zirkonium.</p>"
        try database.save(feed: Feed(url: "https://example.se/feed", title: "Flöde"), posts: [
            IncomingPost(guid: "a", title: "Länk", published: 1, contentHTML: html,
                         baseURL: "https://example.se/nyheter/"),
        ])
        let post = try #require(try database.article(id: 1)?.post)
        #expect(post.contentHTML == html)
        #expect(post.text == "Läs rapporten[1] om zirkonium.\n\n[1] https://example.se/nyheter/rapport.pdf")
        #expect(try database.search(SearchQuery("zirkonium")).count == 1)
        #expect(try database.search(SearchQuery("pdf")).isEmpty, "URLs are not indexed")
        #expect(try database.summaries(ids: [1]) == [1: "Läs rapporten om zirkonium."])
    }

    @Test("an index rendered by another version of the text renderer is rebuilt on open")
    func staleIndexRebuilt() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/store.sqlite"
        do {
            let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
            try database.save(feed: Feed(url: "https://example.se/feed", title: "Flöde"), posts: [
                IncomingPost(guid: "a", title: "Första", published: 1, contentHTML: Self.body("textilier")),
            ])
            // As if an older build had indexed other words: the index lost this
            // post's words and the store says another renderer made it.
            try database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO post_fts(post_fts) VALUES ('delete-all');
                    PRAGMA user_version = 0;
                    """)
            }
            #expect(try database.search(SearchQuery("textilier")).isEmpty)
        }
        let reopened = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(try reopened.search(SearchQuery("textilier")).count == 1)
        #expect(try Self.indexMatchesBodies(reopened))
        #expect(try reopened.writer.read { try Int32.fetchOne($0, sql: "PRAGMA user_version") } == SearchText.version)
    }

    static let greek = ["alfa", "beta", "gamma"]

    @Test("a big source builds the index in bulk, then restores the usual merging")
    func bulkIndexing() throws {
        let database = try AppDatabase.inMemory()
        let count = SearchIndexBulkMode.threshold + 500
        let posts = (0..<count).map { index in
            IncomingPost(guid: "g\(index)", title: "Inlägg \(index)", published: Int64(index),
                         contentHTML: "<p>\(Self.greek[index % 3]) och hållbarhetskrav nummer \(index).</p>")
        }
        let counts = try database.save(feed: Feed(title: "Stort"), posts: posts)
        #expect(counts.new == count)
        #expect(try Self.indexMatchesBodies(database))
        #expect(try database.searchCount(SearchQuery("hållbarhetskrav")) == count)
        #expect(try database.searchCount(SearchQuery("gamma")) == (0..<count).filter { $0 % 3 == 2 }.count)
        let settings = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT k, v FROM post_fts_config WHERE k IN ('automerge', 'hashsize')")
        }
        let values = Dictionary(uniqueKeysWithValues: settings.map { ($0["k"] as String, $0["v"] as Int) })
        #expect(values["automerge"] == SearchIndexBulkMode.defaultAutomerge)
        #expect(values["hashsize"] == SearchIndexBulkMode.defaultHashSize)
        // The vocabulary learned the compound.
        #expect(try database.search(SearchQuery("krav")).count == count)
    }
}

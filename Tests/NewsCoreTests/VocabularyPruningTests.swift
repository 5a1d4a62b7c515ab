import Foundation
import GRDB
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

/// Issue 11: words that leave the word index leave the compound vocabulary
/// too (a post refetched five times with new text grew a store from 19 to
/// 72 MB, and purging its feed and VACUUM kept 71 MB).
@Suite("The search vocabulary is pruned")
struct VocabularyPruningTests {
    /// `count` made-up words no other text has, different for each `version`.
    static func words(version: Int, count: Int) -> [String] {
        var random = UInt64(version) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let letters = Array("abcdefghijklmnopqrstuvwxyzåäö")
        return (0..<count).map { index in
            var word = "v\(version)x"
            for _ in 0..<(6 + index % 5) {
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                word.append(letters[Int(random >> 33) % letters.count])
            }
            return word
        }
    }

    static func document(version: Int, words: Int) -> [UInt8] {
        let body = Self.words(version: version, count: words).joined(separator: " ")
        return Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Flöde</title><link>https://a.example/</link>
            <item><guid>1</guid><title>Samma inlägg</title><description>upphandling \(body)</description></item>
            <item><guid>2</guid><title>Annat inlägg</title><description>upphandling hållbarhetskrav</description></item>
            </channel></rss>
            """.utf8)
    }

    func vocabulary(_ database: AppDatabase) throws -> Set<String> {
        Set(try database.writer.read { try String.fetchAll($0, sql: "SELECT term FROM search_term") })
    }

    /// The vocabulary holds exactly the index's words of three letters and
    /// more, and both FTS5 indexes pass their integrity checks.
    func expectConsistent(_ database: AppDatabase) throws {
        try database.writer.read { db in
            let indexed = Set(try String.fetchAll(db, sql: "SELECT term FROM post_vocab WHERE length(term) >= 3"))
            let vocabulary = Set(try String.fetchAll(db, sql: "SELECT term FROM search_term"))
            #expect(vocabulary == indexed)
            let trigramRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_term_fts") ?? -1
            #expect(trigramRows == vocabulary.count)
        }
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO post_fts(post_fts, rank) VALUES ('integrity-check', 1)")
            try db.execute(sql: "INSERT INTO search_term_fts(search_term_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    /// Kilobytes the store uses for the vocabulary and its trigram index, after VACUUM.
    func vocabularyKilobytes(_ database: AppDatabase) throws -> Int {
        try database.writer.writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
        return try database.writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT SUM(pgsize) / 1024 FROM dbstat WHERE name LIKE 'search_term%' OR name = 'sqlite_autoindex_search_term_1'
                """) ?? 0
        }
    }

    func pages(_ database: AppDatabase) throws -> Int {
        try database.writer.writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
        return try database.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_count")! }
    }

    @Test("a post changed in place leaves none of its old words behind; the store does not grow with each version")
    func refetchedPost() throws {
        let directory = try TemporaryDirectory("store")
        let database = try AppDatabase.open(StoreLocation(path: directory.path + "/store.sqlite", origin: .option))
        let feed = Feed(title: "fil", source: "/feeds/a.xml")
        var vocabularySizes: [Int] = []
        var storeSizes: [Int] = []
        for version in 1...10 {
            let result = try database.importFeed(FeedParser(data: Self.document(version: version, words: 3_000)), into: feed)
            #expect(result.counts.new + result.counts.updated == (version == 1 ? 2 : 1))
            try expectConsistent(database)
            let vocabulary = try vocabulary(database)
            #expect(vocabulary.isSuperset(of: Self.words(version: version, count: 3_000)))
            for old in 1..<version {
                #expect(vocabulary.isDisjoint(with: Self.words(version: old, count: 3_000)), "version \(old)'s words remain")
            }
            vocabularySizes.append(try vocabularyKilobytes(database))
            storeSizes.append(try pages(database))
        }
        // Each version replaces the last: the vocabulary keeps its size (it grew by
        // the whole of it with each version), and the store stays within what FTS5
        // keeps until it merges its segments.
        #expect(vocabularySizes.max()! <= vocabularySizes[0] * 5 / 4, "vocabulary KB after each version: \(vocabularySizes)")
        #expect(storeSizes.last! < storeSizes[0] * 3, "pages after each version: \(storeSizes)")
        // Searching an old word finds nothing, neither whole nor inside a compound.
        let oldWord = Self.words(version: 1, count: 1)[0]
        #expect(try database.search(SearchQuery(oldWord)).isEmpty)
        #expect(try database.search(SearchQuery(String(oldWord.dropFirst(2)))).isEmpty)
        let newWord = Self.words(version: 10, count: 1)[0]
        #expect(try database.search(SearchQuery(String(newWord.dropFirst(2)))).map(\.title) == ["Samma inlägg"])
    }

    @Test("purging a feed takes its words out; VACUUM then gives the space back")
    func purge() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/store.sqlite"
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        try database.save(feed: Feed(url: "https://keep.example/feed", title: "Kvar"), posts: [
            IncomingPost(guid: "k", title: "Kvar", contentHTML: "<p>upphandling leverantörer</p>"),
        ])
        let emptySize = try pages(database)
        let feed = try database.subscribe(url: "https://gone.example/feed")
        for version in 1...3 {
            try database.importFeed(FeedParser(data: Self.document(version: version, words: 3_000)), into: feed)
        }
        try expectConsistent(database)
        #expect(try database.removeFeed(id: feed.id!, purge: true) == 2)
        try expectConsistent(database)
        #expect(try vocabulary(database) == ["kvar", "upphandling", "leverantörer"])
        #expect(try database.search(SearchQuery("hållbarhetskrav")).isEmpty)
        #expect(try database.search(SearchQuery("krav")).isEmpty, "no compound of a purged post is left")
        #expect(try database.search(SearchQuery("upphandling")).map(\.title) == ["Kvar"])
        let size = try pages(database)
        #expect(size < emptySize * 3 / 2, "pages: \(size), before the purged feed: \(emptySize)")
    }

    @Test("a feed with a few of the store's posts leaves post by post, the whole store at once; the index stays exact")
    func purgeFewOrAll() throws {
        let database = try AppDatabase.inMemory()
        let keep = try database.subscribe(url: "https://keep.example/feed")
        let gone = try database.subscribe(url: "https://gone.example/feed")
        try database.save(feed: keep, posts: (1...3).map { index in
            IncomingPost(guid: "k\(index)", title: "Kvar \(index)", contentHTML: "<p>upphandling leverantörer \(index)</p>")
        })
        try database.save(feed: gone, posts: [
            IncomingPost(guid: "g", title: "Borta", contentHTML: "<p>upphandling hållbarhetskrav zirkonium</p>"),
        ])
        // One post of four: its stored words leave the index one by one (the delete trigger).
        #expect(try database.removeFeed(id: gone.id!, purge: true) == 1)
        try expectConsistent(database)
        #expect(try database.search(SearchQuery("zirkonium")).isEmpty)
        #expect(try database.search(SearchQuery("krav")).isEmpty)
        #expect(try database.search(SearchQuery("upphandling")).count == 3)
        // Every post: the index and the vocabulary are made again, empty.
        #expect(try database.removeFeed(id: keep.id!, purge: true) == 3)
        try expectConsistent(database)
        #expect(try vocabulary(database).isEmpty)
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post_body") } == 0)
        #expect(try database.search(SearchQuery("upphandling")).isEmpty)
    }

    @Test("deleting one post forgets the words only it had")
    func deletePost() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: Feed(title: "x", source: "/x.xml"), posts: [
            IncomingPost(guid: "1", title: "Ett", contentHTML: "<p>gemensamt ordförrådsunikt</p>"),
            IncomingPost(guid: "2", title: "Två", contentHTML: "<p>gemensamt</p>"),
        ])
        let id = try database.searchIDs(SearchQuery("ordförrådsunikt"))[0]
        try database.deletePost(id: id)
        #expect(try vocabulary(database) == ["två", "gemensamt"])
        try expectConsistent(database)
    }

    @Test("the migration prunes what an older store kept")
    func migrationPrunes() throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.configuration())
        try AppDatabase.migrator.migrate(queue, upTo: "v5-compact-bodies")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO search_term(term) VALUES ('kvarglömt'), ('föråldrat')")
        }
        let database = try AppDatabase(queue)
        #expect(try vocabulary(database).isEmpty)
        try expectConsistent(database)
    }
}

import Foundation
import GRDB
import NewsModel
import Testing
@testable import NewsCore

/// The vocabulary of a big source written into an empty store is read from
/// the word index's leaf pages (`IndexTerms`) instead of through
/// `post_vocab`: these check that the two always agree, and that pages or
/// records the reader does not know are refused, not misread.
@Suite("Index terms")
struct IndexTermsTests {
    /// What `post_vocab` lists, as `SearchTerms.record` reads it for a big source.
    static func vocabularyTerms(_ db: Database, minimumLength: Int = SearchTerms.minimumLength) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT term FROM post_vocab WHERE length(term) >= ?",
                                arguments: [minimumLength]))
    }

    static func searchTerms(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT term FROM search_term"))
    }

    /// Words of every kind: shared and unique ones, Swedish and Japanese,
    /// digits, and now and then a word longer than an index page (1,000 bytes).
    static func post(_ index: Int, guid: String? = nil, extra: String = "") -> IncomingPost {
        var words = ["hållbarhetskrav", "upphandling", "ö", "東京都庁", "id\(index)", "ord\(index % 97)x", "är", extra]
        if index % 500 == 7 { words.append(String(repeating: "långtord", count: 200) + "\(index)") }
        return IncomingPost(guid: guid ?? "g\(index)", title: "Inlägg \(index) Ärende", published: Int64(index),
                            contentHTML: "<p>\(words.joined(separator: " "))</p><p>Ännu ett stycke \(index * 7919).</p>")
    }

    @Test("a big source into an empty store: the vocabulary is exactly the index's terms, read from its pages")
    func bigSourceIntoEmptyStore() throws {
        let database = try AppDatabase.inMemory()
        #expect(try database.writer.read { try IndexTerms.indexIsEmpty($0) })
        var posts = (0..<(SearchIndexBulkMode.threshold + 700)).map {
            Self.post($0, extra: $0 == 3 ? "försvinnande" : "version\($0 % 5)")
        }
        // The same guid again, changed: its first words leave the index (one of them for good).
        posts.append(Self.post(3, guid: "g3", extra: "andraversionen"))
        let counts = try database.save(feed: Feed(title: "Stort"), posts: posts)
        #expect(counts.new == SearchIndexBulkMode.threshold + 700)
        #expect(counts.updated == 1)
        try database.writer.read { db in
            #expect(try !IndexTerms.indexIsEmpty(db))
            let vocabulary = try Self.searchTerms(db)
            #expect(vocabulary == (try Self.vocabularyTerms(db)))
            #expect(vocabulary.contains("andraversionen"))
            #expect(vocabulary.contains("id2699"))
            #expect(vocabulary.contains("東京都庁"))
            #expect(vocabulary.contains("version3"))
            #expect(!vocabulary.contains("försvinnande"))
            #expect(vocabulary.contains { $0.hasPrefix("långtordlångtord") && $0.hasSuffix("2007") })
        }
        #expect(try CompactStoreTests.indexMatchesBodies(database))
        // The vocabulary learned the compound.
        #expect(try database.search(SearchQuery("krav")).count == SearchIndexBulkMode.threshold + 700)
    }

    @Test("a second big source, into a store that has an index: the vocabulary comes from post_vocab, as exact")
    func bigSourceIntoStoreWithIndex() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: Feed(title: "Litet"), posts: [Self.post(0, extra: "förstakällan")])
        let posts = (1...(SearchIndexBulkMode.threshold + 100)).map { Self.post($0, extra: "andrakällan") }
        try database.save(feed: Feed(title: "Stort"), posts: posts)
        try database.writer.read { db in
            let vocabulary = try Self.searchTerms(db)
            #expect(vocabulary == (try Self.vocabularyTerms(db)))
            #expect(vocabulary.isSuperset(of: ["förstakällan", "andrakällan", "id2100"]))
        }
    }

    @Test("the terms read from the pages of many segments are those post_vocab lists")
    func termsOfManySegments() throws {
        let database = try AppDatabase.inMemory()
        try database.writer.write { db in
            // A small memory budget: a segment every few posts.
            try db.execute(sql: "INSERT INTO post_fts(post_fts, rank) VALUES ('hashsize', 4000)")
            try db.execute(sql: "INSERT INTO post_fts(post_fts, rank) VALUES ('automerge', 0)")
            var generator = SplitMix64(seed: 16)
            let alphabet = Array("abcdefghijklmnopqrstuvwxyzåäöéü東京").map(String.init)
            for row in 1...400 {
                let words = (0..<30).map { _ in
                    (0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                }
                try db.execute(sql: "INSERT INTO post_fts(rowid, title, text) VALUES (?, ?, ?)",
                               arguments: [row, "Titel \(row)", words.joined(separator: " ")])
            }
            let terms = try #require(try IndexTerms.all(db))
            let structure = try #require(try Data.fetchOne(db, sql: "SELECT block FROM post_fts_data WHERE id = 10"))
            #expect((IndexTerms.segments(inStructure: [UInt8](structure))?.count ?? 0) > 3)
            #expect(Set(terms.map { String(decoding: $0, as: UTF8.self) }) == (try Self.vocabularyTerms(db, minimumLength: 0)))
        }
    }

    @Test("structure records and pages of another form are refused, never misread")
    func unknownForms() throws {
        // Version 1: cookie, 1 level, 1 segment, write counter 1; the level: 0 merging, 1 segment (id 1, pages 1...1).
        #expect(IndexTerms.segments(inStructure: [0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1])
            == [IndexTerms.Segment(id: 1, firstPage: 1, lastPage: 1)])
        // The second form SQLite 3.43 can write.
        #expect(IndexTerms.segments(inStructure: [0, 0, 0, 0, 0xFF, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1]) == nil)
        #expect(IndexTerms.segments(inStructure: [0, 0, 0, 0, 1, 1, 1, 0, 1, 1]) == nil)
        #expect(IndexTerms.segments(inStructure: [0, 0]) == nil)
        // A page with two terms ("0hello", then "0world" sharing the "0"), as FTS5 writes it.
        let page: [UInt8] = [0, 0, 0, 0x18, 6] + Array("0hello".utf8) + [1, 2, 2, 1, 5] + Array("world".utf8) + [1, 2, 3, 4, 10]
        var terms = Set<[UInt8]>()
        #expect(page.withUnsafeBufferPointer { IndexTerms.addTerms(onLeaf: $0, to: &terms) })
        #expect(terms == [Array("hello".utf8), Array("world".utf8)])
        // Cut short, or with offsets past the footer: refused.
        for broken in [Array(page.prefix(3)), Array(page.prefix(20)), [0, 0, 0, 4, 9], [0, 0, 0, 5, 0, 1]] {
            var ignored = Set<[UInt8]>()
            #expect(!broken.withUnsafeBufferPointer { IndexTerms.addTerms(onLeaf: $0, to: &ignored) })
        }
        // Noise never traps.
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let noise = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var ignored = Set<[UInt8]>()
            _ = noise.withUnsafeBufferPointer { IndexTerms.addTerms(onLeaf: $0, to: &ignored) }
            _ = IndexTerms.segments(inStructure: noise)
        }
    }
}

import Foundation
import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// Issue 11: the work a query asks for is bounded, and snippets come with
/// one statement for all hits (`search a` on 100,000 posts ran a snippet
/// query per hit; a 2,000-word quoted phrase took 46 s).
@Suite("Search: bounded queries, snippets in one statement")
struct SearchBoundsTests {
    static func store() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: Feed(url: "https://a.example/feed", title: "Upphandlingsnytt"), posts: [
            IncomingPost(FixturePost("1", "Ny upphandlingsrapport", Fixtures.seconds("2021-12-01"), "Om hållbarhetskrav i avtal med leverantörer.")),
            IncomingPost(FixturePost("2", "Rapport om krav", Fixtures.seconds("2021-12-02"), "Rapporten beskriver krav på leverantörer av textilier.")),
            IncomingPost(FixturePost("3", "Textilier", Fixtures.seconds("2022-01-03"), "Due diligence vid upphandling av textilier.")),
            IncomingPost(FixturePost("4", "Advent", Fixtures.seconds("2021-12-05"), "A b c, ett brev om avtal och krav.")),
        ])
        return database
    }

    @Test("a 2,000-word phrase is cut to its first words, and the cut is named")
    func longPhrase() throws {
        let words = (0..<2_000).map { ["due", "diligence", "vid", "upphandling"][$0 % 4] }
        let query = SearchQuery("\"" + words.joined(separator: " ") + "\"")
        #expect(query.terms == [.phrase(Array(words.prefix(SearchQuery.maximumPhraseWords)), titleOnly: false)])
        #expect(query.cuts == [.phrase])
        #expect(SearchQuery.notice(query.cuts) == "the query was too big: phrases were cut to their first 16 words")
        // The phrase that is searched: its first sixteen words, which no post holds.
        #expect(try Self.store().search(query).isEmpty)
        let short = SearchQuery("\"due diligence vid upphandling\"")
        #expect(short.cuts.isEmpty)
        #expect(try Self.store().search(short).map(\.title) == ["Textilier"])
    }

    @Test("at most 32 words in all; the rest is left out and named")
    func manyWords() throws {
        let query = SearchQuery((0..<40).map { "ord\($0)" }.joined(separator: " ") + " \"a b c\" -x")
        #expect(query.terms.count == SearchQuery.maximumWords)
        #expect(query.terms.last == .word("ord31", titleOnly: false))
        #expect(query.cuts == [.words])
        #expect(SearchQuery.notice(query.cuts) == "the query was too big: only its first 32 words were searched")
        // A phrase that straddles the bound keeps the words that fit.
        let straddling = SearchQuery((0..<30).map { "w\($0)" }.joined(separator: " ") + " \"krav på leverantörer\"")
        #expect(straddling.terms.last == .phrase(["krav", "på"], titleOnly: false))
        #expect(SearchQuery("krav avtal").cuts.isEmpty)
    }

    @Test("a one-letter word is a prefix only when it is the whole query")
    func oneLetterWords() throws {
        let database = try Self.store()
        #expect(Set(try database.search(SearchQuery("a")).map(\.title)) == ["Ny upphandlingsrapport", "Advent", "Rapport om krav", "Textilier"])
        // Beside another word, `a` is the word "a" (in post 4), not every word starting with a.
        #expect(try database.search(SearchQuery("a krav")).map(\.title) == ["Advent"])
        #expect(try database.searchCuts(SearchQuery("a krav")).isEmpty)
    }

    @Test("at most two words are searched by FTS5's own prefix search; more are matched whole, and named")
    func openPrefixes() throws {
        let database = try AppDatabase.inMemory()
        // More stored words starting with "pa", "pe", "pi" than the vocabulary spells out.
        var posts: [IncomingPost] = []
        for prefix in ["pa", "pe", "pi"] {
            let words = (0..<(SearchTerms.maxPrefixTerms + 10)).map { "\(prefix)\(String($0, radix: 26))q" }
            posts.append(IncomingPost(guid: prefix, title: prefix, contentHTML: "<p>\(words.joined(separator: " "))</p>"))
        }
        try database.save(feed: Feed(title: "p", source: "/p.xml"), posts: posts)
        let query = SearchQuery("pa pe pi")
        #expect(try database.searchCuts(query) == [.prefix("pi")])
        #expect(SearchQuery.notice([.prefix("pi")])
                == "the query was too big: 'pi' matched as a whole word (each would start too many words)")
        #expect(try database.search(query).isEmpty, "pi is no stored word, so nothing matches all three")
        #expect(try database.search(SearchQuery("pa pe")).isEmpty == true, "no post has both")
        #expect(try database.search(SearchQuery("pa")).map(\.title) == ["pa"])
    }

    @Test("snippets of every hit come from one statement, each the same as asked alone")
    func snippets() throws {
        let database = try Self.store()
        for text in ["krav", "textil", "\"due diligence\"", "leverantörer -textilier", "a"] {
            let query = SearchQuery(text)
            let ids = try database.searchIDs(query)
            #expect(!ids.isEmpty, "\(text)")
            let all = try database.snippets(query, postIDs: ids, open: "[", close: "]")
            #expect(Set(all.keys) == Set(ids), "\(text)")
            for id in ids {
                #expect(try database.snippets(query, postIDs: [id], open: "[", close: "]") == [id: all[id]!])
                #expect(all[id]!.contains("["), "\(text): \(all[id]!)")
            }
        }
        let krav = try database.snippets(SearchQuery("krav"), postIDs: try database.searchIDs(SearchQuery("krav")), open: "[", close: "]")
        #expect(krav.values.contains("Rapporten beskriver [krav] på leverantörer av textilier."))
        // Posts that do not match have no snippet; nor does an empty list.
        #expect(try database.snippets(SearchQuery("krav"), postIDs: [3], open: "[", close: "]").isEmpty)
        #expect(try database.snippets(SearchQuery("krav"), postIDs: [], open: "[", close: "]").isEmpty)
    }
}

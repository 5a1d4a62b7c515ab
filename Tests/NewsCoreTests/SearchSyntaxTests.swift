import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

@Suite("Search: compounds, syntax and ranking")
struct SearchSyntaxTests {
    let database: AppDatabase

    init() throws {
        database = try AppDatabase.inMemory()
        try database.save(feed: Feed(url: "https://a.example/feed", title: "Upphandlingsnytt"), posts: [
            IncomingPost(FixturePost("1", "Ny upphandlingsrapport", Fixtures.seconds("2021-12-01"), "Om hållbarhetskrav i avtal.")),
            IncomingPost(FixturePost("2", "Rapport om krav", Fixtures.seconds("2021-12-02"), "Rapporten beskriver krav på leverantörer.")),
            IncomingPost(FixturePost("3", "Textilier", Fixtures.seconds("2022-01-03"), "Due diligence vid upphandling av textilier.")),
        ])
        try database.save(feed: Feed(url: "https://b.example/feed", title: "Kyrkans blad"), posts: [
            IncomingPost(FixturePost("4", "Advent", Fixtures.seconds("2021-12-05"), "Rapport från församlingen om krav och due diligence.")),
        ])
    }

    func titles(_ query: String, order: SearchOrder = .relevance) throws -> [String] {
        try database.search(SearchQuery(query), order: order).map(\.title)
    }

    @Test("a word inside a Swedish compound matches, ranked below whole-word and prefix hits")
    func compounds() throws {
        let rapport = try titles("rapport")
        #expect(Set(rapport) == ["Ny upphandlingsrapport", "Rapport om krav", "Advent"])
        #expect(rapport.last == "Ny upphandlingsrapport")
        let krav = try titles("krav")
        #expect(Set(krav) == ["Ny upphandlingsrapport", "Rapport om krav", "Advent"])
        #expect(krav.last == "Ny upphandlingsrapport")
    }

    @Test("one or two letters search prefixes only, never inside words")
    func shortQueries() throws {
        // "ad" begins "Advent" and "avtal"-free; it is inside "upphandlingsrapport"'s neighbours but not at a start.
        #expect(try titles("ad") == ["Advent"])
        #expect(try titles("xt").isEmpty) // inside "textilier" only
    }

    @Test("words added later are found inside compounds too")
    func vocabularyFollowsWrites() throws {
        try database.save(feed: Feed(title: "Lokalt"), posts: [IncomingPost(FixturePost("9", "Klimatkompensation", Fixtures.seconds("2022-02-01")))])
        #expect(try titles("kompensation") == ["Klimatkompensation"])
    }

    @Test("\"exact phrase\" keeps words together and in order")
    func phrase() throws {
        #expect(Set(try titles("\"due diligence\"")) == ["Textilier", "Advent"])
        #expect(try titles("\"diligence due\"").isEmpty)
        #expect(try titles("“krav på leverantörer”") == ["Rapport om krav"])
    }

    @Test("-word leaves posts out")
    func exclusion() throws {
        #expect(Set(try titles("krav -avtal")) == ["Rapport om krav", "Advent"])
        #expect(Set(try titles("-textilier")) == ["Ny upphandlingsrapport", "Rapport om krav", "Advent"])
    }

    @Test("title:, feed:, month: and date: filters")
    func fields() throws {
        #expect(Set(try titles("title:rapport")) == ["Rapport om krav", "Ny upphandlingsrapport"])
        #expect(try titles("title:\"om krav\"") == ["Rapport om krav"])
        #expect(try titles("rapport feed:kyrkans") == ["Advent"])
        #expect(try titles("feed:KYRKANS") == ["Advent"])
        #expect(try titles("feed:saknas").isEmpty)
        #expect(try titles("due month:2022-01") == ["Textilier"])
        #expect(Set(try titles("krav date:2021-12-02..2021-12-05")) == ["Rapport om krav", "Advent"])
        #expect(try titles("month:2021-11..2021-12 textilier").isEmpty)
    }

    @Test("unbalanced or unknown syntax is read literally, never an error")
    func forgiving() throws {
        #expect(Set(try titles("\"due diligence")) == ["Textilier", "Advent"])
        #expect(try titles("month:december").isEmpty) // a problem (not a month); as words, nothing matches either
        #expect(Set(try titles("krav -")) == ["Ny upphandlingsrapport", "Rapport om krav", "Advent"])
        #expect(try titles("title:").isEmpty)
        #expect(try database.searchCount(SearchQuery("\"\"")) == 0)
    }

    @Test("a month: or date: that names no month or day is a problem, named with its token")
    func notAMonth() {
        #expect(SearchQuery("krav month:2021-13").problem == .notAMonth("month:2021-13"))
        #expect(SearchQuery("month:december").problem == .notAMonth("month:december"))
        #expect(SearchQuery("month:").problem == .notAMonth("month:"))
        #expect(SearchQuery("date:2021-02-30").problem == .notADate("date:2021-02-30"))
        #expect(SearchQuery("date:2021-12-32").problem == .notADate("date:2021-12-32"))
        #expect(SearchQuery("DATE:2022-01-01..2021-12-01").problem == .notADate("DATE:2022-01-01..2021-12-01"))
        // The first problem is the one reported.
        #expect(SearchQuery("month:2021-00 date:x").problem == .notAMonth("month:2021-00"))
        // Valid limits, leap days and other words are no problem.
        for text in ["month:2021-12", "month:2021-11..2022-01", "date:2024-02-29", "date:2021-12-01..2021-12-31",
                     "krav", "\"month:2021-13\"", "title:month", "-month:x"] {
            #expect(SearchQuery(text).problem == nil, "\(text)")
        }
        #expect(SearchQuery("date:2023-02-29").problem == .notADate("date:2023-02-29"))
        #expect(SearchQuery.Problem.notAMonth("month:2021-13").description.hasPrefix("month:2021-13 is not a month"))
    }

    @Test("titles outrank bodies; --sort date orders newest first")
    func ranking() throws {
        #expect(try titles("textilier").first == "Textilier")
        #expect(try titles("krav", order: .date) == ["Advent", "Rapport om krav", "Ny upphandlingsrapport"])
        #expect(try database.searchCount(SearchQuery("krav")) == 3)
    }

    @Test("case folding beyond Swedish: Greek, Cyrillic, German")
    func otherScripts() throws {
        try database.save(feed: Feed(title: "Världen"), posts: [
            IncomingPost(FixturePost("g", "ΑΘΗΝΑ νέα", Fixtures.seconds("2022-01-01"))),
            IncomingPost(FixturePost("c", "МОСКВА новости", Fixtures.seconds("2022-01-02"))),
            IncomingPost(FixturePost("d", "Straße", Fixtures.seconds("2022-01-03"))),
        ])
        #expect(try titles("αθηνα") == ["ΑΘΗΝΑ νέα"])
        #expect(try titles("москва") == ["МОСКВА новости"])
        #expect(try titles("straße") == ["Straße"])
    }

    @Test("snippets mark the matched words")
    func snippets() throws {
        let id = try database.searchIDs(SearchQuery("hållbarhetskrav"))[0]
        let snippet = try database.snippets(SearchQuery("krav"), postIDs: [id], open: "[", close: "]")[id]
        #expect(snippet == "Om [hållbarhetskrav] i avtal.")
    }
}

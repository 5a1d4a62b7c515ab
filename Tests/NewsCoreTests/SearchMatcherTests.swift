import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// The highlight's rule: what `SearchMatcher` calls a hit, built by the
/// store with the search, so it agrees with what the search found.
@Suite("Search hits")
struct SearchMatcherTests {
    let database: AppDatabase

    static let posts = [
        FixturePost("1", "Nya hållbarhetskrav i avtalen", Fixtures.seconds("2021-12-01"), "Kravställning och KRAV på leverantörer."),
        FixturePost("2", "Upphandlingsrapport om textilier", Fixtures.seconds("2021-12-02"), "En rapport om offentlig upphandling."),
        FixturePost("3", "Här är nyheten", Fixtures.seconds("2021-12-03"), "Vi har en offentlig och en privat upphandling."),
        FixturePost("4", "Ελληνικά ΑΘΗΝΑ och Москва", Fixtures.seconds("2021-12-04"), "Αθήνα, МОСКВА och e-post."),
        FixturePost("5", "Upphandling utan krav", Fixtures.seconds("2021-12-05"), "Offentlig upphandling, due diligence."),
    ]

    init() throws {
        database = try FixtureStore.inMemory(Self.posts)
    }

    /// The hits of `query` in `text` as the texts they cover.
    func hits(_ query: String, in text: String, isTitle: Bool = false) throws -> [String] {
        let matcher = try database.searchMatcher(SearchQuery(query))
        let characters = Array(text)
        return matcher.hits(in: text, isTitle: isTitle).map { String(characters[$0]) }
    }

    @Test("whole words and prefixes, case-insensitive: /KRAV highlights krav, Krav- and KRAV")
    func wordsAndPrefixes() throws {
        #expect(try hits("KRAV", in: "Kravställning och KRAV på krav.") == ["Krav", "KRAV", "krav"])
        #expect(try hits("upphandl", in: "Offentlig upphandling, Upphandlingsrapport") == ["upphandl", "Upphandl"])
    }

    @Test("compound parts the search added: krav in hållbarhetskrav, rapport in upphandlingsrapport")
    func compounds() throws {
        #expect(try hits("krav", in: "Nya hållbarhetskrav i avtalen") == ["krav"])
        #expect(try hits("rapport", in: "Upphandlingsrapport om textilier") == ["rapport"])
        let matcher = try database.searchMatcher(SearchQuery("krav"))
        #expect(matcher.hits(in: "Nya hållbarhetskrav i avtalen") == [15..<19])
        // A compound the store does not hold was not searched: no hit.
        #expect(try hits("krav", in: "miljökrav").isEmpty)
        // Only a word's own part of the compound, never the rest.
        #expect(try hits("kra", in: "hållbarhetskrav") == ["kra"])
    }

    @Test("å, ä and ö are letters of their own: har never highlights här")
    func swedishLetters() throws {
        #expect(try hits("har", in: "Här är det: vi har det.") == ["har"])
        #expect(try hits("här", in: "Här är det: vi har det.") == ["Här"])
        #expect(try hits("ar", in: "är").isEmpty)
    }

    @Test("every script folds its case; canonically equal forms are equal")
    func scriptsAndNormalization() throws {
        #expect(try hits("αθηνα", in: "Ελληνικά ΑΘΗΝΑ och Москва") == ["ΑΘΗΝΑ"])
        #expect(try hits("москва", in: "Ελληνικά ΑΘΗΝΑ och Москва") == ["Москва"])
        // A decomposed å in the text (a + combining ring) is the same letter.
        #expect(try hits("hållbar", in: "Ha\u{30A}llbarhet") == ["Ha\u{30A}llbar"])
    }

    @Test("a phrase: one hit where its words stand together, in order, even across lines")
    func phrases() throws {
        let matcher = try database.searchMatcher(SearchQuery("\"offentlig upphandling\""))
        let text = "Vi har en offentlig och en privat upphandling. Offentlig upphandling!"
        let characters = Array(text)
        #expect(matcher.hits(in: text).map { String(characters[$0]) } == ["Offentlig upphandling"])
        let lines = ["om offentlig", "upphandling och offentlig", "sektor"].map { SearchMatcher.Passage($0) }
        #expect(matcher.hits(in: lines, isTitle: false) == [[3..<12], [0..<11], []])
    }

    @Test("what the layout added is skipped: a link's [1] neither matches nor parts a phrase")
    func addedText() throws {
        let matcher = try database.searchMatcher(SearchQuery("\"rapport om\" 1"))
        let passage = SearchMatcher.Passage("en rapport[1] om", skipped: [10..<13])
        // The phrase is one hit, its [1] inside; the number alone is none.
        #expect(matcher.hits(in: [passage], isTitle: false) == [[3..<16]])
    }

    @Test("title: words count in titles only; excluded words never")
    func titleOnlyAndExcluded() throws {
        let titleOnly = try database.searchMatcher(SearchQuery("title:upphandling"))
        #expect(titleOnly.hits(in: "Upphandling utan krav", isTitle: true) == [0..<11])
        #expect(titleOnly.hits(in: "Offentlig upphandling", isTitle: false).isEmpty)
        let excluding = try database.searchMatcher(SearchQuery("krav -upphandling"))
        #expect(excluding.hits(in: "upphandling utan krav") == [17..<21])
    }

    @Test("a one-letter word beside others is a whole word, as the search takes it")
    func oneLetterWords() throws {
        #expect(try hits("e post", in: "e-post och en epost") == ["e", "post"])
        #expect(try hits("e", in: "e-post och en") == ["e", "e"], "alone it is a prefix: the e of en")
    }

    @Test("the matcher agrees with the search: each post found has a hit of every term, no other post has",
          arguments: ["krav", "rapport", "upphandling", "offentlig upphandling", "\"offentlig upphandling\"", "har",
                      "här", "ΑΘΗΝΑ", "москва", "e post", "hållbar", "title:krav", "kravställ", "ny"])
    func agreement(query: String) throws {
        let search = SearchQuery(query)
        let found = Set(try database.searchIDs(search))
        let matcher = try database.searchMatcher(search)
        for summary in try database.posts(limit: 100) {
            let article = try #require(try database.article(id: summary.id))
            // Each term on its own: every one must have a hit in a post that was found.
            let terms = matcher.words.map { SearchMatcher(words: [$0]) } + matcher.phrases.map { SearchMatcher(words: [], phrases: [$0]) }
            let everyTermHit = terms.allSatisfy { term in
                !term.hits(in: article.post.title, isTitle: true).isEmpty || !term.hits(in: article.body.text).isEmpty
            }
            #expect(everyTermHit == found.contains(summary.id), "\(query): \(article.post.title)")
        }
    }
}

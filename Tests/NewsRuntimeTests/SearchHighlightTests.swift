import Foundation
import NewsCore
import NewsModel
import NewsRuntime
import NewsUI
import Testing
import TestSupport

/// Issue 13, item 5: every kind of hit the search finds is highlighted, in
/// the list and in the article, and `n`/`N` step through exactly those:
/// the store's own matcher (its prefixes and compounds) behind the screen.
@Suite("Search highlights")
struct SearchHighlightTests {
    static func store() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: Feed(url: "https://example.se/feed", title: "Exempel om krav"), posts: [
            IncomingPost(guid: "k", title: "Nya hållbarhetskrav", link: "https://example.se/krav",
                         published: Fixtures.date(2021, 12, 14),
                         contentHTML: "<p>Hållbarhetskrav och KRAV i <a href=\"https://example.se/krav.pdf\">kravlistan</a>.</p>"
                            + "<p>Här har vi en offentlig upphandling och en upphandlingsrapport.</p>"),
            IncomingPost(guid: "r", title: "Rapporten", link: "https://example.se/r", published: Fixtures.date(2021, 12, 13),
                         contentHTML: "<p>Offentlig sektor. Upphandling.</p>"),
        ], now: Fixtures.date(2022, 1, 1))
        return database
    }

    /// The program after searching `query` and opening the first result.
    static func article(_ query: String, columns: Int = 80) throws -> ReaderProgram {
        let program = ReaderProgram.started(try store(), columns: columns, rows: 16)
        program.press(.character("/"))
        program.type(query)
        program.press(.enter)
        program.settle()
        program.press(.enter)
        return program
    }

    /// The highlighted stretches of the screen, as text, row by row.
    static func highlighted(_ program: ReaderProgram) -> [String] {
        let grid = program.render()
        var stretches: [String] = []
        for y in 0..<grid.height {
            var current = ""
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.role == .match || cell.role == .matchInSelection {
                    current += cell.text
                } else if !current.isEmpty {
                    stretches.append(current)
                    current = ""
                }
            }
            if !current.isEmpty { stretches.append(current) }
        }
        return stretches
    }

    @Test("/KRAV: whole words, prefixes and the compound's part, in title and body; never the feed, date or links")
    func compoundPartsAreHighlighted() throws {
        let program = try Self.article("KRAV")
        #expect(Self.highlighted(program) == ["krav", "krav", "KRAV", "krav"], "\(program.screen)")
        // The title bar names the feed ("Exempel om krav") and the link ends in /krav: neither is searched text.
        #expect(program.screen[0].contains("Exempel om krav"))
        program.press(.character("n"))
        #expect(program.state.message?.text == "Match 1/4")
        program.press(.character("N"))
        #expect(program.state.message?.text == "Search wrapped to the bottom")
        #expect(program.state.article?.currentHit == 3)
    }

    @Test("rapport finds upphandlingsrapport: its part is the hit, and n finds it")
    func rapportInACompound() throws {
        let program = try Self.article("rapport")
        #expect(program.state.list.total == 2)
        #expect(program.state.article?.article.post.title == "Rapporten")
        program.press(.character("q"), .character("j"), .enter)
        #expect(Self.highlighted(program) == ["rapport"], "\(program.screen)")
        program.press(.character("n"))
        #expect(program.state.message?.text == "Match 1/1")
    }

    @Test("a phrase is one hit where its words stand together; the same words apart are none")
    func phrases() throws {
        let program = try Self.article("\"offentlig upphandling\"")
        #expect(Self.highlighted(program) == ["offentlig upphandling"], "\(program.screen)")
        program.press(.character("n"))
        #expect(program.state.message?.text == "Match 1/1")
    }

    @Test("har highlights har, never här")
    func swedishLetters() throws {
        let program = try Self.article("har")
        #expect(Self.highlighted(program) == ["har"], "\(program.screen)")
    }

    @Test("the current hit stands out from the others")
    func currentHit() throws {
        let program = try Self.article("krav")
        program.press(.character("n"), .character("n"))
        let grid = program.render()
        let current = (0..<grid.height).flatMap { y in (0..<grid.width).filter { grid[$0, y].role == .matchInSelection } }
        #expect(current.count == 4, "one hit of four letters")
        #expect(program.state.message?.text == "Match 2/4")
    }

    @Test("the list highlights a title's compound part")
    func listTitles() throws {
        let program = ReaderProgram.started(try Self.store(), columns: 80, rows: 10)
        program.press(.character("/"))
        program.type("krav")
        program.press(.enter)
        program.settle()
        #expect(Self.highlighted(program) == ["krav"], "\(program.screen)")
    }

    @Test("without a search, n says there is none and nothing is highlighted")
    func noSearch() throws {
        let program = ReaderProgram.started(try Self.store(), columns: 80, rows: 16)
        program.press(.enter, .character("n"))
        #expect(program.state.message?.text == "No search: press / to search")
        #expect(Self.highlighted(program).isEmpty)
    }
}

@Suite("Posts without a title")
struct UntitledPostTests {
    @Test("the list and the article show the start of the text, else the link")
    func untitled() throws {
        let database = try AppDatabase.inMemory()
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Utan rubriker</title>
            <item><guid>t</guid><pubDate>2 Dec 2021 12:00:00 GMT</pubDate>
            <description>&lt;p&gt;Kort inlägg om hållbar upphandling utan rubrik, som fortsätter en bra bit till.&lt;/p&gt;</description></item>
            <item><link>https://example.se/bara-lank</link><pubDate>1 Dec 2021 12:00:00 GMT</pubDate></item>
            </channel></rss>
            """
        try database.importFeed(FeedParser(data: Data(xml.utf8)), into: Feed(url: "", title: "Utan rubriker"))
        let program = ReaderProgram.started(database, columns: 80, rows: 10)
        let rows = program.render().trimmedLines
        #expect(rows[1].hasSuffix("N  2021-12-02  Kort inlägg om hållbar upphandling ut…"), "\(rows)")
        program.press(.enter)
        #expect(program.render().trimmedLines[1...2] == [" Kort inlägg om hållbar upphandling utan rubrik, som fortsätter en bra bit", " till."])
        program.press(.character("q"))
        #expect(rows[2].hasSuffix("N  2021-12-01  https://example.se/bara-lank"), "\(rows)")
        program.press(.character("j"), .enter)
        #expect(program.render().trimmedLines[1] == " https://example.se/bara-lank", "\(program.render().trimmedLines)")
    }
}

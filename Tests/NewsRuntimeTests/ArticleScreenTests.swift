import NewsCore
import NewsModel
import NewsRuntime
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsUI

/// The article pane as the reader draws it: the text of every row and the
/// style of every cell (one letter a cell, see `ExpectedScreen.code`).
@Suite("Article screens with their styles")
struct ArticleScreenTests {
    static let longLink = "https://example.se/nyheter/2021/12/upphandling-av-it-utrustning-med-hallbarhetskrav-i-hela-leveranskedjan.html"
    static let html = """
        <h2>Rubrik om krav</h2><p>Text med <b>fet</b>, <i>kursiv</i> och <a href="/rapport">länken</a> \
        samt <code>kod</code>.</p><ul><li>en punkt som är lång nog att brytas under sin text</li></ul>\
        <pre>let rad = "en kodrad som är längre än rutan och inte bryts"</pre>\
        <blockquote>citat som också bryts över två rader i rutan</blockquote>
        """

    static func program(columns: Int = 60, rows: Int = 24, language: Language = .english) throws -> ReaderProgram {
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "s1", title: "Stilar", link: longLink, published: Fixtures.date(2021, 12, 14),
                         contentHTML: html, baseURL: "https://example.se/"),
        ], now: Fixtures.date(2022, 1, 1))
        let program = ReaderProgram.started(database, columns: columns, rows: rows, language: language)
        program.press(.enter)
        return program
    }

    /// Rows `from` on of the screen: each its text (trailing spaces trimmed) and its style codes.
    static func expectRows(_ program: ReaderProgram, from first: Int, _ expected: [(String, String)],
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let grid = program.render()
        for (offset, (text, codes)) in expected.enumerated() {
            let y = first + offset
            var line = grid.line(y)
            while line.last == " " { line.removeLast() }
            #expect(line == text, "row \(y)", sourceLocation: sourceLocation)
            var actualCodes = ExpectedScreen.codes(grid, y)
            while actualCodes.last == " " { actualCodes.removeLast() }
            #expect(actualCodes == codes, "styles of row \(y): \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test("headings, bold, italic, links with their [N] and code in their theme roles; long lines cut with a marker")
    func stylesAt60Columns() throws {
        let program = try Self.program()
        Self.expectRows(program, from: 1, [
            // The compact head: the feed's name is in the title bar, not repeated here.
            (" Stilar", " TTTTTT"),
            (" 2021-12-14 12:00 UTC", " dddddddddddddddddddd"),
            // The URL is never wrapped: cut at the pane's edge, whole for o and y.
            (" https://example.se/nyheter/2021/12/upphandling-av-it-utru…", " " + String(repeating: "L", count: 57) + "d"),
            ("", ""),
            (" Rubrik om krav", " HHHHHHHHHHHHHH"),
            ("", ""),
            (" Text med fet, kursiv och länken[1] samt kod.", "          BBB  IIIIII     LLLLLLLLL      CCC"),
            ("", ""),
            (" • en punkt som är lång nog att brytas under sin text", " dd"),
            ("", ""),
            (" let rad = \"en kodrad som är längre än rutan och inte bryt…", " " + String(repeating: "C", count: 57) + "d"),
            ("", ""),
            (" > citat som också bryts över två rader i rutan", " dd"),
            ("", ""),
            (" [1] https://example.se/rapport", " " + String(repeating: "L", count: 30)),
        ])
    }

    @Test("a narrower pane rewraps the kept body: items hang, quote marks on every line")
    func rewrapOnResize() throws {
        let program = try Self.program()
        let links = program.state.article?.links
        program.handle(.resize(ScreenSize(columns: 34, rows: 30)))
        #expect(program.state.article?.links == links)
        Self.expectRows(program, from: 5, [
            (" Rubrik om krav", " HHHHHHHHHHHHHH"),
            ("", ""),
            (" Text med fet, kursiv och", "          BBB  IIIIII"),
            (" länken[1] samt kod.", " LLLLLLLLL      CCC"),
            ("", ""),
            (" • en punkt som är lång nog att", " dd"),
            ("   brytas under sin text", ""),
            ("", ""),
            (" let rad = \"en kodrad som är län…", " " + String(repeating: "C", count: 31) + "d"),
            ("", ""),
            (" > citat som också bryts över två", " dd"),
            (" > rader i rutan", " dd"),
            ("", ""),
            (" [1] https://example.se/rapport", " " + String(repeating: "L", count: 30)),
        ])
    }

    @Test("y and o take the whole URL, however the pane cuts it")
    func wholeURLs() throws {
        var copied: [String] = []
        var opened: [String] = []
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "s1", title: "Stilar", link: Self.longLink, published: 1, contentHTML: Self.html,
                         baseURL: "https://example.se/"),
        ])
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 40, rows: 12),
                                    copy: { copied.append($0); return true }, openLink: { opened.append($0); return nil })
        program.start()
        program.press(.enter, .character("y"), .character("o"), .character("1"))
        #expect(copied == [Self.longLink])
        #expect(opened == [Self.longLink, "https://example.se/rapport"])
    }

    @Test("an image shows with the interface language's label")
    func imageLabel() throws {
        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "b", title: "Bild", published: 1, contentHTML: "<p>Se <img src=\"/k.png\" alt=\"karta\"> nu.</p>",
                         baseURL: "https://example.se/"),
        ])
        for (language, label) in [(Language.english, "Image"), (.swedish, "Bild")] {
            let program = ReaderProgram.started(database, columns: 60, rows: 14, language: language)
            program.press(.enter)
            #expect(program.screen.contains { $0.hasPrefix(" Se [\(label): karta][1] nu.") }, "\(program.screen)")
        }
    }
}


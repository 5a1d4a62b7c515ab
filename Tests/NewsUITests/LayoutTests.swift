import Foundation
import NewsCore
import Testing
@testable import NewsUI

/// Where the room goes: the feed column only when it tells posts apart, key
/// hints that give way from the least important with help kept to 40
/// columns, and a help overlay as wide as the terminal lets it be, its
/// descriptions wrapped, never cut.
@Suite("Layout")
struct LayoutTests {
    /// 30 posts of one feed (the newest) and 2 of another.
    static func twoFeeds() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        let start = ReaderFixtures.date(2022, 3, 31)
        try database.save(feed: Feed(url: "https://a.example/feed", title: "Anteckningar"), posts: (0..<30).map {
            ReaderFixtures.post("a\($0)", "Inlägg nummer \($0) om offentlig upphandling", start - Int64($0) * 86_400, "Text.")
        }, now: start)
        try database.save(feed: Feed(url: "https://b.example/feed", title: "Bloggen"), posts: (0..<2).map {
            ReaderFixtures.post("b\($0)", "Bloggens inlägg \($0)", start - Int64(40 + $0) * 86_400, "Text.")
        }, now: start)
        return database
    }

    static func program(_ database: AppDatabase, columns: Int, rows: Int, _ change: (inout Settings) -> Void = { _ in })
        -> ReaderProgram {
        var settings = Settings()
        change(&settings)
        let program = ReaderProgram(database: database, size: ScreenSize(columns: columns, rows: rows), settings: settings)
        program.start()
        return program
    }

    @Test("auto: no feed column while the visible posts are of one feed; it appears when another feed's post shows")
    func feedColumnFollowsTheVisibleRows() throws {
        let program = Self.program(try Self.twoFeeds(), columns: 80, rows: 24)
        // The first page: 22 posts of Anteckningar, titles to the pane's edge.
        #expect(program.trimmedScreen[1] == " All posts           32 │ N  2022-03-31  Inlägg nummer 0 om offentlig upphandl…")
        #expect(!program.screen.joined().contains("Anteckningar"))
        program.press(.character("G"))
        let rows = program.trimmedScreen
        #expect(rows[20] == "                        │ N  2022-03-02  Inlägg nummer 29 om off…  Anteckningar", "\(rows)")
        #expect(rows[21] == "                        │ N  2022-02-19  Bloggens inlägg 0         Bloggen", "\(rows)")
    }

    @Test("show-feed-column forces the column on or off")
    func feedColumnSetting() throws {
        let database = try Self.twoFeeds()
        let always = Self.program(database, columns: 80, rows: 24) { $0.feedColumn = .always }
        #expect(always.trimmedScreen[1].hasSuffix("Inlägg nummer 0 om offe…  Anteckningar"))
        let never = Self.program(database, columns: 80, rows: 24) { $0.feedColumn = .never }
        never.press(.character("G"))
        #expect(!never.screen.joined().contains("Bloggen "), "\(never.screen)")
    }

    @Test("the status line keeps ?:help down to 40 columns, dropping the least important hints first")
    func hintsGiveWay() throws {
        let database = try ReaderFixtures.mixedStore()
        let expected: [(Int, String)] = [
            (80, " All posts  1/10                Enter:open  /:search  a:archive  ?:help  q:quit"),
            (60, " All posts  1/10       Enter:open  /:search  ?:help  q:quit"),
            (50, " All posts  1/10     Enter:open  /:search  ?:help"),
            (40, " All posts  1/10     Enter:open  ?:help"),
        ]
        for (columns, line) in expected {
            let program = ReaderFixtures.program(database, columns: columns, rows: 10)
            #expect(program.trimmedScreen[9] == line)
        }
        // A long place gives way (cut with …) before help does.
        let program = ReaderFixtures.program(database, columns: 40, rows: 10)
        program.press(.character("/"))
        program.type("upphandlingsmyndigheten")
        program.press(.enter)
        program.settle()
        #expect(program.trimmedScreen[9] == " Search \"upphandl…: 1 hit  1/1   ?:help")
        #expect(program.render()[35, 9].role == .status)
        program.press(.enter)
        #expect(program.trimmedScreen[9] == " Search \"up…: 1 hit  1/1  100%   ?:help")
    }

    @Test("a rebound key shows in the hints as bound")
    func hintsFollowTheBindings() throws {
        let program = Self.program(try ReaderFixtures.mixedStore(), columns: 80, rows: 10) {
            $0.keys.bind(.character("?"), to: nil)
            $0.keys.bind(.function(1), to: .help)
        }
        #expect(program.trimmedScreen[9].hasSuffix("Enter:open  /:search  a:archive  F1:help  q:quit"))
    }

    @Test("n:match is a hint only while a search is active")
    func matchHint() throws {
        let program = ReaderFixtures.program(try ReaderFixtures.mixedStore(), columns: 100, rows: 10)
        program.press(.enter)
        #expect(program.trimmedScreen[9].hasSuffix("J/K:next/prev  o:link  q:back  ?:help"))
        program.press(.character("q"), .character("/"))
        program.type("upphandling")
        program.press(.enter)
        program.settle()
        program.press(.enter)
        #expect(program.trimmedScreen[9].hasSuffix("J/K:next/prev  o:link  n:match  q:back  ?:help"), "\(program.screen[9])")
    }

    @Test("the help overlay: as wide as its lines need within the terminal, descriptions wrapped and never cut")
    func helpOverlay() throws {
        let database = try ReaderFixtures.mixedStore()
        for columns in [120, 80, 44, 30] {
            let program = ReaderFixtures.program(database, columns: columns, rows: 60)
            program.press(.character("?"))
            let help = HelpOverlay(program.state)
            #expect(help.width <= columns)
            // Every description and every key whole, over as many rows as they take.
            for (number, entry) in KeyMap.help(program.state).enumerated() {
                let rows = help.rows.filter { $0.entry == number }
                #expect(rows.map(\.meaning).filter { !$0.isEmpty }.joined(separator: " ") == entry.meaning, "\(columns) columns")
                #expect(rows.map(\.keys).filter { !$0.isEmpty }.joined(separator: " ") == entry.keys, "\(columns) columns")
            }
            let screen = program.screen
            #expect(screen.contains { $0.contains("│ j ↓ ") })
            if columns == 120 {
                // Nothing wraps: as wide as the longest line, more than the old 64 columns.
                #expect(help.rows.count == KeyMap.help(program.state).count)
                #expect(help.width == help.keysWidth + 5 + KeyMap.help(program.state).map { DisplayWidth.of($0.meaning) }.max()!)
            }
            if columns == 44 {
                #expect(help.width == 40)
                #expect(screen.contains { $0.contains("│ j ↓         move down (scroll in an  │") }, "\(screen)")
                #expect(screen.contains { $0.contains("│             article)                 │") }, "\(screen)")
            }
        }
    }

    @Test("scrolling the help stops at its last row, wrapped rows counted")
    func helpScrolls() throws {
        let program = ReaderFixtures.program(try ReaderFixtures.mixedStore(), columns: 44, rows: 12)
        program.press(.character("?"))
        let help = HelpOverlay(program.state)
        #expect(help.rows.count > KeyMap.help(program.state).count)
        for _ in 0..<100 { program.press(.character("j")) }
        #expect(program.state.helpTop == help.maxTop)
        let last = help.rows[help.rows.count - 1]
        #expect(program.screen[help.top + help.height - 2].contains(last.meaning))
    }
}

extension ReaderProgram {
    /// The screen's rows with their trailing spaces trimmed.
    var trimmedScreen: [String] {
        screen.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
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
        let program = ReaderFixtures.program(database, columns: 80, rows: 10)
        let rows = program.trimmedScreen
        #expect(rows[1].hasSuffix("N  2021-12-02  Kort inlägg om hållbar upphandling ut…"), "\(rows)")
        program.press(.enter)
        #expect(program.trimmedScreen[1...2] == [" Kort inlägg om hållbar upphandling utan rubrik, som fortsätter en bra bit", " till."])
        program.press(.character("q"))
        #expect(rows[2].hasSuffix("N  2021-12-01  https://example.se/bara-lank"), "\(rows)")
        program.press(.character("j"), .enter)
        #expect(program.trimmedScreen[1] == " https://example.se/bara-lank", "\(program.trimmedScreen)")
    }
}

import NewsModel
import Testing
import TestSupport
@testable import NewsUI

/// Where the room goes: the feed column only when it tells posts apart, key
/// hints that give way from the least important with help kept to 40
/// columns, and a help overlay as wide as the terminal lets it be, its
/// descriptions wrapped, never cut.
@Suite("Layout")
struct LayoutTests {
    /// 30 posts of one feed (the newest) and 2 of another.
    static func twoFeeds(_ change: (inout Settings) -> Void = { _ in }) -> ReaderHarness {
        let start = Fixtures.date(2022, 3, 31)
        let program = program([], columns: 80, rows: 24, change)
        program.add((0..<30).map {
            FixturePost("a\($0)", "Inlägg nummer \($0) om offentlig upphandling", start - Int64($0) * 86_400, "Text.")
        }, feedTitle: "Anteckningar")
        program.add((0..<2).map {
            FixturePost("b\($0)", "Bloggens inlägg \($0)", start - Int64(40 + $0) * 86_400, "Text.")
        }, feedTitle: "Bloggen")
        program.start()
        return program
    }

    static func program(_ posts: [FixturePost] = Fixtures.mixedPosts, columns: Int, rows: Int,
                        _ change: (inout Settings) -> Void = { _ in }) -> ReaderHarness {
        var settings = Settings()
        change(&settings)
        return ReaderHarness(posts, columns: columns, rows: rows, settings: settings, start: !posts.isEmpty)
    }

    @Test("auto: no feed column while the visible posts are of one feed; it appears when another feed's post shows")
    func feedColumnFollowsTheVisibleRows() throws {
        let program = Self.twoFeeds()
        // The first page: 22 posts of Anteckningar, titles to the pane's edge.
        #expect(program.render().trimmedLines[1] == " All posts           32 │ N  2022-03-31  Inlägg nummer 0 om offentlig upphandl…")
        #expect(!program.screen.joined().contains("Anteckningar"))
        program.press(.character("G"))
        let rows = program.render().trimmedLines
        #expect(rows[20] == "                        │ N  2022-03-02  Inlägg nummer 29 om off…  Anteckningar", "\(rows)")
        #expect(rows[21] == "                        │ N  2022-02-19  Bloggens inlägg 0         Bloggen", "\(rows)")
    }

    @Test("show-feed-column forces the column on or off")
    func feedColumnSetting() throws {
        let always = Self.twoFeeds { $0.feedColumn = .always }
        #expect(always.render().trimmedLines[1].hasSuffix("Inlägg nummer 0 om offe…  Anteckningar"))
        let never = Self.twoFeeds { $0.feedColumn = .never }
        never.press(.character("G"))
        #expect(!never.screen.joined().contains("Bloggen "), "\(never.screen)")
    }

    @Test("the status line keeps ?:help down to 40 columns, dropping the least important hints first")
    func hintsGiveWay() throws {
        let expected: [(Int, String)] = [
            (80, " All posts  1/10                Enter:open  /:search  a:archive  ?:help  q:quit"),
            (60, " All posts  1/10       Enter:open  /:search  ?:help  q:quit"),
            (50, " All posts  1/10     Enter:open  /:search  ?:help"),
            (40, " All posts  1/10     Enter:open  ?:help"),
        ]
        for (columns, line) in expected {
            let program = Self.program(columns: columns, rows: 10)
            #expect(program.render().trimmedLines[9] == line)
        }
        // A long place gives way (cut with …) before help does.
        let program = Self.program(columns: 40, rows: 10)
        program.press(.character("/"))
        program.type("upphandlingsmyndigheten")
        program.press(.enter)
        program.settle()
        #expect(program.render().trimmedLines[9] == " Search \"upphandl…: 1 hit  1/1   ?:help")
        #expect(program.render()[35, 9].role == .status)
        program.press(.enter)
        #expect(program.render().trimmedLines[9] == " Search \"up…: 1 hit  1/1  100%   ?:help")
    }

    @Test("a rebound key shows in the hints as bound")
    func hintsFollowTheBindings() throws {
        let program = Self.program(columns: 80, rows: 10) {
            $0.keys.bind(.character("?"), to: nil)
            $0.keys.bind(.function(1), to: .help)
        }
        #expect(program.render().trimmedLines[9].hasSuffix("Enter:open  /:search  a:archive  F1:help  q:quit"))
    }

    @Test("n:match is a hint only while a search is active")
    func matchHint() throws {
        let program = Self.program(columns: 100, rows: 10)
        program.press(.enter)
        #expect(program.render().trimmedLines[9].hasSuffix("J/K:next/prev  o:link  q:back  ?:help"))
        program.press(.character("q"), .character("/"))
        program.type("upphandling")
        program.press(.enter)
        program.settle()
        program.press(.enter)
        #expect(program.render().trimmedLines[9].hasSuffix("J/K:next/prev  o:link  n:match  q:back  ?:help"), "\(program.screen[9])")
    }

    @Test("the help overlay: as wide as its lines need within the terminal, descriptions wrapped and never cut")
    func helpOverlay() throws {
        for columns in [120, 80, 44, 30] {
            let program = Self.program(columns: columns, rows: 60)
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
        let program = Self.program(columns: 44, rows: 12)
        program.press(.character("?"))
        let help = HelpOverlay(program.state)
        #expect(help.rows.count > KeyMap.help(program.state).count)
        for _ in 0..<100 { program.press(.character("j")) }
        #expect(program.state.helpTop == help.maxTop)
        let last = help.rows[help.rows.count - 1]
        #expect(program.screen[help.top + help.height - 2].contains(last.meaning))
    }
}

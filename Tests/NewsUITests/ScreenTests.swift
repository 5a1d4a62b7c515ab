import NewsModel
import TestSupport
import Testing
@testable import NewsUI

/// Whole screens rendered into the cell grid at several sizes, compared line
/// by line (trailing spaces trimmed), on posts with Swedish, typographic
/// quotes, CJK, emoji, combining marks, a long title and an escape-laden
/// title; the first screens with their styles too.
@Suite("Whole screens")
struct ScreenTests {
    func fresh(columns: Int, rows: Int) throws -> ReaderHarness {
        ReaderHarness(columns: columns, rows: rows)
    }

    @Test func allPostsAt80x24() throws {
        let program = try fresh(columns: 80, rows: 24)
        var expected = ExpectedScreen(width: 80, [
            " Archive                │ All posts",
            " All posts           10 │ N  2022-02-08  Hållbar upphandling i Göteborg",
            " February 2022 █▋     2 │ N  2022-02-01  “Citat” om återvinning och miljö",
            " January 2022  █▋     2 │ N  2022-01-25  東京の公共調達について",
            " December 2021 █████  6 │ N  2022-01-13  Emoji 🎉 fest för 🇸🇪 Sverige",
            "                        │ N  2021-12-20  Café och crème brûlée",
            "                        │ N  2021-12-16  En mycket lång rubrik som inte får pl…",
            "                        │ N  2021-12-14  Öppna data och ärlighet",
            "                        │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                        │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            " All posts  1/10                Enter:open  /:search  a:archive  ?:help  q:quit",
        ])
        expected.style(.header, row: 0)
        expected.style(.border, rows: 0..<23, columns: 24..<25)
        // The list has the focus: its row selected, the archive's dimmed.
        expected.style(.selectionInactive, row: 1, columns: 0..<24)
        expected.style(.selection, row: 1, columns: 25..<80)
        expected.style(.archiveBar, rows: 2..<4, columns: 15..<17)
        expected.style(.archiveBar, row: 4, columns: 15..<20)
        // Unread rows: the marker and the title bright, the date dim; no
        // feed column, as every post is of one feed.
        expected.style(.unread, rows: 2..<11, columns: 25..<80)
        expected.style(.dim, rows: 2..<11, columns: 29..<39)
        expected.style(.status, row: 23)
        expectScreen(program, expected)
    }

    @Test func decemberFromTheArchiveAt120x40() throws {
        let program = try fresh(columns: 120, rows: 40)
        program.press(.character("a"), .down, .down, .down)
        assertScreen(program, [
            " Archive                      │ December 2021",
            " All posts                 10 │ N  2021-12-20  Café och crème brûlée",
            " February 2022 ███▋         2 │ N  2021-12-16  En mycket lång rubrik som inte får plats på en rad i listan utan måste …",
            " January 2022  ███▋         2 │ N  2021-12-14  Öppna data och ärlighet",
            " December 2021 ███████████  6 │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                              │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                              │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            "                              │",
            " Archive  4/4                                                                      Enter:show  Tab:list  ?:help  q:back",
        ])
    }

    @Test func listAndCJKArticleAt40x12() throws {
        let program = try fresh(columns: 40, rows: 12)
        assertScreen(program, [
            " All posts",
            " N  2022-02-08  Hållbar upphandling i …",
            " N  2022-02-01  “Citat” om återvinning…",
            " N  2022-01-25  東京の公共調達について",
            " N  2022-01-13  Emoji 🎉 fest för 🇸🇪 S…",
            " N  2021-12-20  Café och crème brûlée",
            " N  2021-12-16  En mycket lång rubrik …",
            " N  2021-12-14  Öppna data och ärlighet",
            " N  2021-12-08  Farlig ^[[31mrubrik^[[…",
            " N  2021-12-03  Upphandlingsmyndighete…",
            " N  2021-12-01  Ändrade regler för ölf…",
            " All posts  1/10     Enter:open  ?:help",
        ])
        program.press(.down, .down, .enter)
        assertScreen(program, [
            " All posts › Exempelbloggen",
            " 東京の公共調達について",
            " 2022-01-25 12:00 UTC",
            " https://example.se/p3",
            "",
            " 日本語の本文です。upphandling nämns",
            " här.",
            "",
            "",
            "",
            "",
            " All posts  3/10  100%   q:back  ?:help",
        ])
    }

    @Test func listAndArticleAt20x6() throws {
        let program = try fresh(columns: 20, rows: 6)
        assertScreen(program, [
            " All posts",
            " N  Hållbar upphan…",
            " N  “Citat” om åte…",
            " N  東京の公共調達…",
            " N  Emoji 🎉 fest …",
            " All posts  1/10",
        ])
        program.press(.enter)
        assertScreen(program, [
            " All posts › Exempe…",
            "Hållbar upphandling",
            "i Göteborg",
            "2022-02-08 12:00 UTC",
            "https://example.se/…",
            " All posts  1/10  …",
        ])
    }

    @Test func searchResultsAndArticleAt80x24() throws {
        let program = try fresh(columns: 80, rows: 24)
        // As the store ranks them: the title's word first, the shortest title first.
        program.searchAnswers["upphandling"] = [9, 1, 3]
        program.press(.character("/"))
        program.type("upphandling")
        program.press(.enter)
        program.settle()
        assertScreen(program, [
            " Archive                │ Search \"upphandling\"",
            " All posts           10 │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            " February 2022 █▋     2 │ N  2022-02-08  Hållbar upphandling i Göteborg",
            " January 2022  █▋     2 │ N  2022-01-25  東京の公共調達について",
            " December 2021 █████  6 │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            " Search \"upphandling\": 3 hits  1/3           Enter:open  q:leave search  ?:help",
        ])
        program.press(.down, .enter)
        var article = ExpectedScreen(width: 80, [
            " Search \"upphandling\" › Exempelbloggen",
            " Hållbar upphandling i Göteborg",
            " 2022-02-08 12:00 UTC",
            " https://example.se/p1",
            "",
            " Regionerna ställer krav på leverantörerna.",
            "",
            " Upphandlingen gäller år 2022.",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            " Search \"upphandling\": 3 hits  2/3  100%                n:match  q:back  ?:help",
        ])
        article.style(.header, row: 0)
        article.style(.title, row: 1, columns: 1..<31)
        // The date dim, the link a link; "upphandl…" marked where it matches, in the title too.
        article.style(.dim, row: 2, columns: 1..<21)
        article.style(.link, row: 3, columns: 1..<22)
        article.style(.match, row: 1, columns: 9..<20)
        article.style(.match, row: 7, columns: 1..<12)
        article.style(.status, row: 23)
        expectScreen(program, article)
    }

    /// Search as you type: the list shows the live results of each text
    /// (Swedish letters typed one at a time), the prompt line their count;
    /// an emptied prompt and Esc bring back the month as it was.
    @Test func liveResultsWhileTypingSwedishAt80x24() throws {
        let program = try fresh(columns: 80, rows: 24)
        program.press(.character("a"), .down, .down, .down, .tab, .down)
        program.press(.character("/"))
        program.type("hå")
        program.settle()
        assertScreen(program, [
            " Archive                │ Search \"hå\"",
            " All posts           10 │ N  2022-02-08  Hållbar upphandling i Göteborg",
            " February 2022 █▋     2 │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            " January 2022  █▋     2 │",
            " December 2021 █████  6 │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "/hå                                                                      2 hits",
        ])
        // The matched letters are highlighted, in the selected row too.
        let grid = program.render()
        let title = DisplayWidth.of(grid.line(1)[..<grid.line(1).range(of: "Hållbar")!.lowerBound])
        #expect((title..<(title + 3)).map { grid[$0, 1].role } == [.matchInSelection, .matchInSelection, .selection])
        let other = DisplayWidth.of(grid.line(2)[..<grid.line(2).range(of: "Upphandlings")!.lowerBound])
        #expect(!(other..<(other + 23)).contains(where: { grid[$0, 2].role == .match }), "matched in the body only")
        program.type("llbarhet")
        program.settle()
        assertScreen(program, [
            " Archive                │ Search \"hållbarhet\"",
            " All posts           10 │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            " February 2022 █▋     2 │",
            " January 2022  █▋     2 │",
            " December 2021 █████  6 │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "/hållbarhet                                                               1 hit",
        ])
        program.press(.control("u"))
        program.settle()
        assertScreen(program, [
            " Archive                │ December 2021",
            " All posts           10 │ N  2021-12-20  Café och crème brûlée",
            " February 2022 █▋     2 │ N  2021-12-16  En mycket lång rubrik som inte får pl…",
            " January 2022  █▋     2 │ N  2021-12-14  Öppna data och ärlighet",
            " December 2021 █████  6 │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                        │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "/",
        ])
        // One letter is not searched while typing (it would match most of a
        // big store): the list stays; the second letter searches.
        program.type("ö")
        program.settle()
        assertScreen(program, [
            " Archive                │ December 2021",
            " All posts           10 │ N  2021-12-20  Café och crème brûlée",
            " February 2022 █▋     2 │ N  2021-12-16  En mycket lång rubrik som inte får pl…",
            " January 2022  █▋     2 │ N  2021-12-14  Öppna data och ärlighet",
            " December 2021 █████  6 │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                        │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "/ö",
        ])
        program.type("l")
        program.settle()
        assertScreen(program, [
            " Archive                │ Search \"öl\"",
            " All posts           10 │ N  2021-12-01  Ändrade regler för ölförsäljning",
            " February 2022 █▋     2 │",
            " January 2022  █▋     2 │",
            " December 2021 █████  6 │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "/öl                                                                       1 hit",
        ])
        program.press(.escape)
        assertScreen(program, [
            " Archive                │ December 2021",
            " All posts           10 │ N  2021-12-20  Café och crème brûlée",
            " February 2022 █▋     2 │ N  2021-12-16  En mycket lång rubrik som inte får pl…",
            " January 2022  █▋     2 │ N  2021-12-14  Öppna data och ärlighet",
            " December 2021 █████  6 │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                        │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            " December 2021  2/6             Enter:open  /:search  a:archive  ?:help  q:quit",
        ])
    }

    @Test func articleBesideTheListAt120Columns() throws {
        let program = try fresh(columns: 120, rows: 14)
        program.press(.down, .down, .down, .enter)
        assertScreen(program, [
            " All posts                                      │ Exempelbloggen",
            " N  2022-02-08  Hållbar upphandling i Göteborg  │ Emoji 🎉 fest för 🇸🇪 Sverige",
            " N  2022-02-01  “Citat” om återvinning och mil… │ 2022-01-13 12:00 UTC",
            " N  2022-01-25  東京の公共調達について          │ https://example.se/p4",
            "    2022-01-13  Emoji 🎉 fest för 🇸🇪 Sverige    │",
            " N  2021-12-20  Café och crème brûlée           │ Fest! 🎉",
            " N  2021-12-16  En mycket lång rubrik som inte… │",
            " N  2021-12-14  Öppna data och ärlighet         │",
            " N  2021-12-08  Farlig ^[[31mrubrik^[[0m med b… │",
            " N  2021-12-03  Upphandlingsmyndigheten: nya r… │",
            " N  2021-12-01  Ändrade regler för ölförsäljni… │",
            "                                                │",
            "                                                │",
            " All posts  4/10  100%                                                            J/K:next/prev  o:link  q:back  ?:help",
        ])
        #expect(program.render()[1, 4].role == .selectionInactive)
        // J moves the list selection and shows the next post beside it.
        program.press(.character("J"))
        #expect(program.screen[1].contains("│ Café och crème brûlée"))
        // A click on another row opens that post.
        program.press(.mouse(MouseEvent(.click, column: 10, row: 7)))
        #expect(program.state.article?.article.post.title == "Öppna data och ärlighet")
        #expect(program.state.article?.width == 69)
    }

    @Test func tooSmall() throws {
        let program = try fresh(columns: 19, rows: 5)
        assertScreen(program, [
            "",
            "Terminal too small",
            "  (at least 20x5)",
            "",
            "",
        ])
        program.send(.resize(ScreenSize(columns: 10, rows: 2)))
        #expect(program.screen.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                == ["Terminal", "too small"])
        program.send(.resize(ScreenSize(columns: 0, rows: 0)))
        #expect(program.screen == [])
    }

    // MARK: - Helpers

    func assertScreen(_ program: ReaderHarness, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for difference in ExpectedScreen.textDifferences(program.render(), expected) {
            Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
        }
    }

    func expectScreen(_ program: ReaderHarness, _ expected: ExpectedScreen,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        for difference in expected.differences(from: program.render()) {
            Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
        }
    }
}

import Foundation
import NewsCore
import NewsModel
import TestSupport
import XCTest

/// The real reader in tmux, on the default store seeded with the Swedish
/// sample (10 posts; December 2021 holds 5 of them).
final class ReaderTerminalTests: XCTestCase {
    /// Titles of the sample's December 2021 posts, as far as they show at 80 columns.
    let decemberTitles = ["Webbserie om due dilige", "Område E har avslutat", "Samtal om tillbörlig",
                          "Electronics Watch", "Sista workshop i OECD"]
    let otherTitles = ["Nationella kansliet", "Fairtrade Talks", "Transparency International",
                       "Region Stockholm", "Rapport om statligt"]

    func testBrowseToDecemberAndReadAnArticle() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        try session.send("a", "j", "j", "j")
        let screen = try session.waitFor(text: "Archive  4/5")
        XCTAssertTrue(screen.contains(" December 2021"))
        try session.send("Enter")
        let list = try session.waitFor(text: "December 2021  1/5")
        for title in decemberTitles { XCTAssertTrue(list.contains(title), "missing \(title)\n\(list)") }
        for title in otherTitles { XCTAssertFalse(list.contains(title), "\(title) is not from December\n\(list)") }
        XCTAssertTrue(screen.contains("│"), "the pane divider is drawn with line characters")

        try session.send("Enter")
        let article = try session.waitFor(text: "J/K:next/prev")
        XCTAssertTrue(article.contains("Webbserie om due diligence i offentlig upphandling"))
        // The feed's name once, in the title bar.
        XCTAssertTrue(article.hasPrefix(" December 2021 › Regionernas kansli för hållbar upphandling"), article)
        XCTAssertTrue(article.contains("“Delivering due diligence in public procurement”"))
        XCTAssertTrue(article.contains("någon utanför"))
        // Back to the list: the post is now read (no N marker).
        try session.send("q")
        let back = try session.waitFor(text: "December 2021  1/5")
        let row = back.split(separator: "\n").first { $0.contains("Webbserie") } ?? ""
        XCTAssertFalse(row.contains(" N "), "opened post still marked unread: \(row)")
    }

    func testSearchShowsHitCountAndLeavingReturnsToTheMonth() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        try session.send("a", "j", "j", "j")
        try session.waitFor(text: "Archive  4/5")
        try session.send("Enter", "j")
        try session.waitFor(text: "December 2021  2/5")
        try session.send("/")
        try session.type("upphandling")
        try session.waitFor(text: "/upphandling")
        try session.send("Enter")
        let results = try session.waitFor("the hit count") { $0.range(of: #"Search "upphandling": \d+ hits"#, options: .regularExpression) != nil }
        XCTAssertTrue(results.contains("1/"))
        // Matches are highlighted (black on yellow), here in a title cut by the ellipsis.
        XCTAssertTrue(results.contains("Fairtrade Talks: ny upphandlingsrappo…"), results)
        XCTAssertTrue(try session.capture(escapes: true).contains("\u{1B}[43mupp"), "no highlighted match")
        try session.send("Enter")
        // While a search is active, n:match is among the article's hints.
        try session.waitFor(text: "n:match  q:back  ?:help")
        try session.send("q")
        try session.waitFor(text: "hits  1/")
        try session.send("Escape")
        try session.waitFor(text: "December 2021  2/5")
    }

    /// Search as you type: keys sent one at a time, no Enter; the list shows
    /// only the matches already, and Esc brings back the month and its row.
    func testSearchAsYouTypeShowsTheMatchesBeforeEnterAndEscRestoresTheList() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        try session.send("a", "j", "j", "j")
        try session.waitFor(text: "Archive  4/5")
        try session.send("Enter", "j")
        try session.waitFor(text: "December 2021  2/5")
        try session.send("/")
        var typed = ""
        for key in ["o", "m", "r", "å"] {
            try session.type(key)
            typed += key
            try session.waitFor(text: "/" + typed)
        }
        // The results of the whole text (those of "omr" may show first).
        let live = try session.waitFor("only the match of \"områ\"") {
            $0.contains("Search \"områ\"") && $0.contains("Område E har avslutat") && !$0.contains("hit…")
        }
        XCTAssertTrue(live.contains(" 1 hit"), live)
        for title in decemberTitles + otherTitles where !title.hasPrefix("Område") {
            XCTAssertFalse(live.contains(title), "\(title) does not match\n\(live)")
        }
        XCTAssertTrue(live.split(separator: "\n").last?.hasPrefix("/områ") == true, "the prompt is still open\n\(live)")
        try session.send("Escape")
        let back = try session.waitFor(text: "December 2021  2/5")
        for title in decemberTitles { XCTAssertTrue(back.contains(title), "missing \(title)\n\(back)") }
        XCTAssertFalse(back.contains("Search"), back)
    }

    func testResizeToTwentyBySixAndBack() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        try session.resize(columns: 20, rows: 6)
        let small = try session.waitFor(text: "All posts  1/10")
        let lines = small.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines.prefix(6).allSatisfy { $0.count <= 20 }, small)
        try session.resize(columns: 15, rows: 4)
        try session.waitFor(text: "Terminal too")
        try session.resize(columns: 80, rows: 24)
        let big = try session.waitFor(text: "Enter:open")
        XCTAssertTrue(big.contains("December 2021"))
        try session.send("q")
        XCTAssertTrue(try session.sttyAfterExit().sttyFlags.isSuperset(of: ["icanon", "echo"]))
        try session.waitFor(text: "newsreader exited with status 0")
    }

    func testQuitRestoresTheTerminal() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        let pid = try XCTUnwrap(session.readerPID())
        try session.send("q")
        let flags = try session.sttyAfterExit().sttyFlags
        XCTAssertTrue(flags.isSuperset(of: ["icanon", "echo", "isig", "icrnl"]), "\(flags)")
        XCTAssertTrue(flags.isDisjoint(with: ["-icanon", "-echo"]), "\(flags)")
        try session.waitFor(text: "newsreader exited with status 0")
        XCTAssertEqual(Foundation.kill(pid, 0), -1, "the reader still runs")
    }

    /// `sv_SE.UTF-8` is not a compiled locale here: the language still comes
    /// from the variable, and the terminal falls back to a UTF-8 locale.
    func testSwedishLocaleGivesASwedishInterface() throws {
        let session = try TmuxSession(lang: "sv_SE.UTF-8")
        defer { session.kill() }
        let screen = try session.waitFor(text: "Alla inlägg  1/10")
        XCTAssertTrue(screen.contains(" Arkiv "), screen)
        XCTAssertTrue(screen.contains("december 2021 █████  5"), screen)
        XCTAssertTrue(screen.contains("Enter:öppna  /:sök  a:arkiv  ?:hjälp  q:avsluta"), screen)
        try session.send("a", "j", "j", "j")
        try session.waitFor(text: "Arkiv  4/5")
        try session.send("Enter", "Enter")
        try session.waitFor(text: "J/K:nästa/förra")
    }

    func testEveryTerminalTypeAndTheCLocale() throws {
        let cases: [(term: String, lang: String, extra: [String: String])] = [
            ("xterm-256color", "C.UTF-8", [:]), ("screen-256color", "C.UTF-8", [:]),
            ("tmux-256color", "C.UTF-8", [:]), ("linux", "C.UTF-8", [:]), ("vt100", "C.UTF-8", [:]),
            ("xterm-256color", "C", [:]), ("xterm-256color", "C.UTF-8", ["NO_COLOR": "1"]),
        ]
        for (term, lang, extra) in cases {
            let session = try TmuxSession(term: term, lang: lang, environment: extra)
            defer { session.kill() }
            let screen = try session.waitFor(text: "All posts  1/10")
            XCTAssertTrue(screen.contains("Område E har avslutat t"), "\(term) \(lang): Swedish text\n\(screen)")
            XCTAssertTrue(screen.contains("February 2022"), "\(term) \(lang)")
            try session.send("j", "Enter")
            try session.waitFor(text: "J/K:next/prev")
            // Non-ASCII input arrives whole through get_wch, in every case.
            try session.send("/")
            try session.type("hållbar")
            try session.send("Enter")
            try session.waitFor("\(term) \(lang): search for hållbar") {
                $0.range(of: #"Search "hållbar": [1-9]\d* hits"#, options: .regularExpression) != nil
            }
            try session.send("Q")
            try session.waitFor(text: "newsreader exited with status 0")
        }
    }

    func testLargeStoreFromAFile() throws {
        let directory = try TemporaryDirectory("large")
        let path = directory.file("large.sqlite")
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        let posts = (0..<3000).map { index in
            IncomingPost(guid: "g\(index)", title: "Inlägg \(index) — 東京 🎉", link: "https://example.se/\(index)",
                         published: 1_600_000_000 - Int64(index) * 3600, contentHTML: "<p>Text \(index)</p>")
        }
        try database.save(feed: Feed(title: "Stor"), posts: posts)
        let session = try TmuxSession(arguments: ["--store", path])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/3000")
        try session.send("G")
        let end = try session.waitFor(text: "All posts  3000/3000")
        XCTAssertTrue(end.contains("Inlägg 2999 — 東京 🎉"), end)
        try session.send("q")
        try session.waitFor(text: "newsreader exited with status 0")
    }
}

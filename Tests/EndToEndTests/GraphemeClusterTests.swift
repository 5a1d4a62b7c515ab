import Foundation
import NewsModel
import Testing
import TestSupport

/// Emoji sequences, flags, skin tones, keycaps and combining marks in the
/// real reader in tmux: each grapheme whole in its cell, and every column
/// after it where the grid put it, whatever width tmux gives the cluster.
///
/// tmux 3.3 joins ZWJ sequences (their width is the first emoji's), draws a
/// flag as two regional indicators of one column each, a skin tone as a
/// second emoji and a keycap or `❤️` in one column; it keeps at most 21
/// bytes of a cluster, so the four-person family shows as three.
@Suite("Grapheme clusters in the reader", .serialized)
struct GraphemeClusterTests {
    let scratch: TemporaryDirectory
    var store: String { scratch.path + "/store.sqlite" }

    init() throws {
        scratch = try TemporaryDirectory("e2e")
    }

    /// Clusters tmux measures as the grid does (a combining accent, written decomposed).
    static let agreeing = "A👨‍👩‍👧B 🇸🇪🇺🇦C e\u{301}G 👩‍💻H"
    /// Clusters tmux measures otherwise: what follows them must not move.
    static let disagreeing = "👍🏽D 1️⃣E ❤️F 👨‍👩‍👧‍👦 end"

    func importFeed(_ title: String, items: String, file: String) throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>\(title)</title>\(items)</channel></rss>\n"
        let path = scratch.path + "/" + file
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try NewsreaderProcess.run(["import", "--store", store, path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func item(_ title: String, day: Int, body: String) -> String {
        "<item><title>\(title)</title><guid>g\(day)</guid><pubDate>\(day) Dec 2021 10:00:00 GMT</pubDate>"
            + "<description><![CDATA[\(body)]]></description></item>"
    }

    /// The screen's rows (capture-pane drops trailing spaces).
    func rows(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("list rows: clusters whole, the feed column where the grid puts it")
    func listRows() throws {
        let paragraphs = (1...40).map { "<p>Stycke \($0).</p>" }.joined()
        try importFeed("Emoji", items: item(Self.agreeing, day: 14, body: "<p>Familj 👨‍👩‍👧 och flaggor 🇸🇪🇺🇦 slut.</p>" + paragraphs)
                       + item(Self.disagreeing, day: 13, body: "<p>x</p>"), file: "emoji.xml")
        try importFeed("Vanlig", items: item("Plain", day: 12, body: "<p>y</p>"), file: "plain.xml")
        let session = try TmuxSession(columns: 100, rows: 20, arguments: ["--store", store])
        defer { session.kill() }
        // Curses draws the rest first, the clusters follow: wait for them.
        let screen = rows(try session.waitFor(text: Self.agreeing))
        let plain = try #require(screen.first { $0.contains("Plain") })
        // Where titles start and feed names start, from the row of plain ASCII.
        let titleStart = DisplayWidth.of(plain[..<plain.range(of: "Plain")!.lowerBound])
        let feedStart = DisplayWidth.of(plain[..<plain.range(of: "Vanlig")!.lowerBound])

        let agreeing = try #require(screen.first { $0.contains("A👨") })
        #expect(agreeing.contains(Self.agreeing), "drawn as \(agreeing)")
        #expect(DisplayWidth.of(agreeing[..<agreeing.range(of: "A👨")!.lowerBound]) == titleStart)
        #expect(DisplayWidth.of(agreeing[..<agreeing.range(of: "Emoji")!.lowerBound]) == feedStart, "\(agreeing)")

        // After the last cluster: exactly the spaces the grid has up to the feed name.
        let disagreeing = try #require(screen.first { $0.contains(" end ") })
        let gap = feedStart - titleStart - DisplayWidth.of(Self.disagreeing)
        #expect(disagreeing.contains(" end" + String(repeating: " ", count: gap) + "Emoji"), "drawn as \(disagreeing)")
        #expect(disagreeing.contains("D 1️⃣") && disagreeing.contains("E ❤️") && disagreeing.contains("F 👨‍👩‍👧"),
                "every cluster in its place: \(disagreeing)")
    }

    @Test("articles scrolled and changed: clusters move with their lines, none stays where the grid now has spaces")
    func changingScreens() throws {
        let paragraphs = (1...40).map { "<p>Stycke \($0).</p>" }.joined()
        // Preformatted (one style): the second post has spaces where the first has clusters.
        try importFeed("Emoji", items: item("Ett", day: 14, body: "<pre>ab 👨‍👩‍👧 cd 🇸🇪 ef</pre>" + paragraphs)
                       + item("Två", day: 13, body: "<pre>ab    cd    ef</pre>" + paragraphs), file: "emoji.xml")
        let session = try TmuxSession(columns: 80, rows: 20, arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/2")
        try session.send("Enter")
        let before = rows(try session.waitFor(text: " ab 👨‍👩‍👧 cd 🇸🇪 ef"))
        let line = try #require(before.firstIndex { $0.contains("ab 👨") })
        // Scrolled a line at a time (curses scrolls the terminal): every row as it was, higher up.
        let statusRow = 19
        for step in 1...2 {
            try session.send("j")
            try session.waitFor("the article to scroll \(step) lines") { screen in
                let after = self.rows(screen)
                return (1..<(statusRow - step)).allSatisfy { after[$0] == before[$0 + step] }
            }
        }
        // The next post's spaces replace the clusters (curses itself believes spaces were there).
        try session.send("J")
        try session.waitFor("the second post's line of spaces") { screen in
            let after = self.rows(screen)
            return after.contains(" ab    cd    ef") && !screen.contains("👨") && !screen.contains("🇸")
        }
        #expect(rows(try session.capture())[line] == " ab    cd    ef")
    }
}

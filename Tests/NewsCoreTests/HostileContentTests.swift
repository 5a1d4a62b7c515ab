import Foundation
import NewsModel
import XCTest
@testable import NewsCore

/// Issue 6, hostile content, at the parser and the text cleaner. What each
/// class becomes on its way from a feed to a terminal:
///
/// | class                              | feed parser (XML)                    | `TerminalSafe.clean` (every output) |
/// |------------------------------------|--------------------------------------|-------------------------------------|
/// | C0 controls, ESC, BEL (raw/`&#27;`) | shown in caret notation, `^[`        | shown in caret notation, `^[`       |
/// | C0 references inside HTML bodies   | dropped by the HTML parser           | shown in caret notation             |
/// | tab, CR, LF                        | kept                                 | tab → 4 spaces; CR/LF → space (kept as line breaks in bodies) |
/// | DEL                                | kept                                 | shown as `^?`                       |
/// | C1 references (`&#x9B;`)           | read as the Windows-1252 character   | any left shown as `<U+009B>`        |
/// | bidi overrides U+202A–E, U+2066–9  | kept                                 | dropped                             |
/// | zero-width/invisible (U+200B, U+200E/F, U+2060–4, U+FEFF, U+FFF9–B) | kept | dropped                        |
/// | invalid UTF-8                      | bytes read as Windows-1252           | (valid text by then)                |
/// | surrogate or out-of-range references | U+FFFD                             | (valid text by then)                |
final class HostileContentTests: XCTestCase {
    static func feed(firstTitle: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>T</title>
        <item><guid>a</guid><title>\(firstTitle)</title><description>one</description></item>
        <item><guid>b</guid><title>b &amp; c</title><description>&lt;p&gt;A &amp;amp; B&lt;/p&gt;</description></item>
        </channel></rss>
        """
    }

    /// Regression: one forbidden character used to make libxml2's recovery
    /// drop every later `&lt;` and `&amp;`, so the rest of the feed read "pA amp; B/p".
    func testAForbiddenCharacterIsShownAndTheRestOfTheFeedIsIntact() throws {
        for (title, expected) in [("x&#x1B;[31my", "x^[[31my"), ("x&#27;y", "x^[y"), ("x&#0;y", "x^@y"),
                                  ("x\u{1B}]0;t\u{7}y", "x^[]0;t^Gy"), ("x&#xD800;y", "x\u{FFFD}y"),
                                  ("x&#x110000;y", "x\u{FFFD}y"), ("x&#999999999;y", "x\u{FFFD}y")] {
            let bytes = Array(Self.feed(firstTitle: title).utf8)
            var streamed = FeedParser(data: bytes)
            streamed.treeLimit = 0
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).xml")
            try Data(bytes).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let pieces = try FeedParser(contentsOf: file, streamAbove: 0)
            for parser in [FeedParser(data: bytes), streamed, pieces] {
                let feed = try parser.parse()
                XCTAssertEqual(feed.entries.map(\.title), [expected, "b & c"], title)
                XCTAssertEqual(feed.entries.last?.summaryHTML, "<p>A &amp; B</p>", title)
            }
        }
    }

    func testRawControlBytesInsideCDATAAreShownToo() throws {
        let xml = """
            <rss version="2.0"><channel><title>T</title><item><guid>a</guid><title><![CDATA[a\u{1B}[2Jb]]></title>
            <description><![CDATA[<p>x &amp; y</p>]]></description></item></channel></rss>
            """
        let feed = try FeedParser(data: Array(xml.utf8)).parse()
        XCTAssertEqual(feed.entries.first?.title, "a^[[2Jb")
        XCTAssertEqual(feed.entries.first?.summaryHTML, "<p>x &amp; y</p>")
    }

    func testHTMLBodiesLoseTheirControlsButKeepTheirText() {
        let text = HTMLText.render("<p>a&#x1B;[31mb&#x9B;c&#x202E;d</p>")
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, text.debugDescription)
        XCTAssertEqual(TerminalSafe.clean(text), "a[31mb\u{203A}cd")
    }

    func testEveryClassOnTheCleaner() {
        XCTAssertEqual(TerminalSafe.clean("\u{1B}[31mred\u{1B}]0;t\u{7}\u{1B}]52;c;eA==\u{1B}\\"),
                       "^[[31mred^[]0;t^G^[]52;c;eA==^[\\")
        XCTAssertEqual(TerminalSafe.clean("a\u{0}b\u{8}c\u{7F}d"), "a^@b^Hc^?d")
        XCTAssertEqual(TerminalSafe.clean("\u{9B}31m\u{9D}0;x\u{9C}\u{85}"), "<U+009B>31m<U+009D>0;x<U+009C><U+0085>")
        let bidi = (0x202A...0x202E).map { String(UnicodeScalar($0)!) }.joined() + (0x2066...0x2069).map { String(UnicodeScalar($0)!) }.joined()
        XCTAssertEqual(TerminalSafe.clean("a\(bidi)b"), "ab")
        XCTAssertEqual(TerminalSafe.clean("z\u{200B}w\u{200E}\u{200F}\u{2060}\u{FEFF}\u{FFF9}j"), "zwj")
        XCTAssertEqual(TerminalSafe.clean("a\tb\r\nc"), "a    b  c")
        XCTAssertEqual(TerminalSafe.clean("a\nb", keepNewlines: true), "a\nb")
    }
}

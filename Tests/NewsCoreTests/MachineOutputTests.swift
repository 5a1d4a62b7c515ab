import Foundation
import NewsModel
import Testing
@testable import NewsCore

/// Issue 11: JSON and export output carried raw C1 controls (U+0090,
/// U+009D) from feeds to standard output. JSON escapes them, RSS writes them
/// as references (and nothing XML 1.0 forbids), Markdown shows them visibly.
@Suite("Control characters in machine output")
struct MachineOutputTests {
    /// What a feed can still bring into the store: the C1 characters
    /// Windows-1252 leaves undefined, DEL, ESC, bidi overrides and separators.
    static let hostile = "a\u{90}b\u{9D}c\u{81}d\u{7F}e\u{1B}[31mf\u{202E}g\u{2028}h\ri"

    static func article() -> Article {
        let post = Post(id: 7, feedId: 1, guid: "g\u{9D}1", title: "T\(hostile)", link: "https://x.example/\u{90}",
                        author: "A\u{9D}", published: 1_639_472_400, contentHTML: "<p>\(hostile)</p>", firstSeen: 0)
        return Article(post: post, feedTitle: "F\u{90}")
    }

    /// Raw scalars no machine output may carry: C0 controls but the line
    /// feed, DEL, C1, bidirectional overrides.
    static func raw(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter {
            ($0 < 0x20 && $0 != 0x0A) || (0x7F...0x9F).contains($0) || (0x202A...0x202E).contains($0)
        }
    }

    @Test("JSON escapes C1, DEL, separators and bidi overrides, and reads back the same text")
    func json() throws {
        let encoded = try JSONEncoder().encode(["text": Self.hostile])
        let escaped = JSONText.escapingControls(encoded)
        let text = String(decoding: escaped, as: UTF8.self)
        #expect(Self.raw(text).isEmpty, "\(text.debugDescription)")
        #expect(!text.unicodeScalars.contains("\u{2028}"))
        #expect(text.contains(#"a\u0090b\u009dc\u0081d\u007fe"#), "\(text)")
        #expect(text.contains(#"f\u202eg\u2028h"#), "\(text)")
        #expect(try JSONDecoder().decode([String: String].self, from: escaped) == ["text": Self.hostile])
        // Ordinary text is left as it was, byte for byte.
        let plain = Data(#"{"a":"Hållbar “upphandling” €"}"#.utf8)
        #expect(JSONText.escapingControls(plain) == plain)
    }

    @Test("export as JSON carries no raw control character")
    func exportJSON() throws {
        let text = PostExport.json([Self.article()])
        #expect(Self.raw(text).isEmpty, "\(text.debugDescription)")
        let posts = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
        #expect(posts[0]["guid"] as? String == "g\u{9D}1")
        // The body's data is kept in `html` (escaped); `text` is the article as the reader shows it.
        #expect((posts[0]["html"] as? String)?.contains("a\u{90}b\u{9D}c") == true)
        #expect((posts[0]["text"] as? String)?.contains("a<U+0090>b<U+009D>c") == true)
    }

    @Test("export as RSS writes controls as references, drops what XML 1.0 forbids, and imports back the same")
    func exportRSS() throws {
        let text = PostExport.rss([Self.article()], title: "F\u{90}")
        #expect(Self.raw(text).isEmpty, "\(text.debugDescription)")
        #expect(text.contains("<title>F&#x90;</title>"), "\(text)")
        #expect(text.contains("<![CDATA[<p>a]]>&#x90;<![CDATA[b]]>&#x9D;<![CDATA[c]]>"), "\(text)")
        let parsed = try FeedParser(data: Array(text.utf8)).parse()
        #expect(parsed.entries.count == 1)
        #expect(parsed.entries[0].identity == "g\u{9D}1")
        #expect(parsed.entries[0].bodyHTML.contains("a\u{90}b\u{9D}c\u{81}d"), "\(parsed.entries[0].bodyHTML.debugDescription)")
        #expect(parsed.entries[0].bodyHTML.contains("g\u{2028}h\ri"), "a CR comes back as a CR, not a line feed")
        // `]]>` in a body still splits its section, also next to a control.
        #expect(PostExport.cdata("x]]>\u{90}y") == "<![CDATA[x]]]]><![CDATA[>]]>&#x90;<![CDATA[y]]>")
    }

    @Test("Markdown shows controls visibly, as the reader does")
    func markdown() {
        let text = PostExport.markdown([Self.article()], title: "F\u{90}")
        #expect(Self.raw(text).isEmpty, "\(text.debugDescription)")
        // Escaped as CommonMark text, so it renders as the reader shows it.
        #expect(text.contains(#"a\<U+0090\>b\<U+009D\>c\<U+0081\>d^?e"#), "\(text)")
        // A link keeps its target, percent-encoded.
        #expect(text.contains("(https://x.example/%C2%90)"), "\(text)")
    }
}

import Foundation
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

/// `export --format markdown` is CommonMark: read back by a CommonMark
/// parser (Debian's `cmark`), its HTML renders to the text the article holds.
@Suite("Markdown export")
struct MarkdownExportTests {
    /// `markdown` through `cmark`, as HTML.
    static func cmark(_ markdown: String) throws -> String {
        let directory = try TemporaryDirectory("reading")
        let input = directory.path + "/in.md"
        try markdown.write(toFile: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cmark", input]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// The lines of a body's text with their markers, blank lines left out
    /// (CommonMark decides for itself where loose lists get them).
    /// Link lines as the article holds them (cmark writes `À` in a URL as `%C3%80`).
    static func shape(_ body: ArticleBody) -> [String] {
        ArticleLayout.plainText(body).split(separator: "\n").map(String.init).filter { !$0.allSatisfy { $0 == " " || $0 == ">" } }
            .map { $0.hasPrefix("[") ? FeedURL.decodingNonASCIIEscapes($0) : $0 }
    }

    /// The body exported, read back by cmark and rendered again.
    static func roundTrip(_ body: ArticleBody) throws -> ArticleBody {
        HTMLText.body(try cmark(MarkdownText.body(body)))
    }

    static let sample = """
        <h2>Rubrik om <em>krav</em></h2>
        <p>Läs <a href="https://example.se/r?a=1&amp;b=(2)">rapporten</a> om &lt;tag&gt; och *stjärnor*, _under_,
        [klamrar], `fästingar`, &amp;amp; och \\snedstreck.</p>
        <p># inte rubrik</p><p>1. inte en lista</p><p>- inte heller</p><p>&gt; inget citat</p>
        <ul><li>ett</li><li>två<ul><li>tre <b>fet</b></li></ul></li><li>fyra</li></ul>
        <ol start="3"><li>c</li><li>d</li></ol>
        <pre>kod  med ``` tre
          indrag\tflik</pre>
        <blockquote><p>citat ett</p><p>citat två</p></blockquote>
        <p>rad ett<br>rad två<br>rad <code>x `y`</code> tre</p>
        <p>En bild <img src="https://example.se/b.png" alt="karta"> här.</p><hr><p>slut</p>
        """

    @Test("titles, links, lists, code and escapes are CommonMark")
    func markdownShape() throws {
        let markdown = MarkdownText.body(HTMLText.body(Self.sample))
        for expected in ["## Rubrik om *krav*", "[rapporten](<https://example.se/r?a=1&b=(2)>)", "\\<tag\\>", "\\*stjärnor\\*",
                         "\\_under\\_", "\\[klamrar\\]", "\\# inte rubrik", "1\\. inte en lista", "\\- inte heller",
                         "\\> inget citat", "- ett\n- två\n  - tre **fet**\n- fyra", "3. c\n4. d", "````\nkod  med ``` tre",
                         "> citat ett\n>\n> citat två", "rad ett\\\nrad två\\\nrad `` x `y` `` tre",
                         "![karta](https://example.se/b.png)", "***"] {
            #expect(markdown.contains(expected), "\(expected) in\n\(markdown)")
        }
        let html = try Self.cmark(markdown)
        for expected in ["<h2>Rubrik om <em>krav</em></h2>", "<a href=\"https://example.se/r?a=1&amp;b=(2)\">rapporten</a>",
                         "&lt;tag&gt;", "<li>tre <strong>fet</strong></li>", "<ol start=\"3\">", "<pre><code>kod  med ``` tre",
                         "<blockquote>", "rad ett<br />", "<code>x `y`</code>", "<img src=\"https://example.se/b.png\" alt=\"karta\" />",
                         "<hr />"] {
            #expect(html.contains(expected), "\(expected) in\n\(html)")
        }
    }

    @Test("read back by cmark, the export renders to the article's own text")
    func roundTripOfHandWrittenBodies() throws {
        let bodies = [
            Self.sample,
            "<p>Enkel text med <strong>fet</strong>, <i>kursiv</i> och <a href=\"/rel\">relativ länk</a>.</p>",
            "<ol><li><p>stycke ett</p><p>stycke två</p></li><li>nästa</li></ol>",
            "<blockquote><ul><li>i citat</li></ul><pre>kod i citat</pre></blockquote>",
            "<p>a<br><br>b</p><h1>Stor</h1><h6>Liten</h6>",
            "<pre>&lt;html&gt;\n  &lt;/html&gt;</pre><p>***</p><p>+ plus</p><p>=====</p>",
            "<ul><li>a<ol start=\"5\"><li>fem</li></ol></li></ul><p>text</p><ol start=\"7\"><li>sju</li></ol>",
        ]
        for html in bodies {
            let body = HTMLText.body(html)
            let readBack = Self.shape(try Self.roundTrip(body))
            #expect(readBack == Self.shape(body), "\(html)\n\(MarkdownText.body(body))\n\(readBack.difference(from: Self.shape(body)))")
        }
    }

    @Test("the feedparser corpus: bodies with lists, quotes and code read back the same")
    func roundTripOfTheCorpus() throws {
        let corpus = FeedparserConformanceTests.corpus.appendingPathComponent("tests")
        var checked = 0
        for case let path as String in FileManager.default.enumerator(atPath: corpus.path)! where path.hasSuffix(".xml") {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(path).path),
                  let feed = try? FeedParser(data: data, url: "http://example.org/" + path).parse() else { continue }
            for entry in feed.entries {
                let body = HTMLText.body(entry.bodyHTML, baseURL: entry.baseURL)
                // Tables have no CommonMark form (they become lists); the rest must survive.
                guard body.tables.isEmpty, !body.blocks.isEmpty else { continue }
                let readBack = Self.shape(try Self.roundTrip(body))
                #expect(readBack == Self.shape(body), "\(path)\n\(MarkdownText.body(body))\n\(readBack.difference(from: Self.shape(body)))")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test("the export: a heading per post, linked; title-less posts by their link")
    func export() throws {
        let post = Post(feedId: 1, guid: "g", title: "Krav *och* <regler>", link: "https://example.se/p", published: 1_640_000_000,
                        contentHTML: "<p>Text.</p>", firstSeen: 1_640_000_000)
        let untitled = Post(feedId: 1, guid: "h", title: "", link: "https://example.se/q", contentHTML: "", firstSeen: 1_640_000_000)
        let markdown = PostExport.markdown([Article(post: post, feedTitle: "Flöde"), Article(post: untitled, feedTitle: "Flöde")],
                                           title: "Export")
        #expect(markdown.hasPrefix("# Export\n\n## [Krav \\*och\\* \\<regler\\>](https://example.se/p)\n\n*Flöde · 2021-12-20*\n\nText.\n"))
        #expect(markdown.contains("## [https://example.se/q](https://example.se/q)"))
        let html = try Self.cmark(markdown)
        #expect(html.contains("<h2><a href=\"https://example.se/p\">Krav *och* &lt;regler&gt;</a></h2>"))
    }
}

import Foundation
import XCTest
@testable import NewsCore

/// The byte-buffer renderer must give exactly the text the `String`-based one
/// gave (`ReferenceHTMLText`), byte for byte: the store re-renders stored
/// HTML and compares. Hand-picked snippets for every construct and every
/// place where bytes and characters could part, then generated documents.
final class HTMLTextEquivalenceTests: XCTestCase {
    static let bases: [String?] = [nil, "https://example.se/nyheter/idag/", "http://exämple.se/å/", "file:///tmp/feed.rss"]

    static let snippets: [String] = [
        // Blocks, headings, breaks
        "<h2>Rubrik</h2><p>Första  stycket\n med radbrytning.</p><p>Andra<br>rad två</p>",
        "<p>a</p><br><br><p>b</p><br>", "<br>", "<br><br>x", "x<br>", "<p></p><p> </p><div>\n</div>",
        "<div><p>one</p>two<p>three</p></div>", "text <b>bold</b>text <i> it </i> end",
        "<section><article><header>H</header><main>M</main><footer>F</footer></article></section>",
        "<details><summary>S</summary>D</details><figure><img src=x alt=' bild  text '><figcaption>C</figcaption></figure>",
        // Lists
        "<p>Inköp:</p><ul><li>mjölk</li><li>bröd</li></ul><ol start=\"3\"><li>tre</li><li>fyra</li></ol>",
        "<ul><li>a<ul><li>b</li></ul></li></ul>", "<ol start=-2><li>x<li>y<li>z</ol>", "<ol start='+7'><li>x</ol>",
        "<ol start='99999999999999999999'><li>x</ol>", "<OL START=5><LI>upper</LI></OL>", "<ul><li></li><li> </li><li><br></li></ul>",
        "<ol><li><ol><li><ul><li>deep</li></ul></li></ol></li></ol>", "<menu><li>m</li></menu><dir><li>d</li></dir>",
        "<ul><li><blockquote>quoted item</blockquote></li></ul>", "<ol><li><p>para</p><p>two</p></li></ol>",
        "<ul><li><pre>code\n  more</pre></li></ul>", "<li>orphan</li>", "<ul><li>ett<li>två</ul>after",
        "<dl><dt>Term</dt><dd>Definition <dd>second</dl>", "<ul><li><dd>x</dd></li></ul>",
        // Quotes
        "<p>Hon sa:</p><blockquote><p>Ett.</p><p>Två.</p></blockquote><p>Slut.</p>",
        "<blockquote>a<blockquote>b<blockquote>c</blockquote>d</blockquote>e</blockquote>",
        "<blockquote><ul><li>x</li></ul><p>y</p></blockquote>", "<blockquote></blockquote>", "<blockquote><br></blockquote>",
        "<blockquote><p>a</p></blockquote><blockquote><p>b</p></blockquote>",
        // Preformatted
        "<pre>let x = 1\n    if x {\n}</pre>", "<pre>\ttab\tbed\n\t</pre>", "<pre>crlf\r\nline\r\n</pre>", "<pre>a\r\n</pre>",
        "<pre>å\r\n</pre>", "<pre>x \r\n</pre>", "<pre>cr\ronly</pre>", "<pre>\n\n\nblank\n\n</pre>", "<pre></pre>",
        "<pre>trailing   </pre>", "<pre>\u{0600} </pre>", "<pre>é \r\n \r\n</pre>", "<pre>\t\u{301}x</pre>",
        "<pre>\n\u{301}combining after newline</pre>", "<pre><b>bold\n</b>  <i>it</i>\n</pre>", "<pre><hr>\n</pre>",
        "<blockquote><pre>q\nr</pre></blockquote>", "<pre>a<br>b</pre>", "<pre>x</pre>\r\n", "<pre>ends with space </pre> ",
        // Tables
        "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td> d </td></tr></table>", "<table><caption>Cap</caption><tr><td>x",
        "<td>lonely</td>", "a<td></td>b",
        // Links
        "<p>Läs <a href=\"/a\">mer</a> och <a href=\"https://b.se/\">här</a>, <a href=\"/a\">igen</a>.</p>",
        "<a href='#top'>anchor</a> <a href='JavaScript:alert(1)'>js</a> <a href='  '>blank</a> <a>none</a>",
        "<a href=' relative/path?q=1&amp;r=2 '>rel</a><a href='../up'>up</a><a href='//host/x'>proto</a>",
        "<a href='mailto:a@b.se'>mail</a><a href='/å/ö?ä=1'>unicode</a><a href='%C3%A5'>escaped</a>",
        "<a href='/caf\u{E9}'>é</a><a href='/cafe\u{301}'>e+accent</a>", "<a href='x'></a><a href='x'>again</a>",
        "<a HREF='/upper'>UP</a>", "<a href='/a'><img alt='pic' src=p></a>", "<p><a href='/1'>1</a></p><a href='/2'>2</a>",
        "<a href='ht tp://bad url'>bad</a><a href=':'>colon</a><a href='a:b'>scheme</a><a href='1a:b'>digit</a>",
        // Entities and references
        "<p>R&auml;k &amp; sm&ouml;rg&aring;s&nbsp;&#8211; &#x263A;</p><script>alert(1)</script><style>p{}</style><!-- dold -->",
        "&unknown; &amp &lt;tag&gt; &#0; &#xD800; &#x110000; &#65;&#x42;", "&nbsp;&nbsp;x&nbsp;", "a&#32;&#32;b",
        "&#146;quoted&#147; &#128; &#x80; &#x9f; &#129; &#141;", "\u{92}raw C1\u{85}next\u{0080}", "&#133;ellipsis", "<b>&#150;</b>",
        // Whitespace of every kind
        "a\u{A0}b\u{2000}c\u{2001}d\u{3000}e\u{1680}f\u{205F}g\u{2028}h\u{2029}i\u{202F}j\u{85}k\u{200B}l",
        "<p>\u{A0}lead and trail\u{A0}</p>", "<p>\u{3000}</p><p>x</p>", "<p>  spaces  <b> around </b>  </p>",
        "\t\n\u{0B}\u{0C}\r <b>x</b>", "<span>a</span><span>b</span> <span>c</span>",
        // Scripts, NFC and other scripts
        "<p>e\u{301} a\u{30A} o\u{308}</p>", "<p>\u{1100}\u{1161}\u{11A8} 한국어</p>", "<p>\u{212B}ngström \u{2126}</p>",
        "<p>中文字符 日本語テキスト</p>", "<p>हिन्दी தமிழ்</p>", "<p>\u{F900}\u{2F800}</p>", "<p>\u{0340}\u{0374}\u{037E}</p>",
        "<p>emoji 👩‍👩‍👧 🇸🇪</p>", "<p>\u{2000} only singleton space</p>", "<p>x\u{2329}y</p>", "<p>ｆｕｌｌ</p>",
        "<p>right-to-left \u{202E}evil\u{202C}</p>", "<p>\u{FEFF}bom</p>", "<p>\u{FFFD}\u{FFFD}</p>",
        // Elements dropped or kept
        "<head><title>T</title></head><body>B</body>", "<svg><text>s</text></svg><math>m</math>x<template>t</template>",
        "<noscript>kept</noscript><iframe>frame</iframe><object>obj</object>", "<hr><hr/>x<hr>",
        "<img alt=''><img alt='  '><img alt='a\nb'><img>", "<BLOCKQUOTE>UPPER</BLOCKQUOTE><P>P</P>",
        "<unknown-tag>u</unknown-tag><verylongelementnamethatgoesonandon>v</verylongelementnamethatgoesonandon>",
        "<blo\u{212A}quote>kelvin</blo\u{212A}quote>", "<p:x>ns</p:x>",
        // Broken HTML
        "<p>ett<p>två <b>fet</i> text", "<<>>&&;;", "<p", "</p>", "<!DOCTYPE html><html><body>x</body></html>",
        "<?php echo 1 ?>x", "<![CDATA[cdata]]>", "a < b > c & d", "<table><p>inside</table>", "<b><p>x</b></p>",
        // Plain text without markup
        "  bara   text  ", "", " ", "plain", "line\nbreak", "\u{A0}", "e\u{301}",
    ]

    static func assertSame(_ html: String, base: String?, file: StaticString = #filePath, line: UInt = #line) {
        let expected = ReferenceHTMLText.render(html, baseURL: base)
        let actual = HTMLText.render(html, baseURL: base)
        XCTAssertEqual(Array(actual.utf8), Array(expected.utf8),
                       "render(\(html.debugDescription), base: \(String(describing: base))): \(actual.debugDescription) != \(expected.debugDescription)",
                       file: file, line: line)
        let expectedLine = ReferenceHTMLText.line(html)
        let actualLine = HTMLText.line(html)
        XCTAssertEqual(Array(actualLine.utf8), Array(expectedLine.utf8),
                       "line(\(html.debugDescription)): \(actualLine.debugDescription) != \(expectedLine.debugDescription)",
                       file: file, line: line)
    }

    func testSnippetsRenderAsBefore() {
        for snippet in Self.snippets {
            for base in Self.bases {
                Self.assertSame(snippet, base: base)
            }
            // Inside a list item, a quote and preformatted text: every prefix and mode.
            for wrapper in ["<ul><li>%</li></ul>", "<blockquote>%</blockquote>", "<pre>%</pre>", "<ol start=9><li><dd>%</dd></li></ol>"] {
                Self.assertSame(wrapper.replacingOccurrences(of: "%", with: snippet), base: "https://example.se/")
            }
        }
    }

    func testTextHelpersAsBefore() {
        let texts = Self.snippets + ["\u{A0}", "\u{85}", " \u{3000} ", "a\u{2000}", "x\u{1680}\u{1680}", "  a  b  ", "a b",
                                     "ab ", " ab", "\u{2028}", "é\u{2029}", "\u{E1}\u{9A}", "a\u{C2}", "tab\there"]
        for text in texts {
            XCTAssertEqual(Array(Whitespace.collapse(text).utf8), Array(ReferenceWhitespace.collapse(text).utf8), text.debugDescription)
            XCTAssertEqual(Array(Whitespace.trim(text).utf8), Array(ReferenceWhitespace.trim(text).utf8), text.debugDescription)
            XCTAssertEqual(NFC.isSurelyNFC(text), ReferenceNFC.isSurelyNFC(text), text.debugDescription)
            XCTAssertEqual(Array(NFC.normalize(text).utf8), Array(ReferenceNFC.normalize(text).utf8), text.debugDescription)
            XCTAssertEqual(Array(HTMLText.replacingC1Controls(text).utf8), Array(ReferenceHTMLText.replacingC1Controls(text).utf8))
        }
    }

    func testDeepNestingAndHugeTextAsBefore() {
        for depth in [63, 64, 65, 66, 100, 300] {
            for (open, close) in [("<div><span>", "</span></div>"), ("<blockquote>", "</blockquote>"), ("<ul><li>", "</li></ul>"),
                                  ("<ol><li>x", "</li></ol>"), ("<pre>\n", "</pre>"), ("<dd>", "</dd>")] {
                let html = String(repeating: open, count: depth) + "djupt <a href='/l'>länk</a>" + String(repeating: close, count: depth)
                Self.assertSame(html, base: "https://example.se/")
            }
        }
    }

    func testTextAroundTheLengthLimitAsBefore() {
        // Text is cut at 1,000,000 characters, and nodes after it are skipped
        // (except what their open elements add after them).
        for (word, count) in [("ord ", 250_010), ("å\n", 333_340)] {
            let html = "<ul><li><a href='/x'><p>" + String(repeating: word, count: count) + "</p></a><p>after</p></li></ul>"
            Self.assertSame(html, base: "https://example.se/")
        }
        Self.assertSame("<pre>" + String(repeating: "e\u{301}\n", count: 20) + String(repeating: "ab\n", count: 340_000)
                        + "</pre><p>x</p>", base: nil)
        Self.assertSame("<p>" + String(repeating: "x", count: 999_999) + "</p><p>y</p>", base: nil)
    }

    /// Random documents from a small grammar of the constructs above.
    func testGeneratedDocumentsRenderAsBefore() {
        var random: UInt64 = 20_251_129
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(random >> 33) % bound
        }
        let texts = ["ord", " ", "  ", "\n", "\r\n", "\t", "å", "e\u{301}", "中文", "\u{A0}", "\u{3000}", "&amp;", "&#146;", "&nbsp;",
                     "\u{92}", "&lt;", "x y", "\u{2000}", "\u{0600}", "한", "&#x1F600;", "&bogus;", "·", "\u{FFFD}", "\r"]
        let tags = ["p", "div", "b", "ul", "ol", "li", "blockquote", "pre", "a", "br", "td", "tr", "table", "dd", "dt", "hr",
                    "h2", "span", "img", "script", "dl", "caption", "th"]
        func fragment(_ depth: Int) -> String {
            var html = ""
            for _ in 0..<(1 + next(4)) {
                if depth > 5 || next(3) == 0 {
                    html += texts[next(texts.count)]
                    continue
                }
                let tag = tags[next(tags.count)]
                var attributes = ""
                switch tag {
                case "a": attributes = [" href='/p\(next(5))'", " href='https://x.se/\(next(3))'", " href='#a'", ""][next(4)]
                case "ol": attributes = next(2) == 0 ? " start='\(next(20) - 5)'" : ""
                case "img": attributes = " alt='\(texts[next(texts.count)])'"
                default: break
                }
                html += "<\(tag)\(attributes)>" + fragment(depth + 1) + (next(6) == 0 ? "" : "</\(tag)>")
            }
            return html
        }
        for _ in 0..<1_500 {
            Self.assertSame(fragment(0), base: ["https://example.se/a/", nil][next(2)])
        }
    }

    /// Mutations of the HTML fuzz corpus (bytes, so invalid UTF-8 too, read as `String` repairs it).
    func testFuzzCorpusMutationsRenderAsBefore() throws {
        try FuzzTests.fuzz("html", iterations: 400) { bytes in
            Self.assertSame(String(decoding: bytes, as: UTF8.self), base: "https://example.se/")
        }
    }

    /// The benchmark's posts and the bodies of the feedparser corpus.
    func testFeedBodiesRenderAsBefore() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("equivalence-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bench.rss")
        try BenchmarkFeed.write(count: 40, to: file)
        var bodies = try FeedParser(contentsOf: file).parse().entries.map { ($0.bodyHTML, $0.baseURL) }
        let corpus = FeedparserConformanceTests.corpus.appendingPathComponent("tests")
        if let files = FileManager.default.enumerator(atPath: corpus.path) {
            for case let path as String in files where path.hasSuffix(".xml") {
                guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(path).path),
                      let feed = try? FeedParser(data: data, url: "http://example.org/" + path).parse() else { continue }
                for entry in feed.entries {
                    bodies.append((entry.bodyHTML, entry.baseURL))
                    if let title = entry.title { bodies.append((title, nil)) }
                }
            }
        }
        XCTAssertGreaterThan(bodies.count, 1_000)
        for (html, base) in bodies {
            Self.assertSame(html, base: base)
        }
    }
}

import Foundation
import NewsModel
import TestSupport
import Synchronization
import XCTest
@testable import NewsCore

/// The SAX renderer must give exactly the body libxml2's tree gives
/// (`ReferenceHTMLText` walks it into the same builder): text, blocks, styles,
/// links and tables. And the search index's text (no layout recorded) must be
/// byte for byte the article's text: the store re-renders stored HTML to
/// delete the words it once indexed. Hand-picked snippets for every
/// construct and every place where bytes and characters could part, then
/// generated documents.
final class HTMLTextEquivalenceTests: XCTestCase {
    static let bases: [String?] = [nil, "https://example.se/nyheter/idag/", "http://exämple.se/å/", "file:///tmp/feed.rss"]

    static let snippets: [String] = [
        // Blocks, headings, breaks
        "<h2>Rubrik</h2><p>Första  stycket\n med radbrytning.</p><p>Andra<br>rad två</p>",
        "<p>a</p><br><br><p>b</p><br>", "<br>", "<br><br>x", "x<br>", "<p></p><p> </p><div>\n</div>",
        // A table of empty cells shows nothing (it once left a blank line the search text did not have).
        "<table><tr><td></td><td></td></tr></table>x", "<table><th><td></table><",
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

    static func assertSame(_ html: String, base: String?, huge: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        let expected = ReferenceHTMLText.body(html, baseURL: base, huge: huge)
        let actual = HTMLText.body(html, baseURL: base)
        XCTAssertEqual(Array(actual.text.utf8), Array(expected.text.utf8),
                       "body(\(html.debugDescription), base: \(String(describing: base))).text: \(actual.text.debugDescription) != \(expected.text.debugDescription)",
                       file: file, line: line)
        XCTAssertEqual(actual, expected, "body(\(html.debugDescription)): blocks, styles, links or tables differ", file: file, line: line)
        let searchText = HTMLText.searchText(html)
        XCTAssertEqual(Array(searchText.utf8), Array(actual.text.utf8),
                       "searchText(\(html.debugDescription)) is not the article's text", file: file, line: line)
        XCTAssertEqual(HTMLText.line(html), Whitespace.collapse(searchText), file: file, line: line)
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
            // The byte path (valid UTF-8) replaces C1 controls exactly as the String path does.
            var bytes: [UInt8] = []
            var copy = text
            copy.withUTF8 { HTMLText.replacingC1Controls($0, into: &bytes) }
            XCTAssertEqual(bytes, Array(HTMLText.replacingC1Controls(text).utf8), text.debugDescription)
        }
    }

    /// Rendering runs on several threads at once (SQLite functions, the
    /// import): each call stands alone and gives the same text.
    func testRenderingOnManyThreadsGivesTheSameText() {
        let inputs = Self.snippets + [String(repeating: "<div><ul><li><a href='/x'>x</a>", count: 300)]
        let expected = inputs.map { HTMLText.render($0, baseURL: "https://example.se/") }
        let sameTexts = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for (index, input) in inputs.enumerated() {
                let text = HTMLText.render(input, baseURL: "https://example.se/")
                if Array(text.utf8) == Array(expected[index].utf8) { sameTexts.withLock { $0 += 1 } }
            }
        }
        XCTAssertEqual(sameTexts.withLock { $0 }, 8 * inputs.count)
    }

    func testLinkChecksAndNumbersAsBefore() {
        for href in ["#", "#top", "#\u{301}x", "javascript:x", "JavaScript:void(0)", "JAVASCRIPT:", "javascript", "javascript:\u{301}",
                     "javascrİpt:x", "javascript\u{212A}:x", "java\u{0}script:", "https://x", "\u{E9}#", "a#b", "j", "\r\n#"] {
            XCTAssertEqual(HTMLText.isFollowable(href), !href.hasPrefix("#") && !href.lowercased().hasPrefix("javascript:"),
                           href.debugDescription)
        }
        // Past sixteen links the numbers come from a dictionary: the same numbers.
        var html = ""
        for index in 0..<60 {
            html += "<a href='/l\(index % 23)'>\(index)</a> "
            if index % 7 == 0 { html += "<a href='/caf\u{E9}'>c</a><a href='/cafe\u{301}'>d</a> " }
        }
        for prefix in ["", String(repeating: "<a href='/early\(1)'>e</a>", count: 3)] {
            Self.assertSame(prefix + html, base: "https://example.se/")
        }
    }

    func testDeepNestingAndHugeTextAsBefore() {
        for depth in [63, 64, 65, 66, 100, 300, 2_000] {
            for (open, close) in [("<div><span>", "</span></div>"), ("<blockquote>", "</blockquote>"), ("<ul><li>", "</li></ul>"),
                                  ("<ol><li>x", "</li></ol>"), ("<pre>\n", "</pre>"), ("<dd>", "</dd>")] {
                let html = String(repeating: open, count: depth) + "djupt <a href='/l'>länk</a>" + String(repeating: close, count: depth)
                Self.assertSame(html, base: "https://example.se/", huge: true)
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

    /// The renderer follows libxml2's SAX events and the tree they would have
    /// built: where the tree puts what comes after the document element, text
    /// nodes split by comments, blank text the parser drops depending on the
    /// tree, DOCTYPEs, nesting past libxml2's limit.
    func testTreeShapesAsBefore() {
        let documents = [
            // Blank text, kept or dropped by the parser depending on the tree
            "<table> <tr> <td>a</td> <td>b</td> </tr> </table>", "<div> <b>x</b> <i>y</i> </div>",
            "<p><!--c--> <b>x</b></p>", "<ul> <!-- c --> <li>x</li> </ul>", "<p><?b x?> <i>y</i></p>", "<p><?zz x?> <i>y</i></p>",
            "<p>a<!--c--> <!--d--> b</p>", "<dl> <dt>t</dt> <dd>d</dd> </dl>", "<span> </span>x", "<b> </b><i> </i>",
            "<table>a<!--c--> <b>x</b></table>", "<tr>a<?p?> <b>x</b></tr>", "<dl>a<!--c--> <b>x</b></dl>",
            "<table><b>y</b> <i>x</i></table>", "<table><zz>y</zz> <i>x</i></table>", "<table><?b?> <i>x</i></table>",
            "<table><?zz?> <i>x</i></table>", "<table><!--c--> <i>x</i></table>", "<select>a<!--c--> <b>x</b></select>",
            "<tbody><p:b>y</p:b> <i>x</i></tbody>", "<table><x:zz>y</x:zz> <i>x</i></table>",
            "<table><script>s</script> <i>x</i></table>", "<table>&amp;<!--c--> <i>x</i></table>",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><body> <b>x</b> <i>y</i> </body>",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4//EN\"> <p>a</p> <b>b</b> c",
            "<!DOCTYPE html><body> <b>x</b> <i>y</i> </body>", "<html> <head> </head> <body> <p> x </p> </body> </html>",
            // After the document element
            "<html><body>a</body></html><p>b</p>", "<!DOCTYPE html><html><body>a</body></html><p>b</p>",
            "<!--first--><html><body>a</body></html><p>b</p>", "<?pi first?><p>a</p></html><p>b</p>",
            "<p>a</p></body></html>text after", "</html>x<br>y", "<p>a</p></html><!--c--><p>b</p>",
            "<p>a</p><!DOCTYPE html><p>b</p>", "<p>a<!DOCTYPE x>b</p>", "<!DOCTYPE a><!DOCTYPE b><p>x</p></html><p>y</p>",
            "<html><body><p>a</p></body></html><ul><li>late</li></ul><blockquote>q</blockquote>",
            // Text nodes and what splits them
            "<pre>a\r<!--x-->\nb</pre>", "<pre>a\r<?p?>\nb</pre>", "<pre>a\r&#10;b</pre>", "<pre>a&#13;\nb</pre>",
            "<p>a<!---->b</p>", "<p>é<!---->\u{301}</p>", "<pre>x\r<b></b>\ny</pre>",
            // Script and style (CDATA in the tree), rendered only past the depth cap
            String(repeating: "<div>", count: 70) + "<script>if (a < b) x()</script>t<style>p { }</style>u"
                + "<title>T</title><svg>s</svg>" + String(repeating: "</div>", count: 70),
            "<script>a</script>b<style>c</style>", "<p>x<script>y</script>z</p>",
            // Names and attributes
            "<x:p>a</x:p>b", "<:p>c</:p>", "<a:>d</a:>", "<a:b:blockquote>e</a:b:blockquote>", "<xml:p>f</xml:p>",
            "<a href='/x?a=1&amp;b=2&lt;'>amp</a>", "<a href>empty</a>", "<a HREF='/U' href='/l'>dup</a>", "<a href=/nq>nq</a>",
            "<ol start>s</ol><ol start=''><li>e</li></ol><ol START=4><li>f</li></ol>", "<img alt>", "<img ALT='Up'>",
            "<a href='&#x2F;hex'>h</a>", "<a href='&nbsp;x'>nb</a>", "<a selected href='/s'>bool</a>",
            // Oddities
            "<br>text</br>", "<p/>x", "</p>", "<p>a\u{0}b</p>", "a&#0;b", "<hr>x</hr>", "<img>inside</img>",
            "text<html>", "&amp;", "x<head><title>t</title></head>y", "<frameset><frame></frameset>z",
            "<table><tr><td>a<table><tr><td>b</table>c</table>", "<select><option>o<option>p</select>",
            "<textarea> t </textarea>", "<form><input value='v'></form>", "<noscript><p>n</p></noscript>",
        ]
        for html in documents {
            Self.assertSame(html, base: "https://example.se/a/")
            Self.assertSame("<ul><li>" + html + "</li></ul>", base: nil)
        }
        // Past libxml2's nesting limit (256), where a tree stops (and lost the
        // rest of the article), the renderer goes on: compared with a tree
        // built without the limit.
        for depth in [199, 200, 201, 250, 255, 256, 257, 258, 300, 1_000] {
            for html in [String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth) + "after",
                         String(repeating: "<blockquote>", count: depth) + "q" + String(repeating: "</blockquote>", count: depth),
                         String(repeating: "<b>x ", count: depth) + "y" + String(repeating: "</b>", count: depth) + " z"] {
                Self.assertSame(html, base: "https://example.se/a/", huge: true)
                Self.assertSame("<ul><li>" + html + "</li></ul>", base: nil, huge: true)
            }
        }
    }

    func testTextNodeLongerThanLibxml2AllowsAsBefore() {
        // libxml2's tree builder stops a text node (and the parser) at 10,000,000 bytes.
        let spaces = String(repeating: " ", count: 10_000_100)
        Self.assertSame("<p>x" + spaces + "tail</p><p>after</p>", base: nil, huge: false)
        Self.assertSame("<pre>x" + spaces + "tail</pre><p>after</p>", base: nil, huge: false)
    }

    /// Random documents from a small grammar of the constructs above.
    /// (`scripts/fuzz SECONDS SEED` runs this for SECONDS, from SEED.)
    func testGeneratedDocumentsRenderAsBefore() {
        var random = SplitMix64(seed: FuzzTests.seconds > 0 ? FuzzTests.seed : 20_251_129)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let texts = ["ord", " ", "  ", "\n", "\r\n", "\t", "å", "e\u{301}", "中文", "\u{A0}", "\u{3000}", "&amp;", "&#146;", "&nbsp;",
                     "\u{92}", "&lt;", "x y", "\u{2000}", "\u{0600}", "한", "&#x1F600;", "&bogus;", "·", "\u{FFFD}", "\r",
                     "<!--c-->", "<?pi x?>", "<!DOCTYPE html>", "</html>", "</body>", "<html>", "<body>", " \n ", "&#0;",
                     "<title>t</title>", "<script>if(a<b)x</script>", "<style>p{}</style>", "<br>", "</p>", "\u{0}", "<x:b>y</x:b>"]
        let tags = ["p", "div", "b", "ul", "ol", "li", "blockquote", "pre", "a", "br", "td", "tr", "table", "dd", "dt", "hr",
                    "h2", "span", "img", "script", "dl", "caption", "th", "head", "body", "html", "i", "font", "tbody", "center",
                    "x:p", "select", "option", "form", "textarea"]
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
        let deadline = Date().addingTimeInterval(FuzzTests.seconds)
        var count = 0
        while FuzzTests.seconds > 0 ? Date() < deadline : count < 2_500 {
            Self.assertSame(fragment(0), base: ["https://example.se/a/", nil][next(2)])
            count += 1
        }
        if FuzzTests.seconds > 0 { print("generated HTML: \(count) documents in \(FuzzTests.seconds) s, seed \(FuzzTests.seed)") }
    }

    /// Mutations of the HTML fuzz corpus (bytes, so invalid UTF-8 too, read as `String` repairs it).
    func testFuzzCorpusMutationsRenderAsBefore() throws {
        try FuzzTests.fuzz("html", iterations: 400) { bytes in
            Self.assertSame(String(decoding: bytes, as: UTF8.self), base: "https://example.se/")
        }
    }

    /// The benchmark's posts and the bodies of the feedparser corpus.
    func testFeedBodiesRenderAsBefore() throws {
        let directory = try TemporaryDirectory("equivalence")
        let file = directory.url.appendingPathComponent("bench.rss")
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

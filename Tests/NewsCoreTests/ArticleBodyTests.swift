import Foundation
import NewsModel
import Testing
@testable import NewsCore

/// What an HTML body becomes: the text `show` prints (`HTMLText.render`, no
/// width limit), the lines at a width, the styles, links and the search text.
@Suite("HTML to text, as the page reads")
struct ArticleBodyTests {
    func lines(_ html: String, width: Int, base: String? = nil, imageLabel: String = "Image") -> [String] {
        ArticleLayout.lines(HTMLText.body(html, baseURL: base), width: width, imageLabel: imageLabel).map(\.text)
    }

    @Test("preformatted text is kept verbatim and set apart (the example of issue 13)")
    func preformatted() {
        #expect(HTMLText.render("<p>före</p><pre>a  b\n   c</pre>") == "före\n\na  b\n   c")
        #expect(HTMLText.render("<p>x</p><pre>code</pre><p>y</p>") == "x\n\ncode\n\ny")
        // The line break right after <pre> is not content; blank lines inside are.
        #expect(HTMLText.render("<pre>\nfirst\n\n\nafter two\n</pre>") == "first\n\n\nafter two")
        // Tabs reach the next multiple of eight columns; CR LF and CR end lines.
        #expect(HTMLText.render("<pre>a\tb\n\tc\r\nd\re</pre>") == "a       b\n        c\nd\ne")
        // Markup inside keeps its text on the same line; <br> ends a line.
        #expect(HTMLText.render("<pre><b>fet</b>  <i>kursiv</i><br>  rad två</pre>") == "fet  kursiv\n  rad två")
        // Never wrapped, however narrow the width: the reader cuts it, show prints it whole.
        #expect(lines("<pre>0123456789abcdef\n  x</pre><p>ett två tre</p>", width: 8)
                == ["0123456789abcdef", "  x", "", "ett två", "tre"])
        let body = HTMLText.body("<pre>let x = 1</pre>")
        #expect(body.blocks.map(\.kind) == [.preformatted])
        #expect(body.spans.map(\.style) == [.code])
    }

    @Test("list items hang under their text; nested lists indent per level; numbers honour start")
    func lists() {
        #expect(lines("<ul><li>ett två tre fyra fem sex sju</li><li>åtta</li></ul>", width: 20)
                == ["• ett två tre fyra", "  fem sex sju", "• åtta"])
        #expect(HTMLText.render("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>")
                == "• a\n  ◦ b\n    ▪ c\n• d")
        #expect(HTMLText.render("<ol start=\"7\"><li>sju</li><li>åtta</li></ol>") == "7. sju\n8. åtta")
        #expect(HTMLText.render("<ol reversed start=\"3\"><li>c</li><li>b</li><li>a</li></ol>") == "3. c\n2. b\n1. a")
        #expect(HTMLText.render("<ol><li>a</li><li value=\"10\">j</li><li>k</li></ol>") == "1. a\n10. j\n11. k")
        #expect(lines("<ol start=\"9\"><li>nio</li><li>tio elva tolv tretton</li></ol>", width: 15)
                == ["9. nio", "10. tio elva", "    tolv", "    tretton"])
        // A second paragraph of an item sits under the text, without a marker.
        #expect(HTMLText.render("<ul><li><p>första</p><p>andra</p></li></ul>") == "• första\n\n  andra")
    }

    @Test("block quotes are marked on every line, wrapped or not")
    func quotes() {
        #expect(lines("<blockquote><p>ett två tre fyra fem</p><p>sex</p></blockquote><p>efter</p>", width: 12)
                == ["> ett två", "> tre fyra", "> fem", ">", "> sex", "", "efter"])
        #expect(HTMLText.render("<blockquote>a<blockquote>b</blockquote></blockquote>") == "> a\n>\n> > b")
    }

    @Test("headings are set apart and styled")
    func headings() {
        let body = HTMLText.body("<p>före</p><h2>Rubrik <b>två</b></h2>efter")
        #expect(ArticleLayout.plainText(body) == "före\n\nRubrik två\n\nefter")
        #expect(body.blocks.map(\.kind) == [.paragraph, .blank, .heading(level: 2), .blank, .paragraph])
        let heading = ArticleLayout.lines(body, width: 80)[2]
        #expect(heading.styles.contains(.init(0..<"Rubrik två".utf8.count, .heading)))
        #expect(heading.styles.contains(.init("Rubrik ".utf8.count..<"Rubrik två".utf8.count, .strong)))
    }

    @Test("tables: aligned columns when they fit, else a label: value line per cell")
    func tables() {
        let html = "<table><tr><th>Region</th><th>Krav</th></tr><tr><td>Skåne</td><td>12</td></tr>"
            + "<tr><td>Västra Götaland</td><td>7</td></tr></table><p>efter</p>"
        #expect(lines(html, width: 80) == [
            "Region           Krav", "───────────────  ────", "Skåne            12", "Västra Götaland  7", "", "efter",
        ])
        #expect(lines(html, width: 18) == ["Region: Skåne", "Krav: 12", "", "Region: Västra", "  Götaland", "Krav: 7", "", "efter"])
        // A table of paragraphs or a single column is layout, not data: its cells read as text.
        #expect(HTMLText.render("<table><tr><td><p>ett</p><p>två</p></td><td>x</td></tr></table>") == "ett\n\ntvå\n\nx")
        #expect(HTMLText.render("<table><tr><td>bara</td></tr><tr><td>en kolumn</td></tr></table>") == "bara\nen kolumn")
        // The search text has every cell, whatever the layout.
        #expect(HTMLText.searchText(html) == "Region\nKrav\nSkåne\n12\nVästra Götaland\n7\n\nefter")
    }

    @Test("images show as [Image: alt] with their link numbered; the label is the display's, not the index's")
    func images() {
        let html = "<p>Se <img src=\"/bild.png\" alt=\"Karta över  regionen\">här och <img src=\"/x.gif\">.</p>"
        let body = HTMLText.body(html, baseURL: "https://example.se/a/")
        #expect(ArticleLayout.plainText(body)
                == "Se [Image: Karta över regionen][1] här och [Image][2] .\n\n[1] https://example.se/bild.png\n[2] https://example.se/x.gif")
        #expect(ArticleLayout.plainText(body, imageLabel: "Bild").hasPrefix("Se [Bild: Karta över regionen][1] här"))
        #expect(HTMLText.searchText(html) == "Se Karta över regionen här och .")
        // Tracking pixels and data: sources are no links.
        #expect(HTMLText.render("<p>a<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\">b</p>") == "ab")
        #expect(HTMLText.render("<img src=\"data:image/png;base64,AAAA\" alt=\"inline\">") == "[Image: inline]")
    }

    @Test("<br> is kept; never two blank lines in a row")
    func blankLines() {
        #expect(HTMLText.render("a<br>b") == "a\nb")
        #expect(HTMLText.render("a<br><br><br><br>b") == "a\n\nb")
        #expect(HTMLText.render("<p>a</p><br><br><p>b</p><br>") == "a\n\nb")
        #expect(HTMLText.render("<br><br>x") == "x")
        #expect(HTMLText.render("<div><p>a</p></div><div><p></p><p>b</p></div>") == "a\n\nb")
    }

    @Test("scripts, styles and hidden elements are dropped")
    func hidden() {
        let html = "<p>a</p><script>x()</script><style>p{}</style><div hidden>dold</div>"
            + "<p style=\"color: red; DISPLAY : none\">dold</p><span style=\"visibility:hidden\">dold</span><p>b</p>"
        #expect(HTMLText.render(html) == "a\n\nb")
        #expect(HTMLText.searchText(html) == "a\n\nb")
    }

    @Test("links carry their number and style; the numbers are listed under the text, each URL whole")
    func links() {
        let body = HTMLText.body("<p>Läs <a href=\"/a\">mer <b>här</b></a>, <a href=\"/a\">igen</a> och <a href=\"#top\">upp</a>.</p>",
                                 baseURL: "https://example.se/n/")
        #expect(body.links == ["https://example.se/a"])
        let lines = ArticleLayout.lines(body, width: 12)
        #expect(lines.map(\.text) == ["Läs mer", "här[1],", "igen[1] och", "upp.", "", "[1] https://example.se/a"])
        #expect(lines[1].styles.contains(.init(0..<"här[1]".utf8.count, .link)))
        #expect(lines[5].link == 1)
        #expect(HTMLText.searchText("<a href=\"/a\">mer</a>") == "mer", "no numbers in the index")
    }

    @Test("a relative link without a web address to resolve against stays as written")
    func unresolvedLinks() {
        for base in [nil, "file:///home/u/feed.xml", "relative/"] {
            #expect(HTMLText.body("<a href=\"/relativ\">x</a><a href=\"y.html\">y</a>", baseURL: base).links == ["/relativ", "y.html"])
        }
    }

    @Test("wrapping is linear: 100,000 and 200,000-character words, a Japanese paragraph")
    func longWords() {
        for length in [100_000, 200_000] {
            let word = String(repeating: "x", count: length)
            let wrapped = lines("<p>före " + word + " efter</p>", width: 80)
            #expect(wrapped.count == 2 + (length + 79) / 80)
            #expect(wrapped.first == "före")
            #expect(wrapped.last == "efter")
            #expect(wrapped.dropFirst().dropLast().joined() == word)
            #expect(wrapped.allSatisfy { $0.count <= 80 })
        }
        let japanese = String(repeating: "日本語の文章です。", count: 100_000 / 9 + 1).prefix(100_000)
        let wrapped = lines("<p>" + japanese + "</p>", width: 80)
        #expect(wrapped.count == 2_500, "40 wide characters a line")
        #expect(wrapped.joined() == String(japanese))
        // The same wrapper serves plain text.
        #expect(TextWrapper.wrap(String(repeating: "y", count: 100_000), width: 100).count == 1_000)
    }

    @Test("every body is cut at a million bytes of text, plain text too")
    func lengthLimit() {
        let base64 = String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", count: 30_000_000 / 36)
        for body in [base64, "<p>" + base64 + "</p>"] {
            let text = HTMLText.body(body).text
            #expect(text.utf8.count == BodyBuilder.maximumLength + "…".utf8.count)
            #expect(text.hasSuffix("…"))
            let shown = ArticleLayout.lines(HTMLText.body(body), width: 80)
            #expect(shown.count == (BodyBuilder.maximumLength + 1 + 79) / 80)
        }
    }

    @Test("HTML nested 256 levels deep and more keeps the rest of the article")
    func deepNesting() {
        for depth in [255, 256, 257, 300, 1_000, 10_000] {
            for (open, close) in [("<div>", "</div>"), ("<blockquote>", "</blockquote>"), ("<b>", "</b>"), ("<ul><li>", "</li></ul>")] {
                let html = "<p>före</p>" + String(repeating: open, count: depth) + "djupt"
                    + String(repeating: close, count: depth) + "<p>efter <a href=\"https://e.example/\">länk</a></p>"
                let text = HTMLText.render(html)
                #expect(text.hasPrefix("före"), "depth \(depth) \(open)")
                #expect(text.contains("djupt"), "depth \(depth) \(open)")
                #expect(text.hasSuffix("efter länk[1]\n\n[1] https://e.example/"), "depth \(depth) \(open): \(text.suffix(80))")
            }
        }
    }

    @Test("plain text and the search text are the article's words, without layout")
    func searchText() {
        let html = "<h1>Rubrik</h1><ul><li>ett</li></ul><blockquote>citat</blockquote><pre>  kod</pre><hr><p>slut</p>"
        #expect(HTMLText.searchText(html) == HTMLText.body(html).text)
        #expect(HTMLText.searchText(html) == "Rubrik\n\nett\n\ncitat\n\n  kod\n\n———\n\nslut")
        #expect(HTMLText.render(html) == "Rubrik\n\n• ett\n\n> citat\n\n  kod\n\n———\n\nslut")
    }

    @Test("the feedparser corpus: every body lays out at any width, and pre, lists, tables and quotes keep their shape")
    func corpus() throws {
        let corpus = FeedparserConformanceTests.corpus.appendingPathComponent("tests")
        var shapes: [String: Int] = [:]
        var bodies = 0
        for case let path as String in FileManager.default.enumerator(atPath: corpus.path)! where path.hasSuffix(".xml") {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(path).path),
                  let feed = try? FeedParser(data: data, url: "http://example.org/" + path).parse() else { continue }
            for entry in feed.entries {
                let html = entry.bodyHTML
                let body = HTMLText.body(html, baseURL: entry.baseURL)
                bodies += 1
                for width in [1, 7, 33, 80] {
                    let lines = ArticleLayout.lines(body, width: width)
                    // Only what is never broken may be wider than the width.
                    for line in lines where DisplayWidth.of(line.text) > width {
                        let isWhole = line.link != nil || body.blocks.contains { $0.kind == .preformatted } || !body.tables.isEmpty
                            || width < 8
                        #expect(isWhole, "\(path) at \(width): \(line.text)")
                    }
                }
                let lowered = html.lowercased()
                let kinds = body.blocks.map(\.kind)
                if lowered.contains("<pre"), !body.text.isEmpty, kinds.contains(.preformatted) {
                    shapes["pre", default: 0] += 1
                    // Each line of the code is a line of its own, as written.
                    for block in body.blocks where block.kind == .preformatted {
                        #expect(!body.text(block.range).contains("\n"), "\(path)")
                    }
                }
                if lowered.contains("<li"), body.blocks.contains(where: { $0.containers.contains { if case .item = $0 { return true }; return false } }) {
                    shapes["list", default: 0] += 1
                }
                if lowered.contains("<blockquote"), body.blocks.contains(where: { $0.containers.contains(.quote) }) {
                    shapes["quote", default: 0] += 1
                }
                if !body.tables.isEmpty {
                    shapes["table", default: 0] += 1
                    for table in body.tables { #expect(table.columnCount >= 2, "\(path)") }
                }
            }
        }
        // The corpus's few bodies with content in such elements (most hold them empty) keep their shape.
        #expect(bodies > 1_200)
        #expect(shapes["list", default: 0] >= 1, "\(shapes)")
    }
}

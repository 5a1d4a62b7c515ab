import XCTest
@testable import NewsCore

final class HTMLTextTests: XCTestCase {
    func testParagraphsBreaksAndHeadings() {
        XCTAssertEqual(HTMLText.render("<h2>Rubrik</h2><p>Första  stycket\n med radbrytning.</p><p>Andra<br>rad två</p>"),
                       "Rubrik\n\nFörsta stycket med radbrytning.\n\nAndra\nrad två")
    }

    func testListsBulletedAndNumbered() {
        XCTAssertEqual(HTMLText.render("<p>Inköp:</p><ul><li>mjölk</li><li>bröd</li></ul><ol start=\"3\"><li>tre</li><li>fyra</li></ol>"),
                       "Inköp:\n\n• mjölk\n• bröd\n\n3. tre\n4. fyra")
        XCTAssertEqual(HTMLText.render("<ul><li>a<ul><li>b</li></ul></li></ul>"), "• a\n  ◦ b")
    }

    func testBlockquoteAndPreformatted() {
        XCTAssertEqual(HTMLText.render("<p>Hon sa:</p><blockquote><p>Ett.</p><p>Två.</p></blockquote><p>Slut.</p>"),
                       "Hon sa:\n\n> Ett.\n>\n> Två.\n\nSlut.")
        XCTAssertEqual(HTMLText.render("<pre>let x = 1\n    if x {\n}</pre>"), "let x = 1\n    if x {\n}")
    }

    func testLinksBecomeNumberedReferences() {
        let text = HTMLText.render("<p>Läs <a href=\"/a\">mer</a> och <a href=\"https://b.se/\">här</a>, <a href=\"/a\">igen</a>.</p>",
                                   baseURL: "https://example.se/nyheter/")
        XCTAssertEqual(text, "Läs mer[1] och här[2], igen[1].\n\n[1] https://example.se/a\n[2] https://b.se/")
    }

    func testEntitiesDecodedScriptsStylesAndCommentsDropped() {
        XCTAssertEqual(HTMLText.render("<p>R&auml;k &amp; sm&ouml;rg&aring;s&nbsp;&#8211; &#x263A;</p><script>alert(1)</script><style>p{}</style><!-- dold -->"),
                       "Räk & smörgås – ☺", "a no-break space is a space on a terminal line")
    }

    func testPlainTextPassesThrough() {
        XCTAssertEqual(HTMLText.render("  bara   text  "), "bara text")
        XCTAssertEqual(HTMLText.render(""), "")
    }

    func testDeepNestingAndHugeInputDoNotCrash() {
        // Deeper than our cap: the text stays, the structure beyond the cap is flattened.
        let deep = String(repeating: "<div><span>", count: 100) + "djupt" + String(repeating: "</span></div>", count: 100)
        XCTAssertEqual(HTMLText.render(deep), "djupt")
        // Deeper than libxml2's own limit: no crash, whatever text it kept.
        let deeper = String(repeating: "<div><blockquote>", count: 5_000) + "x" + String(repeating: "</blockquote></div>", count: 5_000)
        _ = HTMLText.render(deeper)
        let long = "<p>" + String(repeating: "ord ", count: 400_000) + "</p>"
        XCTAssertLessThanOrEqual(HTMLText.render(long).count, BodyBuilder.maximumLength + 1)
    }

    func testBrokenHTMLIsRecovered() {
        XCTAssertEqual(HTMLText.render("<p>ett<p>två <b>fet</i> text"), "ett\n\ntvå fet text")
    }
}

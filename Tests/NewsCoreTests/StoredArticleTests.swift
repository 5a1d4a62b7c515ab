import Foundation
import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// Bodies are stored with their rendered article (`StoredBody`'s rendered
/// forms, `StoredLayout`), so that exports and the reader read it back
/// instead of parsing the HTML again. What is read back must be exactly
/// what rendering the HTML gives; rows of the older form (HTML and search
/// text only) are rendered when read; damage never crashes.
@Suite("Stored articles")
struct StoredArticleTests {
    /// Bodies that take every path of the renderer, each with a base URL
    /// that its relative links resolve against.
    static let hostile: [String] = [
        "<p>a&#x1B;[31mb&#x9B;c&#x202E;d&#0;e</p>",
        "<ul><li>ett<ol start=\"3\"><li>två</li><li value=\"9\">tre</li></ol></li><li><p>fyra</p><p>fem</p></li></ul>"
            + "<blockquote><dl><dt>term</dt><dd>djup <q>citat</q></dd></dl></blockquote>",
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td><a href=\"x\">2</a></td></tr><tr><td></td></tr></table>"
            + "<table><tr><td>ensam</td></tr></table>",
        "<pre>\tkod\n  rad\n\n</pre><hr><h1>Rubrik</h1><h6>liten</h6><h3></h3>",
        "<a href=\"javascript:alert(1)\">j</a> <a href=\"#frag\">f</a> <img src=\"b.png\" alt=\"bild\"><img alt=\"\">"
            + "<a href=\"/rot\"><img src=\"/c.png\" alt=\"c\"></a> <a href=\"  /rot  \">igen</a> <a href=\"\">tom</a>",
        String(repeating: "<div><blockquote>", count: 400) + "djupt" + String(repeating: "<ul><li>", count: 200) + "listat",
        "<b><i>öppen <code>kod <a href=\"z\">länk",
        "&lt;script&gt;x&lt;/script&gt;<script>alert(1)</script><style>p{}</style><!-- k --><p hidden>dold</p>synligt",
        "\u{0}\u{7F}\u{85}\u{2028}&#x202E;\u{FEFF}",
        "🎉 e\u{301} 東京 <b>fet</b> " + String(repeating: "ord <em>och</em> <a href=\"l\">länk</a> ", count: 2000),
        "",
        "ren text utan märkning",
        "&amp;",
        "<p>   </p><br><br><p>\n</p>",
        "<table><tr><td><table><tr><td>inre</td></tr></table></td><td><pre>a\nb</pre></td></tr></table>",
    ]

    /// The seed page's paragraphs, feedparser's corpus and the hostile bodies.
    static func bodies() throws -> [(name: String, html: String, baseURL: String?)] {
        var bodies: [(name: String, html: String, baseURL: String?)] = []
        for (index, paragraph) in try Fixtures.seedParagraphs().enumerated() {
            bodies.append(("seed \(index)", paragraph, nil))
            bodies.append(("seed \(index) as HTML", "<p>\(HTMLEscaping.escape(paragraph))</p>", "https://example.se/"))
        }
        let corpus = FeedparserConformanceTests.corpus.appendingPathComponent("tests")
        for case let path as String in FileManager.default.enumerator(atPath: corpus.path)! where path.hasSuffix(".xml") {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(path).path),
                  let feed = try? FeedParser(data: data, url: "http://example.org/" + path).parse() else { continue }
            for entry in feed.entries { bodies.append((path, entry.bodyHTML, entry.baseURL)) }
        }
        for (index, html) in hostile.enumerated() {
            bodies.append(("hostile \(index)", html, "https://example.se/a/b.html"))
            bodies.append(("hostile \(index) without a base", html, nil))
        }
        return bodies
    }

    @Test("stored and read back, every body is exactly what rendering its HTML gives")
    func roundTrip() throws {
        let deflater = Deflater()
        let bodies = try Self.bodies()
        #expect(bodies.count > 1000, "the corpus was not found")
        for (name, html, baseURL) in bodies {
            let rendered = HTMLText.body(html, baseURL: baseURL)
            let value = StoredBody.value(html: html, body: rendered, using: deflater)
            guard case .blob(let data) = value.storage else {
                Issue.record("\(name): not a blob")
                continue
            }
            #expect(StoredBody.Form(rawValue: data[0])?.hasLayout == true, "\(name)")
            // Read with another base URL: the article comes from the store, not from rendering again.
            let read = StoredBody.article(data, html: true, article: true, baseURL: "https://annan.example/x/")
            #expect(read?.body == rendered, "\(name)")
            #expect(read?.html == html, "\(name)")
            #expect(StoredBody.article(data, html: false, article: true, baseURL: nil)?.body == rendered, "\(name)")
            #expect(StoredBody.html(value) == html, "\(name)")
            // The index's words are the article's text, as the search text renderer gives them.
            #expect(StoredBody.text(value) == HTMLText.searchText(html), "\(name)")
            let prefix = String(String.UnicodeScalarView(rendered.text.unicodeScalars.prefix(20)))
            #expect(StoredBody.textPrefix(value, length: 20) == prefix, "\(name)")
        }
    }

    /// A store with one post stored now and one as an older build stored it
    /// (HTML and search text, no article), each with its own base URL.
    static func mixedStore(_ database: AppDatabase) throws -> String {
        let html = CompactStoreTests.body("hållbar upphandling") + "<p>Läs <a href=\"rapport.pdf\">rapporten</a>.</p><ul><li>ett</li></ul>"
        try database.save(feed: Feed(url: "https://example.se/feed", title: "Flöde"), posts: [
            IncomingPost(guid: "ny", title: "Ny", published: 2, contentHTML: html, baseURL: "https://example.se/ny/"),
            IncomingPost(guid: "gammal", title: "Gammal", published: 1, contentHTML: html, baseURL: "https://example.se/gammal/"),
        ])
        try database.writer.write { db in
            try db.execute(sql: "UPDATE post_body SET body = ? WHERE id = 2",
                           arguments: [StoredBody.value(html: html, text: HTMLText.searchText(html), using: Deflater())])
        }
        return html
    }

    static func forms(_ database: AppDatabase) throws -> [StoredBody.Form?] {
        try database.writer.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM post_body ORDER BY id").map { StoredBody.Form(rawValue: $0[0]) }
        }
    }

    @Test("the reader and every export read stored articles, and render rows of the older form")
    func storeReadsBothForms() throws {
        let database = try AppDatabase.inMemory()
        let html = try Self.mixedStore(database)
        #expect(try Self.forms(database) == [.renderedDeflated, .deflated])
        let new = HTMLText.body(html, baseURL: "https://example.se/ny/")
        let old = HTMLText.body(html, baseURL: "https://example.se/gammal/")
        #expect(new.links == ["https://example.se/ny/rapport.pdf"])
        #expect(try database.article(id: 1)?.body == new)
        #expect(try database.article(id: 2)?.body == old)
        #expect(try database.article(id: 2)?.post.contentHTML == html)
        #expect(try database.article(id: 1, rendering: false)?.body == .empty)
        #expect(try database.article(id: 3) == nil)

        let articles = try PostExport.articles(database, filter: .all, query: nil)
        #expect(articles.map(\.body) == [new, old])
        #expect(articles.map(\.post.contentHTML) == [html, html])
        // Each export is what it was when every body was rendered from its HTML.
        let fresh = articles.map { Article(post: $0.post, feedTitle: $0.feedTitle) }
        for format in PostExport.Format.allCases {
            #expect(PostExport.render(articles, as: format, title: "t") == PostExport.render(fresh, as: format, title: "t"))
        }
        #expect(try PostExport.articles(database, filter: .all, query: SearchQuery("rapporten")).map(\.body) == [new, old])
        // Markdown asks for the article alone.
        var bodies: [ArticleBody] = []
        try database.forEachArticle(filter: .all, query: nil, html: false) { article in
            #expect(article.post.contentHTML.isEmpty)
            bodies.append(article.body)
        }
        #expect(bodies == [new, old])
    }

    @Test("a store rendered by another version of the renderer stores every body's article again")
    func staleStoreRendersArticles() throws {
        let directory = try TemporaryDirectory("stored-article")
        let path = directory.path + "/store.sqlite"
        let html: String
        do {
            let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
            html = try Self.mixedStore(database)
            try database.writer.write { db in try db.execute(sql: "PRAGMA user_version = 0") }
        }
        let reopened = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(try Self.forms(reopened) == [.renderedDeflated, .renderedDeflated])
        #expect(try reopened.article(id: 1)?.body == HTMLText.body(html, baseURL: "https://example.se/ny/"))
        #expect(try reopened.article(id: 2)?.body == HTMLText.body(html, baseURL: "https://example.se/gammal/"))
        #expect(try CompactStoreTests.indexMatchesBodies(reopened))
    }

    /// A stored body in the plain rendered form, whatever its length (short
    /// bodies are stored so; long ones would be deflated and checksummed).
    static func plainBlob(html: String, body: ArticleBody) -> Data {
        var layout: [UInt8] = []
        StoredLayout.encode(body, into: &layout)
        var data = Data([StoredBody.Form.renderedPlain.rawValue])
        for length in [html.utf8.count, body.text.utf8.count, layout.count] {
            data.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) })
        }
        data.append(contentsOf: html.utf8)
        data.append(contentsOf: body.text.utf8)
        data.append(contentsOf: layout)
        return data
    }

    @Test("a damaged stored article never crashes: it reads as nothing, as a body within its text, or is rendered again")
    func damagedLayout() throws {
        let short = "<b>ö</b> <a href=\"/a\">ett</a>"
        let shortBody = HTMLText.body(short, baseURL: "https://example.se/")
        guard case .blob(let stored) = StoredBody.value(html: short, body: shortBody, using: Deflater()).storage else {
            Issue.record("expected a blob")
            return
        }
        #expect(stored == Self.plainBlob(html: short, body: shortBody), "short bodies are stored plain")
        for html in [short, Self.hostile[1], Self.hostile[2], Self.hostile[3], Self.hostile[4]] {
            let body = HTMLText.body(html, baseURL: "https://example.se/")
            let blob = Self.plainBlob(html: html, body: body)
            let layoutStart = 13 + html.utf8.count + body.text.utf8.count
            var damaged: [Data] = [blob.prefix(blob.count - 1), blob + Data([0])]
            for index in layoutStart..<blob.count {
                for change in [{ (byte: UInt8) in byte ^ 0x01 }, { _ in 0xFF }, { _ in 0x00 }, { $0 &+ 0x40 }] {
                    var copy = blob
                    copy[index] = change(copy[index])
                    damaged.append(copy)
                }
            }
            for copy in damaged {
                guard let read = StoredBody.article(copy, html: true, article: true, baseURL: "https://example.se/") else { continue }
                let count = read.body.text.utf8.count
                #expect(read.body.blocks.allSatisfy { $0.range.upperBound <= count })
                #expect(read.body.spans.allSatisfy { $0.range.upperBound <= count })
                // Whatever it holds lays out and exports.
                for width in [1, 20, 80] { _ = ArticleLayout.lines(read.body, width: width) }
                _ = MarkdownText.body(read.body)
                _ = ArticleLayout.plainText(read.body)
            }
            // A layout that stops short is rendered again from the HTML.
            var cut = blob
            cut.removeLast()
            cut[9] = cut[9] &- 1
            #expect(StoredBody.article(cut, html: true, article: true, baseURL: "https://example.se/")?.body == body)
        }
    }
}

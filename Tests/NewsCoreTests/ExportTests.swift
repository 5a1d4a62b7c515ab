import NewsModel
import XCTest
@testable import NewsCore

/// Export: RSS that imports back with nothing lost, JSON and Markdown.
final class ExportTests: XCTestCase {
    /// Posts with everything that could be lost: markup, entities, `]]>`,
    /// quotes, Swedish, emoji, an author, no link, and no date.
    static let posts: [IncomingPost] = [
        IncomingPost(guid: "urn:x:1", title: "Ölförsäljning & <moms> \"nu\" 🎉", link: "https://example.se/a?b=1&c=2",
                     author: "Åsa Öberg", published: UTCDate(year: 2021, month: 12, day: 14, hour: 9, minute: 30).secondsSince1970,
                     contentHTML: "<p>Första <b>stycket</b> &amp; mer.</p><p>Kod: a]]>b</p>"),
        IncomingPost(guid: "https://example.se/b", title: "Utan länk", link: nil, author: nil,
                     published: UTCDate(year: 2021, month: 12, day: 1, hour: 23, minute: 59, second: 59).secondsSince1970,
                     contentHTML: "<p>Text.</p>"),
        IncomingPost(guid: "urn:x:3", title: "Januari", link: "https://example.se/c", author: nil,
                     published: UTCDate(year: 2022, month: 1, day: 3).secondsSince1970,
                     contentHTML: "<p>Annan månad.</p>"),
    ]

    func store() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: Feed(url: "https://example.se/feed", title: "Exempel"), posts: Self.posts, now: 1_700_000_000)
        return database
    }

    func fields(_ article: Article) -> [String] {
        let post = article.post
        return [post.guid, post.title, post.link ?? "-", post.author ?? "-", post.published.map(String.init) ?? "-",
                post.month ?? "-", post.contentHTML, post.text]
    }

    func testExportedMonthImportsBackWithNothingLost() throws {
        let source = try store()
        let exported = try PostExport.articles(source, filter: .month("2021-12"), query: nil)
        XCTAssertEqual(exported.map(\.post.title), ["Ölförsäljning & <moms> \"nu\" 🎉", "Utan länk"])
        let rss = PostExport.rss(exported, title: "Exempel – december")

        let target = try AppDatabase.inMemory()
        let result = try target.importFeed(FeedParser(data: Array(rss.utf8)), into: Feed(title: "fil"))
        XCTAssertEqual(result.counts.new, 2)
        let imported = try PostExport.articles(target, filter: .all, query: nil)
        XCTAssertEqual(imported.map(fields), exported.map(fields))
        XCTAssertEqual(try target.archiveMonths(), [ArchiveMonth(month: "2021-12", count: 2)])
        // Importing the same export again adds nothing.
        XCTAssertEqual(try target.importFeed(FeedParser(data: Array(rss.utf8)), into: Feed(title: "fil")).counts.new, 0)
    }

    func testQueryNarrowsTheExport() throws {
        let source = try store()
        let found = try PostExport.articles(source, filter: .all, query: SearchQuery("månad"))
        XCTAssertEqual(found.map(\.post.guid), ["urn:x:3"])
        XCTAssertEqual(try PostExport.articles(source, filter: .month("2021-12"), query: SearchQuery("månad")).count, 0)
    }

    func testRFC822DatesAndEscaping() {
        XCTAssertEqual(PostExport.rfc822(0), "Thu, 01 Jan 1970 00:00:00 +0000")
        XCTAssertEqual(PostExport.rfc822(UTCDate(year: 2021, month: 12, day: 14, hour: 9, minute: 30).secondsSince1970),
                       "Tue, 14 Dec 2021 09:30:00 +0000")
        XCTAssertEqual(PostExport.xml("a<b>&\"\u{1}"), "a&lt;b&gt;&amp;&quot;")
        XCTAssertEqual(PostExport.cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>")
    }

    func testJSONAndMarkdown() throws {
        let articles = try PostExport.articles(try store(), filter: .all, query: nil)
        let json = try JSONSerialization.jsonObject(with: Data(PostExport.json(articles).utf8)) as! [[String: Any]]
        XCTAssertEqual(json.count, 3)
        XCTAssertEqual(json[0]["guid"] as? String, "urn:x:3")
        XCTAssertEqual(json[1]["author"] as? String, "Åsa Öberg")
        XCTAssertEqual(json[1]["published"] as? String, "2021-12-14T09:30:00Z")
        XCTAssertEqual(json[1]["html"] as? String, Self.posts[0].contentHTML)
        let markdown = PostExport.markdown(articles, title: "Exempel")
        XCTAssertTrue(markdown.hasPrefix("# Exempel\n"))
        XCTAssertTrue(markdown.contains("## [Ölförsäljning & \\<moms\\> \"nu\" 🎉](https://example.se/a?b=1&c=2)"), markdown)
        XCTAssertTrue(markdown.contains("*Exempel · 2021-12-14 · Åsa Öberg*"), markdown)
        XCTAssertTrue(markdown.contains("## Utan länk"))
    }
}

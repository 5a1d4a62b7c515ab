import Foundation
import NewsModel
import Testing
import TestSupport
@testable import NewsCore

/// Every link resolved or left alone, never invented: `xml:base` (feed,
/// entry, content), else the entry's link, else the feed's site, else the
/// address the feed came from over HTTP; a file's path is never a base.
@Suite("Feed links")
struct FeedLinkTests {
    /// The links of the first entry's body, as the reader lists them.
    static func bodyLinks(_ xml: String, url: String? = nil) throws -> [String] {
        let entry = try #require(try FeedParser(data: Array(xml.utf8), url: url).parse().entries.first)
        return HTMLText.body(entry.bodyHTML, baseURL: entry.baseURL).links
    }

    static let body = "&lt;a href=\"bild.png\"&gt;b&lt;/a&gt; &lt;a href=\"/rot\"&gt;r&lt;/a&gt;"

    @Test("RSS: xml:base on the channel, the item and the content element, each against the one outside")
    func rssXMLBase() throws {
        let xml = """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel xml:base="https://example.se/blogg/"><title>T</title><link>https://annan.example/</link>
            <item xml:base="2021/"><title>a</title><link>https://tredje.example/a</link>
            <content:encoded xml:base="12/">\(Self.body)</content:encoded></item></channel></rss>
            """
        #expect(try Self.bodyLinks(xml) == ["https://example.se/blogg/2021/12/bild.png", "https://example.se/rot"])
        #expect(try Self.bodyLinks(xml.replacingOccurrences(of: " xml:base=\"12/\"", with: ""))
                == ["https://example.se/blogg/2021/bild.png", "https://example.se/rot"])
    }

    @Test("Atom: xml:base on the feed, the entry and the content")
    func atomXMLBase() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.se/a/">
            <title>T</title><entry xml:base="b/"><title>x</title><id>i</id>
            <content type="html" xml:base="https://cdn.example/c/">\(Self.body)</content></entry></feed>
            """
        #expect(try Self.bodyLinks(xml) == ["https://cdn.example/c/bild.png", "https://cdn.example/rot"])
        #expect(try Self.bodyLinks(xml.replacingOccurrences(of: " xml:base=\"https://cdn.example/c/\"", with: ""))
                == ["https://example.se/a/b/bild.png", "https://example.se/rot"])
    }

    @Test("without xml:base: the entry's link, else the feed's site, else the address fetched")
    func fallbacks() throws {
        let item = "<item><title>a</title><link>https://example.se/n/a.html</link><description>\(Self.body)</description></item>"
        let bare = "<item><title>b</title><description>\(Self.body)</description></item>"
        #expect(try Self.bodyLinks("<rss><channel><title>T</title><link>https://site.example/</link>\(item)</channel></rss>",
                                   url: "https://feeds.example/f.xml")
                == ["https://example.se/n/bild.png", "https://example.se/rot"])
        #expect(try Self.bodyLinks("<rss><channel><title>T</title><link>https://site.example/x/</link>\(bare)</channel></rss>",
                                   url: "https://feeds.example/f.xml")
                == ["https://site.example/x/bild.png", "https://site.example/rot"])
        #expect(try Self.bodyLinks("<rss><channel><title>T</title>\(bare)</channel></rss>", url: "https://feeds.example/f/rss.xml")
                == ["https://feeds.example/f/bild.png", "https://feeds.example/rot"])
        // A relative xml:base with nothing absolute outside it resolves against the fallbacks.
        #expect(try Self.bodyLinks("<rss><channel><title>T</title><item xml:base=\"sub/\"><title>c</title>"
                                   + "<description>\(Self.body)</description></item></channel></rss>", url: "https://feeds.example/f.xml")
                == ["https://feeds.example/sub/bild.png", "https://feeds.example/rot"])
    }

    @Test("a feed file: nothing resolves against its path, links stay as written")
    func fileFeeds() throws {
        let directory = try TemporaryDirectory("links")
        let path = directory.path + "/flöde.xml"
        try """
            <rss><channel><title>T</title>
            <item><title>a</title><guid>w1</guid><description>\(Self.body)</description></item>
            <item><title>b</title><guid isPermaLink="false">https://example.se/p</guid></item>
            <item><title>c</title><guid isPermaLink="true">https://example.se/c</guid></item>
            <item><title>d</title><guid>/relativ</guid><link>relativ.html</link></item>
            </channel></rss>
            """.write(toFile: path, atomically: true, encoding: .utf8)
        for streamAbove in [0, 16 << 20] {
            let feed = try FeedParser(contentsOf: URL(fileURLWithPath: path), streamAbove: streamAbove).parse()
            #expect(feed.entries.map(\.link) == [nil, nil, "https://example.se/c", "relativ.html"])
            #expect(feed.entries.map(\.baseURL) == [nil, nil, "https://example.se/c", nil], "only a web link is a base")
            #expect(HTMLText.body(feed.entries[0].bodyHTML, baseURL: feed.entries[0].baseURL).links == ["bild.png", "/rot"])
        }
    }
}

import Foundation
import NewsModel
import Testing
import TestSupport
@testable import NewsCore

/// Subscribing that checks first, feed discovery in web pages, and OPML
/// lists held to the same URL check.
@Suite struct FeedSubscriberTests {
    let server: TestHTTPServer
    let database: AppDatabase
    let subscriber: FeedSubscriber

    init() throws {
        server = try TestHTTPServer()
        database = try AppDatabase.inMemory()
        subscriber = FeedSubscriber(database: database, fetcher: FeedRefreshTests.fetcher(timeout: 3))
    }

    @Test func aFeedIsSubscribedWithItsPostsInOneGo() throws {
        server.route("/feed.xml", .ok(TestFeed.rss(count: 3), headers: [("ETag", "\"e1\"")]))
        guard case let .subscribed(feed, result, page, alternates) = try subscriber.subscribe(server.base + "/feed.xml", now: 50) else {
            Issue.record("not subscribed")
            return
        }
        #expect(feed.url == server.base + "/feed.xml")
        #expect(feed.title == "Lokalt flöde")
        #expect(result.counts.new == 3)
        #expect(page == nil && alternates.isEmpty)
        let status = try #require(try database.subscribedFeeds().first)
        #expect(status.feed.etag == "\"e1\"")
        #expect(status.feed.lastFetched == 50)
    }

    @Test func aPermanentRedirectSubscribesToWhereTheFeedLivesNow() throws {
        server.route("/old.xml", .redirect(301, to: "/new.xml"))
        server.route("/new.xml", .ok(TestFeed.rss()))
        guard case let .subscribed(feed, _, _, _) = try subscriber.subscribe(server.base + "/old.xml") else {
            Issue.record("not subscribed")
            return
        }
        #expect(feed.url == server.base + "/new.xml")
        guard case .alreadySubscribed = try subscriber.subscribe(server.base + "/new.xml") else {
            Issue.record("subscribed twice")
            return
        }
    }

    @Test func nothingIsSubscribedWhenTheDocumentIsNotAFeed() throws {
        server.route("/broken.xml", .ok(String(TestFeed.rss().prefix(120))))
        let error = #expect(throws: FeedSubscriber.Failure.self) { try subscriber.subscribe(server.base + "/broken.xml") }
        #expect(error?.description == "\(server.base)/broken.xml is not a feed: the document ends before </rss>")
        #expect(try database.feedStatuses().isEmpty)
    }

    @Test func pagesNameTheirFeeds() {
        let page = """
            <!DOCTYPE html><html><head>
            <base href="https://example.se/blogg/">
            <link rel="stylesheet" href="style.css">
            <link rel="alternate" type="application/atom+xml" title="Atom" href="atom.xml">
            <LINK REL="Alternate Feed" TYPE="application/rss+xml; charset=utf-8" href="/rss.xml" title=" Alla
              inlägg ">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="text/html" hreflang="en" href="/en/">
            <link rel="alternate" type="application/rss+xml" href="https://example.se/rss.xml#again">
            </head><body><link rel="alternate" type="application/rdf+xml" href="//cdn.example.se/rdf"></body></html>
            """
        let found = FeedDiscovery.alternates(in: Array(page.utf8), pageURL: "https://example.se/start")
        #expect(found == [
            FeedDiscovery.Alternate(url: "https://example.se/blogg/atom.xml", title: "Atom"),
            FeedDiscovery.Alternate(url: "https://example.se/rss.xml", title: "Alla inlägg"),
            FeedDiscovery.Alternate(url: "https://cdn.example.se/rdf", title: nil),
        ])
        #expect(FeedDiscovery.looksLikeHTML(Array(" \n<!doctype html><p>".utf8), contentType: nil))
        #expect(FeedDiscovery.looksLikeHTML(Array("<rss/>".utf8), contentType: "text/html; charset=utf-8"))
        #expect(!FeedDiscovery.looksLikeHTML(Array("<?xml version=\"1.0\"?><rss/>".utf8), contentType: "text/xml"))
    }

    @Test func opmlListsAreHeldToTheSameCheckAsAdd() throws {
        var nested = "<outline type=\"rss\" xmlUrl=\"https://example.se/djup.xml\"/>"
        for _ in 0..<60 { nested = "<outline text=\"mapp\">\(nested)</outline>" }
        let text = """
            <opml version="2.0"><body>
            <outline type="rss" text="A" xmlUrl="HTTPS://Example.SE:443/a.xml#x"/>
            <outline type="rss" text="B" xmlUrl="javascript:alert(1)"/>
            <outline type="rss" text="C" xmlUrl="../c.xml"/>
            \(nested)
            </body></opml>
            """
        let result = try database.importOPML(OPML.parse(Array(text.utf8)))
        #expect(result.added == 2)
        #expect(result.refused.map(\.description) == [
            "'javascript:alert(1)' is not an http(s) URL (javascript: is refused)",
            "'../c.xml' is a relative URL (http:// or https:// needed)",
        ])
        #expect(Set(try database.subscribedFeeds().compactMap(\.feed.url)) == ["https://example.se/a.xml", "https://example.se/djup.xml"])
        // Already there, written another way.
        #expect(try database.importOPML([OPML.Subscription(url: "https://example.se/a.xml")]).existing == 1)
    }
}

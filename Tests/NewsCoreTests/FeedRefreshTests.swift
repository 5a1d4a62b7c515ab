import GRDB
import XCTest
@testable import NewsCore

final class FeedRefreshTests: XCTestCase {
    var server: LocalHTTPServer!

    override func setUpWithError() throws {
        server = try LocalHTTPServer()
    }

    override func tearDown() {
        server = nil
    }

    private func status(_ database: AppDatabase, _ url: String) throws -> FeedStatus {
        try XCTUnwrap(database.subscribedFeeds().first { $0.feed.url == url })
    }

    func testFetchThen304ThenChangedContent() throws {
        let database = try AppDatabase.inMemory()
        let url = server.base + "/feed.xml"
        try database.subscribe(url: url)
        let refresher = FeedRefresher(database: database, fetcher: FeedFetcher(timeout: 5))

        let first = refresher.refreshOne(try status(database, url), now: 1000)
        guard case .imported(let result) = first.result else { return XCTFail("\(first.result)") }
        XCTAssertEqual(result.counts.new, 3)
        XCTAssertEqual(result.feedTitle, "Lokalt flöde")
        let stored = try status(database, url).feed
        XCTAssertEqual(stored.etag, "\"v1\"")
        XCTAssertEqual(stored.lastModified, "Tue, 14 Dec 2021 09:00:00 GMT")
        XCTAssertEqual(stored.lastFetched, 1000)
        XCTAssertEqual(stored.title, "Lokalt flöde")

        let second = refresher.refreshOne(try status(database, url), now: 2000)
        guard case .notModified = second.result else { return XCTFail("expected 304, got \(second.result)") }
        XCTAssertEqual(try status(database, url).feed.lastFetched, 2000)

        _ = try FeedFetcher().fetch(server.base + "/bump")
        let third = refresher.refreshOne(try status(database, url), now: 3000)
        guard case .imported(let changed) = third.result else { return XCTFail("\(third.result)") }
        XCTAssertEqual(changed.counts, ImportCounts(new: 0, updated: 1, unchanged: 2))
        XCTAssertEqual(try status(database, url).feed.etag, "\"v2\"")
    }

    func testRedirectsAreFollowed() throws {
        guard case .fetched(let document) = try FeedFetcher(timeout: 5).fetch(server.base + "/redirect") else {
            return XCTFail("expected a document")
        }
        XCTAssertEqual(document.finalURL, server.base + "/feed.xml")
        XCTAssertEqual(try FeedParser(data: document.body).parse().entries.count, 3)
    }

    func testUserAgentNamesNewsreader() throws {
        guard case .fetched(let document) = try FeedFetcher(timeout: 5).fetch(server.base + "/ua.xml") else {
            return XCTFail("expected a document")
        }
        XCTAssertEqual(try FeedParser(data: document.body).parse().title, "newsreader")
        guard case .fetched(let named) = try FeedFetcher(timeout: 5, userAgent: "newsreader/9.9").fetch(server.base + "/ua.xml") else {
            return XCTFail("expected a document")
        }
        XCTAssertEqual(try FeedParser(data: named.body).parse().title, "newsreader/9.9")
    }

    func testCharsetFromContentType() throws {
        guard case .fetched(let document) = try FeedFetcher(timeout: 5).fetch(server.base + "/latin1.xml") else {
            return XCTFail("expected a document")
        }
        XCTAssertEqual(try FeedParser(data: document.body, contentType: document.contentType).parse().title, "Räksmörgås")
    }

    func testFailuresAreRecordedAndOtherFeedsGoOn() throws {
        let database = try AppDatabase.inMemory()
        let good = server.base + "/feed.xml"
        let failing = ["/missing", "/broken", "/slow", "/big", "/busy"].map { server.base + $0 }
            + ["http://127.0.0.1:1/refused.xml"]
        for url in [good] + failing { try database.subscribe(url: url) }
        // Posts already stored under the broken feed must survive its failure.
        try database.importFeed(FeedParser(data: Array(FeedImportTests.feed(count: 2).utf8)),
                                into: try status(database, server.base + "/broken").feed)

        // Long enough for a loaded machine, short enough for /slow to time out.
        let refresher = FeedRefresher(database: database, fetcher: FeedFetcher(timeout: 2.5, maximumBytes: 1 << 20))
        let outcomes = refresher.refresh(try database.subscribedFeeds(), now: { 5000 })
        XCTAssertEqual(outcomes.count, 7)
        let byURL = Dictionary(uniqueKeysWithValues: try database.subscribedFeeds().map { ($0.feed.url!, $0) })
        XCTAssertNil(byURL[good]!.feed.lastError)
        XCTAssertEqual(byURL[good]!.postCount, 3)
        XCTAssertEqual(byURL[server.base + "/missing"]!.feed.lastError, "HTTP 404 Not Found")
        XCTAssertTrue(byURL[server.base + "/broken"]!.feed.lastError?.contains("line") ?? false,
                      byURL[server.base + "/broken"]!.feed.lastError ?? "nil")
        XCTAssertEqual(byURL[server.base + "/broken"]!.postCount, 2)
        XCTAssertEqual(byURL[server.base + "/slow"]!.feed.lastError, "timed out")
        XCTAssertTrue(byURL[server.base + "/big"]!.feed.lastError?.contains("larger than") ?? false)
        XCTAssertEqual(byURL["http://127.0.0.1:1/refused.xml"]!.feed.lastError, "connection refused")
        let busy = byURL[server.base + "/busy"]!
        XCTAssertTrue(busy.feed.lastError?.contains("503") ?? false)
        XCTAssertEqual(busy.retryAfter, 5120)

        // Until Retry-After has passed, the busy feed is not asked again.
        let again = refresher.refreshOne(busy, now: 5060)
        guard case .postponed(let until) = again.result else { return XCTFail("\(again.result)") }
        XCTAssertEqual(until, 5120)
    }

    func testRemoveKeepsPostsUnlessPurged() throws {
        let database = try AppDatabase.inMemory()
        let url = server.base + "/feed.xml"
        let feed = try database.subscribe(url: url)
        _ = FeedRefresher(database: database).refreshOne(try status(database, url), now: 1)
        try database.removeFeed(id: feed.id!, purge: false)
        XCTAssertTrue(try database.subscribedFeeds().isEmpty)
        XCTAssertEqual(try database.postCount(), 3)
        XCTAssertEqual(try database.removeFeed(id: feed.id!, purge: true), 3)
        XCTAssertEqual(try database.postCount(), 0)
        XCTAssertTrue(try database.feedStatuses().isEmpty)
    }
}

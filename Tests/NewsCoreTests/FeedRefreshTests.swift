import Foundation
import GRDB
import NewsModel
import Testing
import TestSupport
@testable import NewsCore

/// Refreshing subscribed feeds against the scripted server: conditional GET,
/// redirects, Retry-After, 410, failures that keep posts, and requests that
/// go out together.
@Suite struct FeedRefreshTests {
    let server: TestHTTPServer
    let database: AppDatabase

    init() throws {
        server = try TestHTTPServer()
        database = try AppDatabase.inMemory()
    }

    func status(_ url: String) throws -> FeedStatus {
        try #require(try database.subscribedFeeds().first { $0.feed.url == url })
    }

    func status(id: Int64) throws -> FeedStatus {
        try #require(try database.feedStatuses().first { $0.feed.id == id })
    }

    /// A fetcher with short limits for tests.
    static func fetcher(timeout: Double = 5, maximumBytes: Int = 64 << 20, memoryLimit: Int = 512 << 10) -> FeedFetcher {
        FeedFetcher(timeout: timeout, connectTimeout: 2, maximumBytes: maximumBytes, memoryLimit: memoryLimit)
    }

    @Test func fetchThen304ThenChangedContent() throws {
        let feed = ConditionalFeed()
        server.route("/feed.xml", feed.handler)
        let url = server.base + "/feed.xml"
        try database.subscribe(url: url)
        let refresher = FeedRefresher(database: database, fetcher: Self.fetcher())

        let first = refresher.refreshOne(try status(url), now: 1000)
        guard case .imported(let result) = first.result else { Issue.record("\(first.result)"); return }
        #expect(result.counts.new == 3)
        #expect(result.feedTitle == "Lokalt flöde")
        let stored = try status(url).feed
        #expect(stored.etag == "\"v1\"")
        #expect(stored.lastModified == ConditionalFeed.lastModified(1))
        #expect(stored.lastFetched == 1000)
        #expect(stored.title == "Lokalt flöde")

        let second = refresher.refreshOne(try status(url), now: 2000)
        guard case .notModified = second.result else { Issue.record("expected 304, got \(second.result)"); return }
        #expect(try status(url).feed.lastFetched == 2000)
        #expect(server.requests(for: "/feed.xml").last?.header("If-None-Match") == "\"v1\"")
        #expect(server.requests(for: "/feed.xml").last?.header("If-Modified-Since") == ConditionalFeed.lastModified(1))

        feed.bump()
        let third = refresher.refreshOne(try status(url), now: 3000)
        guard case .imported(let changed) = third.result else { Issue.record("\(third.result)"); return }
        #expect(changed.counts == ImportCounts(new: 0, updated: 1, unchanged: 2))
        #expect(try status(url).feed.etag == "\"v2\"")
    }

    @Test func userAgentAndCharsetFromContentType() throws {
        server.route("/ua.xml") { .ok(TestFeed.rss(title: $0.header("User-Agent") ?? "none")) }
        guard case .fetched(let document) = try FeedFetcher(timeout: 5, userAgent: "newsreader/9.9").fetch(server.base + "/ua.xml") else {
            Issue.record("expected a document")
            return
        }
        #expect(try document.parser().parse().title == "newsreader/9.9")

        let latin1 = try #require(TestFeed.rss(title: "Räksmörgås").data(using: .windowsCP1252))
        server.route("/latin1.xml", .ok([UInt8](latin1), contentType: "text/xml; charset=windows-1252"))
        guard case .fetched(let encoded) = try Self.fetcher().fetch(server.base + "/latin1.xml") else {
            Issue.record("expected a document")
            return
        }
        #expect(try encoded.parser().parse().title == "Räksmörgås")
    }

    @Test func permanentRedirectsMoveTheSubscriptionAndTemporaryOnesDoNot() throws {
        let feed = ConditionalFeed()
        server.route("/new.xml", feed.handler)
        for (path, status) in [("/301.xml", 301), ("/308.xml", 308), ("/302.xml", 302), ("/307.xml", 307)] {
            server.route(path, .redirect(status, to: "/new-\(status).xml"))
            server.route("/new-\(status).xml", feed.handler)
            try database.subscribe(url: server.base + path)
        }
        // 301 then 302: the feed moved for good to where the 301 points.
        server.route("/chain.xml", .redirect(301, to: "/hop.xml"))
        server.route("/hop.xml", .redirect(302, to: "/new.xml"))
        try database.subscribe(url: server.base + "/chain.xml")

        let outcomes = FeedRefresher(database: database, fetcher: Self.fetcher()).refresh(try database.subscribedFeeds())
        #expect(outcomes.allSatisfy { if case .imported = $0.result { return true } else { return false } })
        let urls = Set(try database.subscribedFeeds().compactMap(\.feed.url))
        #expect(urls == Set([server.base + "/new-301.xml", server.base + "/new-308.xml", server.base + "/302.xml",
                             server.base + "/307.xml", server.base + "/hop.xml"]))
        let moved = outcomes.compactMap(\.movedTo).sorted()
        #expect(moved == [server.base + "/hop.xml", server.base + "/new-301.xml", server.base + "/new-308.xml"])

        // Next time, the moved feeds are asked at their new address, with their validators: 304.
        server.forgetRequests()
        let again = FeedRefresher(database: database, fetcher: Self.fetcher()).refresh(try database.subscribedFeeds())
        #expect(again.allSatisfy { if case .notModified = $0.result { return true } else { return false } })
        #expect(server.requests(for: "/301.xml").isEmpty)
        #expect(server.requests(for: "/302.xml").count == 1)
    }

    @Test func aMoveOntoAnotherSubscriptionKeepsTheOldURL() throws {
        server.route("/a.xml", .redirect(301, to: "/b.xml"))
        server.route("/b.xml", .ok(TestFeed.rss()))
        try database.subscribe(url: server.base + "/a.xml")
        try database.subscribe(url: server.base + "/b.xml")
        _ = FeedRefresher(database: database, fetcher: Self.fetcher()).refresh(try database.subscribedFeeds())
        #expect(Set(try database.subscribedFeeds().compactMap(\.feed.url)) == [server.base + "/a.xml", server.base + "/b.xml"])
    }

    @Test func failuresAreRecordedWithTheirTimeAndOtherFeedsGoOn() throws {
        server.route("/feed.xml", .ok(TestFeed.rss()))
        server.route("/missing", .status(404, body: "not here"))
        let half = Array(TestFeed.rss().utf8)
        server.route("/broken", .ok(Array(half.prefix(half.count / 2)), contentType: "text/xml"))
        server.route("/slow", .hang)
        server.route("/big", .ok([UInt8](repeating: 0x20, count: 2 << 20)))
        server.route("/bomb", .gzipBomb(decodedBytes: 256 << 20))
        server.route("/endless", .endless())
        server.route("/busy", .status(503, headers: [("Retry-After", "120")], body: "busy"))
        let good = server.base + "/feed.xml"
        let failing = ["/missing", "/broken", "/slow", "/big", "/bomb", "/endless", "/busy"].map { server.base + $0 }
            + ["http://127.0.0.1:1/refused.xml"]
        for url in [good] + failing { try database.subscribe(url: url) }
        // Posts already stored under the broken feed must survive its failure.
        try database.importFeed(FeedParser(data: Array(FeedImportTests.feed(count: 2).utf8)), into: try status(server.base + "/broken").feed)
        let before = try database.writer.read { try Row.fetchAll($0, sql: "SELECT * FROM post JOIN post_body USING (id) ORDER BY id") }

        let refresher = FeedRefresher(database: database, fetcher: Self.fetcher(timeout: 2, maximumBytes: 1 << 20))
        let outcomes = refresher.refresh(try database.subscribedFeeds(), now: { 5000 })
        #expect(outcomes.count == 9)
        let byURL = Dictionary(uniqueKeysWithValues: try database.subscribedFeeds().map { ($0.feed.url!, $0) })
        #expect(byURL[good]!.feed.lastError == nil)
        #expect(byURL[good]!.lastErrorAt == nil)
        #expect(byURL[good]!.postCount == 3)
        #expect(byURL[server.base + "/missing"]!.feed.lastError == "HTTP 404 Not Found")
        #expect(byURL[server.base + "/missing"]!.lastErrorAt == 5000)
        #expect(byURL[server.base + "/broken"]!.feed.lastError?.contains("line") == true)
        #expect(byURL[server.base + "/broken"]!.postCount == 2)
        let slow = byURL[server.base + "/slow"]!.feed.lastError ?? ""
        #expect(slow == "too slow: under 16 bytes a second for 1 s", "\(slow)")
        for path in ["/big", "/bomb", "/endless"] {
            #expect(byURL[server.base + path]!.feed.lastError == "the response is larger than 1 MiB", "\(path)")
        }
        #expect(byURL["http://127.0.0.1:1/refused.xml"]!.feed.lastError == "connection refused")
        let busy = byURL[server.base + "/busy"]!
        #expect(busy.feed.lastError == "HTTP 503 Service Unavailable (retry after 120 s)")
        #expect(busy.retryAfter == 5120)
        // A failed fetch never changes the posts.
        let after = try database.writer.read { try Row.fetchAll($0, sql: "SELECT * FROM post JOIN post_body USING (id) WHERE feedId != ? ORDER BY id",
                                                              arguments: [byURL[good]!.feed.id!]) }
        #expect(after == before)

        // Until Retry-After has passed, the busy feed is not asked again; naming it asks anyway.
        let requests = server.requests(for: "/busy").count
        let again = refresher.refreshOne(busy, now: 5060)
        guard case .postponed(let until) = again.result else { Issue.record("\(again.result)"); return }
        #expect(until == 5120)
        #expect(server.requests(for: "/busy").count == requests)
        _ = refresher.refresh([busy], explicit: true, now: { 5061 })
        #expect(server.requests(for: "/busy").count == requests + 1)

        // A later success clears the error and its time.
        server.route("/missing", .ok(TestFeed.rss()))
        _ = refresher.refreshOne(try status(server.base + "/missing"), now: 6000)
        #expect(try status(server.base + "/missing").feed.lastError == nil)
        #expect(try status(server.base + "/missing").lastErrorAt == nil)
    }

    @Test(arguments: [
        ("9223372036854775807", Int64(FeedFetcher.maximumRetryAfter)),
        ("99999999999999999999999999", Int64(FeedFetcher.maximumRetryAfter)),
        ("Fri, 31 Dec 9999 23:59:59 GMT", Int64(FeedFetcher.maximumRetryAfter)),
        ("300", 300),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
    ])
    func retryAfterIsClampedToAWeek(header: String, delay: Int64) throws {
        server.route("/busy", .status(429, headers: [("Retry-After", header)]))
        let url = server.base + "/busy"
        try database.subscribe(url: url)
        let now: Int64 = 1_700_000_000
        let outcome = FeedRefresher(database: database, fetcher: Self.fetcher()).refreshOne(try status(url), now: now)
        guard case .failed = outcome.result else { Issue.record("\(outcome.result)"); return }
        #expect(try status(url).retryAfter == now + delay)
    }

    @Test func anHTTPDateRetryAfterCountsFromNow() {
        let now = UTCDate(year: 2024, month: 5, day: 1, hour: 12, minute: 0, second: 0).secondsSince1970
        #expect(FeedFetcher.retryAfterSeconds("Wed, 01 May 2024 12:10:00 GMT", now: now) == 600)
        #expect(FeedFetcher.retryAfterSeconds(" 42 ", now: now) == 42)
        #expect(FeedFetcher.retryAfterSeconds("soon", now: now) == nil)
        #expect(FeedFetcher.retryAfterSeconds("-5", now: now) == nil)
    }

    @Test func aPostponementStoredByAnOlderBuildNoLongerHolds() throws {
        server.route("/feed.xml", .ok(TestFeed.rss()))
        let url = server.base + "/feed.xml"
        let feed = try database.subscribe(url: url)
        try database.writer.write { try $0.execute(sql: "UPDATE feed SET retryAfter = 253402300799 WHERE id = ?", arguments: [feed.id]) }
        let outcome = FeedRefresher(database: database, fetcher: Self.fetcher()).refreshOne(try status(url), now: 1_700_000_000)
        guard case .imported = outcome.result else { Issue.record("\(outcome.result)"); return }
        #expect(try status(url).retryAfter == nil)
    }

    @Test func goneFeedsAreNotFetchedUnlessNamed() throws {
        server.route("/gone.xml", .status(410, body: "gone"))
        let url = server.base + "/gone.xml"
        let feed = try database.subscribe(url: url)
        try database.importFeed(FeedParser(data: Array(FeedImportTests.feed(count: 2).utf8)), into: feed)
        let refresher = FeedRefresher(database: database, fetcher: Self.fetcher())

        let first = refresher.refresh(try database.subscribedFeeds(), now: { 100 })
        guard case .failed(let message) = first[0].result else { Issue.record("\(first[0].result)"); return }
        #expect(message == "HTTP 410 Gone: the feed was removed; it is no longer fetched")
        #expect(try status(url).isGone)
        #expect(try status(url).postCount == 2)
        #expect(try database.failingFeeds().map(\.feed.id) == [feed.id])

        let second = refresher.refresh(try database.subscribedFeeds(), now: { 200 })
        guard case .gone = second[0].result else { Issue.record("\(second[0].result)"); return }
        #expect(server.requests(for: "/gone.xml").count == 1)

        // Named, it is tried again; back, it is an ordinary feed again.
        server.route("/gone.xml", .ok(TestFeed.rss()))
        let named = refresher.refresh([try status(url)], explicit: true, now: { 300 })
        guard case .imported = named[0].result else { Issue.record("\(named[0].result)"); return }
        #expect(try status(url).isGone == false)
        #expect(try database.failingFeeds().isEmpty)
    }

    @Test func requestsOfARefreshStartTogetherTwoPerHost() throws {
        // Twenty feeds on two hosts (127.0.0.1 and localhost), each answering after 0.3 s.
        server.fallbackRoute { _ in
            var response = TestHTTPResponse.status(304)
            response.delay = 0.3
            return response
        }
        for index in 0..<20 {
            let base = index % 2 == 0 ? server.base : server.localhostBase
            let feed = try database.subscribe(url: base + "/feed\(index).xml")
            try database.recordFetch(feedID: feed.id!, FetchRecord(time: 1, validators: ("\"v1\"", nil)))
        }
        let outcomes = FeedRefresher(database: database, fetcher: Self.fetcher()).refresh(try database.subscribedFeeds())
        #expect(outcomes.count == 20)
        #expect(outcomes.allSatisfy { if case .notModified = $0.result { return true } else { return false } })
        #expect(server.requests.count == 20)
        // Two connections per host, both hosts at once: four requests answered at the same time, never more.
        #expect(server.mostConcurrentRequests == 4)
        let arrivals = server.requests.map(\.receivedAt).sorted()
        #expect(arrivals[3] - arrivals[0] < 0.25, "the first four went out together: \(arrivals.prefix(4))")
    }

    @Test func largeBodiesWaitInAFileAndImportTheSame() throws {
        server.route("/large.xml", .ok(FeedImportTests.feed(count: 500)))
        let url = server.base + "/large.xml"
        try database.subscribe(url: url)
        let outcome = FeedRefresher(database: database, fetcher: Self.fetcher(memoryLimit: 4 << 10)).refreshOne(try status(url), now: 1)
        guard case .imported(let result) = outcome.result else { Issue.record("\(outcome.result)"); return }
        #expect(result.counts.new == 500)
    }

    @Test func removeKeepsPostsUnlessPurged() throws {
        server.route("/feed.xml", .ok(TestFeed.rss()))
        let url = server.base + "/feed.xml"
        let feed = try database.subscribe(url: url)
        _ = FeedRefresher(database: database, fetcher: Self.fetcher()).refreshOne(try status(url), now: 1)
        try database.removeFeed(id: feed.id!, purge: false)
        #expect(try database.subscribedFeeds().isEmpty)
        #expect(try database.postCount() == 3)
        #expect(try database.removeFeed(id: feed.id!, purge: true) == 3)
        #expect(try database.postCount() == 0)
        #expect(try database.feedStatuses().isEmpty)
    }

    @Test func subscribingNormalisesAndFindsTheSameFeed() throws {
        let feed = try database.subscribe(url: "HTTP://Example.COM:80")
        #expect(feed.url == "http://example.com/")
        #expect(try database.subscribe(url: "http://example.com/#top").id == feed.id)
        #expect(try database.findFeed("http://EXAMPLE.com")?.id == feed.id)
        #expect(throws: HTTPURL.Refusal.self) { try database.subscribe(url: "javascript:alert(1)") }
    }

    @Test func progressLinesRoundTrip() {
        let events: [RefreshProgress] = [
            .started(total: 3),
            .feed(done: 1, total: 3, newPosts: 2, title: "Flöde\tmed\nbrytning", error: nil),
            .feed(done: 2, total: 3, newPosts: 0, title: "Trasig", error: "HTTP 404 Not Found"),
            .finished(newPosts: 2, failures: 1),
        ]
        let read = events.map { RefreshProgress(line: $0.line.dropLast()) }
        #expect(read == [events[0], .feed(done: 1, total: 3, newPosts: 2, title: "Flöde med brytning", error: nil), events[2], events[3]])
        #expect(RefreshProgress(line: "sync\t1\t2") == nil)
        #expect(RefreshProgress(line: "feed\tx") == nil)
    }
}

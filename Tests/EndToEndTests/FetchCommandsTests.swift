import Foundation
import Testing
import TestSupport

/// `add`, `refresh`, `import URL`, `feeds` and `opml import` through the
/// binary against hostile, slow and silent servers on 127.0.0.1: one line
/// each, no CPU spent waiting, memory bounded, nothing subscribed by a failure.
@Suite struct FetchCommandsTests {
    let server: TestHTTPServer
    let directory: TemporaryDirectory
    var store: String { directory.path + "/store.sqlite" }

    init() throws {
        server = try TestHTTPServer()
        directory = try TemporaryDirectory("e2e")
        server.route("/feed.xml", ConditionalFeed().handler)
        server.route("/other.xml", .ok(TestFeed.rss(title: "Andra flödet", count: 2)))
    }

    func run(_ arguments: String...) throws -> RunningNewsreader.Finished {
        try RunningNewsreader.run(arguments + ["--store", store])
    }

    func feeds() throws -> [[String: Any]] {
        let result = try run("feeds", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    // MARK: - add

    @Test func addSubscribesToWhatParsesAsAFeed() throws {
        // Scheme and host compared without case. Nothing is written outside the
        // store (FoundationNetworking made an empty URL cache folder in HOME).
        let home = directory.path + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let added = try RunningNewsreader.run(["add", "HTTP://127.0.0.1:\(server.port)/feed.xml", "--store", store],
                                              environment: ["HOME": home])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home) == [])
        #expect(added.stdout == "Subscribed to \(server.base)/feed.xml (feed 1): Lokalt flöde: 3 new, 0 updated, 0 skipped.\n")
        #expect(try feeds().map { $0["url"] as? String } == [server.base + "/feed.xml"])

        // The same feed again, written differently: already subscribed, exit 0, nothing fetched.
        let requests = server.requests.count
        for variant in ["\(server.base)/feed.xml#latest", "http://127.0.0.1:\(server.port)/feed.xml", "hTTp://127.0.0.1:\(server.port)/feed.xml"] {
            let again = try run("add", variant)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout == "Already subscribed to \(server.base)/feed.xml (feed 1): Lokalt flöde.\n")
        }
        #expect(server.requests.count == requests)
        #expect(try feeds().count == 1)
    }

    @Test func aWebPageSubscribesToTheFirstFeedItNames() throws {
        server.route("/", .ok(TestFeed.page(naming: [("/feed.xml", "Nyheter"), ("\(server.base)/other.xml", "Andra")]),
                              contentType: "text/html; charset=utf-8"))
        let added = try run("add", server.base)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == """
            \(server.base)/ names 2 feeds:
              * \(server.base)/feed.xml  Nyheter
                \(server.base)/other.xml  Andra
            Subscribed to \(server.base)/feed.xml (feed 1): Lokalt flöde: 3 new, 0 updated, 0 skipped.

            """)
        #expect(try feeds().map { $0["url"] as? String } == [server.base + "/feed.xml"])
        let again = try run("add", server.base + "/")
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix("Already subscribed to \(server.base)/feed.xml (feed 1): Lokalt flöde.\n"), "\(again.stdout)")
    }

    @Test(arguments: [
        ("/missing", TestHTTPResponse.status(404, body: "not here"), "/missing: HTTP 404 Not Found"),
        ("/plain", .ok("Just words, no markup at all.", contentType: "text/plain"),
         "/plain is not a feed: not well-formed XML (line 1)"),
        ("/other-xml", .ok("<?xml version=\"1.0\"?><catalog><book/></catalog>", contentType: "application/xml"),
         "/other-xml is not a feed: <catalog> is not an RSS, Atom or RDF feed"),
        ("/page", .ok("<!DOCTYPE html><html><head><title>Hej</title></head><body>Hej</body></html>", contentType: "text/html"),
         "/page is a web page that names no feed (no <link rel=\"alternate\"> to RSS or Atom)"),
        ("/empty", .ok("", contentType: "application/rss+xml"), "/empty is not a feed: the response is empty"),
    ])
    func addRefusesWhatIsNotAFeed(path: String, response: TestHTTPResponse, message: String) throws {
        server.route(path, response)
        let added = try run("add", server.base + path)
        #expect(added.status == 1)
        #expect(added.stdout.isEmpty)
        #expect(added.stderr == "newsreader: \(server.base)\(message)\n")
        #expect(try feeds().isEmpty)
    }

    @Test func addSaysWhyAConnectionFailed() throws {
        let refused = try run("add", "http://127.0.0.1:1/feed.xml")
        #expect(refused.status == 1)
        #expect(refused.stderr == "newsreader: http://127.0.0.1:1/feed.xml: connection refused\n")
        let unknown = try run("add", "http://no-such-host.invalid/feed.xml")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "newsreader: http://no-such-host.invalid/feed.xml: host not found: no-such-host.invalid\n")
        #expect(try feeds().isEmpty)
    }

    @Test func aSilentServerCostsNoCPU() throws {
        server.route("/hang", .hang)
        let added = try run("add", "--timeout", "3", server.base + "/hang")
        #expect(added.status == 1)
        #expect(added.stderr == "newsreader: \(server.base)/hang: too slow: under 16 bytes a second for 1 s\n")
        #expect(added.cpuSeconds < 0.5, "\(added.cpuSeconds) CPU seconds in \(added.wallSeconds) s")
        #expect(try feeds().isEmpty)

        // Two bytes a second: cut off by the low-speed limit (half the
        // timeout, at most 15 s); refresh says so in one line.
        server.route("/trickle", .trickling(TestFeed.rss(count: 50), interval: 0.5))
        #expect(try run("add", "--no-fetch", server.base + "/trickle").status == 0)
        let refreshed = try run("refresh", "--timeout", "4")
        #expect(refreshed.status == 1)
        #expect(refreshed.stderr.split(separator: "\n").count == 1, "\(refreshed.stderr)")
        #expect(refreshed.stderr.hasPrefix("newsreader: \(server.base)/trickle: "), "\(refreshed.stderr)")
        #expect(refreshed.wallSeconds >= 2 && refreshed.wallSeconds < 15, "\(refreshed.wallSeconds) s")
        #expect(refreshed.cpuSeconds < 0.5, "\(refreshed.cpuSeconds) CPU seconds in \(refreshed.wallSeconds) s")
    }

    @Test func importOfASlowURLIsBoundedToo() throws {
        server.route("/trickle", .trickling(TestFeed.rss(count: 50), interval: 1))
        let imported = try run("import", "--timeout", "3", server.base + "/trickle")
        #expect(imported.status == 1)
        #expect(imported.stderr == "newsreader: \(server.base)/trickle: too slow: under 16 bytes a second for 1 s\n")
        #expect(imported.cpuSeconds < 0.5, "\(imported.cpuSeconds) CPU seconds")
    }

    // MARK: - refresh

    @Test func aHugeRetryAfterIsClampedAndNamingTheFeedOverridesIt() throws {
        #expect(try run("add", server.base + "/feed.xml").status == 0)
        server.route("/feed.xml", .status(503, headers: [("Retry-After", "9223372036854775807")]))
        let first = try run("refresh")
        #expect(first.status == 1)
        #expect(first.stderr == "newsreader: \(server.base)/feed.xml: HTTP 503 Service Unavailable (retry after 604800 s)\n")

        let postponed = try run("refresh")
        #expect(postponed.status == 0, "\(postponed.stderr)")
        #expect(postponed.stdout.contains("\(server.base)/feed.xml: postponed until "), "\(postponed.stdout)")
        #expect(server.requests(for: "/feed.xml").count == 2)

        server.route("/feed.xml", .status(429, headers: [("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]))
        let named = try run("refresh", "1")
        #expect(named.stderr == "newsreader: \(server.base)/feed.xml: HTTP 429 Too Many Requests (retry after 604800 s)\n")
        #expect(server.requests(for: "/feed.xml").count == 3)
        #expect(try feeds().first?["posts"] as? Int == 3)
    }

    @Test func goneFeedsShowInFeedsAndAreSkipped() throws {
        #expect(try run("add", server.base + "/feed.xml").status == 0)
        #expect(try run("add", server.base + "/other.xml").status == 0)
        server.route("/feed.xml", .status(410))
        #expect(try run("refresh").status == 1)
        let skipped = try run("refresh")
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("\(server.base)/feed.xml: gone (410), not fetched; name the feed to try it again"))
        #expect(server.requests(for: "/feed.xml").count == 2)
        let gone = try #require(try feeds().first { $0["url"] as? String == server.base + "/feed.xml" })
        #expect(gone["gone"] as? Bool == true)
        #expect(gone["posts"] as? Int == 3)

        let plain = try run("feeds")
        #expect(plain.stdout.contains("gone: the server answered 410 Gone; refresh skips it (`newsreader refresh 1` tries again)"),
                "\(plain.stdout)")
    }

    @Test func feedsPrintsAlignedColumnsWithPlurals() throws {
        server.route("/one.xml", .ok(TestFeed.rss(title: "Ett inlägg", count: 1)))
        #expect(try run("add", server.base + "/one.xml").status == 0)
        #expect(try run("add", server.base + "/other.xml").status == 0)
        #expect(try run("add", "--no-fetch", "http://127.0.0.1:1/never.xml").status == 0)
        _ = try run("refresh", "3")
        let lines = try run("feeds").stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        let rows = lines.filter { !$0.hasPrefix("   ") }
        #expect(rows.count == 3)
        let other = try #require(rows.first { $0.contains("Andra flödet") })
        let one = try #require(rows.first { $0.contains("Ett inlägg") })
        let never = try #require(rows.first { $0.contains("never.xml") })
        #expect(other.contains("  2 posts  2 unread  "), "\(other)")
        #expect(one.contains("  1 post   1 unread  "), "\(one)")
        #expect(never.contains("  0 posts  0 unread  "), "\(never)")
        // The URL column starts at the same place on every row.
        let columns = rows.map { row in row.range(of: "http", options: .backwards).map { row[..<$0.lowerBound].count } }
        #expect(Set(columns).count == 1, "\(rows)")
        #expect(lines.contains { $0.hasPrefix("   last error, ") && $0.hasSuffix(": connection refused") }, "\(lines)")
    }

    // MARK: - Memory

    @Test func aGzipBombAndAnEndlessBodyStopAtTheCapWithMemoryBounded() throws {
        server.route("/bomb", .gzipBomb(decodedBytes: 1 << 30))
        server.route("/endless", .endless())
        // 20 bytes a second: above the low-speed limit, so it lasts until the deadline.
        server.route("/slow", .trickling(TestFeed.rss(count: 100), interval: 0.05))
        for path in ["/bomb", "/endless", "/slow"] {
            #expect(try run("add", "--no-fetch", server.base + path).status == 0)
        }
        // The slow feed keeps the refresh alive after the other two end, to read its peak memory.
        let refresh = try RunningNewsreader(["refresh", "--timeout", "60", "--store", store])
        let recorded = waitUntil(timeout: 50) {
            ((try? feeds()) ?? []).compactMap { $0["last_error"] as? String }
                == ["the response is larger than 64 MiB", "the response is larger than 64 MiB"]
        }
        #expect(recorded)
        let peak = try #require(refresh.peakMemoryMB)
        refresh.terminate()
        #expect(refresh.wait().status == 128 + SIGTERM)
        // 1 GiB inflated or an endless body: stopped at the 64 MiB cap, and
        // no more than a few MB of it ever in memory (bodies wait in a file).
        #expect(peak < 60, "peak \(peak) MB")
    }

    // MARK: - OPML

    @Test func opmlImportRefusesWhatAddRefusesAndKeepsDeepOutlines() throws {
        var nested = "<outline type=\"rss\" text=\"Djup\" xmlUrl=\"\(server.base)/deep.xml\"/>"
        for level in 0..<40 { nested = "<outline text=\"Mapp \(level)\">\(nested)</outline>" }
        let opml = """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>t</title></head><body>
            <outline type="rss" text="Bra" xmlUrl="HTTP://127.0.0.1:\(server.port)/feed.xml"/>
            <outline type="rss" text="JS" xmlUrl="javascript:alert(1)"/>
            <outline type="rss" text="Fil" xmlUrl="file:///etc/passwd"/>
            <outline type="rss" text="FTP" xmlUrl="ftp://example.com/feed.xml"/>
            <outline type="rss" text="Relativ" xmlUrl="feeds/news.xml"/>
            \(nested)
            </body></opml>
            """
        let file = directory.path + "/subs.opml"
        try opml.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try run("opml", "import", file)
        #expect(imported.status == 1)
        #expect(imported.stdout == "2 feeds added, 0 already subscribed, 4 refused.\n")
        #expect(imported.stderr == """
            newsreader: \(file): refused 'javascript:alert(1)' is not an http(s) URL (javascript: is refused)
            newsreader: \(file): refused 'file:///etc/passwd' is not an http(s) URL (file: is refused)
            newsreader: \(file): refused 'ftp://example.com/feed.xml' is not an http(s) URL (ftp: is refused)
            newsreader: \(file): refused 'feeds/news.xml' is a relative URL (http:// or https:// needed)

            """)
        #expect(Set(try feeds().compactMap { $0["url"] as? String }) == [server.base + "/feed.xml", server.base + "/deep.xml"])
    }
}

import Foundation
import NewsModel
import Testing
import TestSupport
@testable import NewsCore

/// HTTPClient against the scripted server on 127.0.0.1: what comes back,
/// redirects, limits, and that waiting costs no CPU.
@Suite struct HTTPClientTests {
    let server: TestHTTPServer
    let client = HTTPClient(userAgent: "newsreader-test/1")

    init() throws {
        server = try TestHTTPServer()
    }

    /// CPU seconds this thread has used (the batch runs on the caller's thread).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    @Test func getReturnsStatusHeadersAndBody() throws {
        server.route("/feed.xml", .ok("<rss/>", headers: [("ETag", "\"v1\""), ("X-Two", "a"), ("x-two", "b")]))
        var request = HTTPRequest(url: server.base + "/feed.xml")
        request.headers["If-None-Match"] = "\"v0\""
        let response = try client.send(request)
        #expect(response.status == 200)
        #expect(response.body == Array("<rss/>".utf8))
        #expect(response.headers["etag"] == "\"v1\"")
        #expect(response.headers.values("X-TWO") == ["a", "b"])
        #expect(response.url == server.base + "/feed.xml")
        #expect(response.redirects.isEmpty)
        let seen = try #require(server.requests(for: "/feed.xml").first)
        #expect(seen.method == "GET")
        #expect(seen.header("User-Agent") == "newsreader-test/1")
        #expect(seen.header("If-None-Match") == "\"v0\"")
        #expect(seen.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test func postSendsItsBodyAndHeaders() throws {
        server.route("/api/") { request in
            .ok(request.method + " " + String(decoding: request.body, as: UTF8.self), contentType: "application/json")
        }
        let json = Array(#"{"op":"login","user":"åsa"}"#.utf8)
        let response = try client.send(HTTPRequest(url: server.base + "/api/", method: "POST",
                                                   headers: ["Content-Type": "application/json"], body: json))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"POST {"op":"login","user":"åsa"}"#)
        let seen = try #require(server.requests(for: "/api/").first)
        #expect(seen.header("Content-Type") == "application/json")
        #expect(seen.header("Expect") == nil)
    }

    @Test func errorStatusesAreResponses() throws {
        server.route("/missing", .status(404, body: "not here"))
        let response = try client.send(HTTPRequest(url: server.base + "/missing"))
        #expect(response.status == 404)
        #expect(response.body == Array("not here".utf8))
        #expect(HTTPResponse.reasonPhrase(404) == "Not Found")
    }

    @Test func gzipBodiesArriveDecoded() throws {
        let text = String(repeating: "<item>Räksmörgås</item>", count: 500)
        server.route("/gz", .gzipped(text))
        let response = try client.send(HTTPRequest(url: server.base + "/gz"))
        #expect(String(decoding: response.body, as: UTF8.self) == text)
    }

    @Test func redirectsAreFollowedAndShown() throws {
        server.route("/old", .redirect(301, to: "/moved"))
        server.route("/moved", .redirect(302, to: server.localhostBase + "/final?x=1#frag"))
        server.route("/final?x=1", .ok("done"))
        let response = try client.send(HTTPRequest(url: server.base + "/old"))
        #expect(response.status == 200)
        #expect(response.body == Array("done".utf8))
        #expect(response.url == server.localhostBase + "/final?x=1")
        #expect(response.redirects == [
            HTTPRedirect(status: 301, from: server.base + "/old", to: server.base + "/moved"),
            HTTPRedirect(status: 302, from: server.base + "/moved", to: server.localhostBase + "/final?x=1"),
        ])
        // Only the leading permanent redirect moves the resource for good.
        #expect(response.permanentURL == server.base + "/moved")

        let unfollowed = try client.send(HTTPRequest(url: server.base + "/old", maximumRedirects: 0))
        #expect(unfollowed.status == 301)
        #expect(unfollowed.headers["Location"] == "/moved")
    }

    @Test func credentialsStayWithTheirHost() throws {
        server.route("/private", .redirect(302, to: server.localhostBase + "/elsewhere"))
        server.route("/elsewhere", .ok("ok"))
        server.route("/same", .redirect(302, to: "/here"))
        server.route("/here", .ok("ok"))
        let headers: HTTPHeaders = ["Authorization": "Bearer hemligt", "X-Feed": "1"]
        _ = try client.send(HTTPRequest(url: server.base + "/private", headers: headers))
        _ = try client.send(HTTPRequest(url: server.base + "/same", headers: headers))
        let elsewhere = try #require(server.requests(for: "/elsewhere").first)
        #expect(elsewhere.header("Authorization") == nil)
        #expect(elsewhere.header("X-Feed") == "1")
        #expect(server.requests(for: "/here").first?.header("Authorization") == "Bearer hemligt")
    }

    @Test func postAfter303BecomesGet() throws {
        server.route("/form", .redirect(303, to: "/result"))
        server.route("/result") { .ok($0.method) }
        let response = try client.send(HTTPRequest(url: server.base + "/form", method: "POST", body: Array("a=1".utf8)))
        #expect(response.body == Array("GET".utf8))
        #expect(server.requests(for: "/result").first?.body.isEmpty == true)
    }

    @Test func redirectLoopsAndOtherSchemesStop() throws {
        server.route("/loop", .redirect(302, to: "/loop"))
        let loop = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.base + "/loop", maximumRedirects: 5)) }
        #expect(loop?.kind == .tooManyRedirects)
        #expect(server.requests(for: "/loop").count == 6)

        server.route("/to-file", .redirect(301, to: "file:///etc/passwd"))
        let file = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.base + "/to-file")) }
        #expect(file?.kind == .badRedirect)
        #expect(file?.message.contains("file:///etc/passwd") == true)
    }

    @Test func onlyHTTPURLsAreFetched() {
        for url in ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/feed", "/relative/feed.xml", "http://"] {
            let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: url)) }
            #expect(error?.kind == .invalidURL, "\(url)")
        }
    }

    @Test func refusedAndUnknownHostsSayWhy() {
        let refused = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: "http://127.0.0.1:1/feed")) }
        #expect(refused?.kind == .connectionRefused)
        #expect(refused?.message == "connection refused")
        let unknown = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: "http://no-such-host.invalid/feed")) }
        #expect(unknown?.kind == .hostNotFound)
        #expect(unknown?.message == "host not found: no-such-host.invalid")
    }

    @Test func aServerThatNeverAcceptsHitsTheConnectTimeout() throws {
        // A listener whose accept queue is full: the kernel drops further SYNs.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = listen(listener, 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<4 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(filler, F_SETFL, O_NONBLOCK)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) } }
            fillers.append(filler)
        }
        let port = UInt16(bigEndian: address.sin_port)
        let started = Self.now(), cpu = Self.threadCPUSeconds()
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/feed.xml", connectTimeout: 1, timeout: 10))
        }
        #expect(error?.kind == .connectTimeout)
        #expect(error?.message == "no connection within 1 s")
        #expect(Self.now() - started < 5)
        #expect(Self.threadCPUSeconds() - cpu < 0.2)
    }

    @Test func aSilentServerTimesOutWithoutCPU() throws {
        server.route("/hang", .hang)
        let started = Self.now(), cpu = Self.threadCPUSeconds()
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.base + "/hang", timeout: 1.5, lowSpeedLimit: nil))
        }
        let wall = Self.now() - started, used = Self.threadCPUSeconds() - cpu
        #expect(error?.kind == .timeout)
        #expect(error?.message == "no answer within 1.5 s")
        #expect(wall >= 1.4 && wall < 5, "\(wall) s")
        #expect(used < 0.2, "\(used) CPU seconds while waiting \(wall) s")
    }

    @Test func aTricklingServerIsCutOffWithoutCPU() throws {
        server.route("/trickle", .trickling(String(repeating: "x", count: 1000), interval: 0.25))
        let started = Self.now(), cpu = Self.threadCPUSeconds()
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.base + "/trickle", timeout: 20,
                                        lowSpeedLimit: .init(bytesPerSecond: 100, seconds: 2)))
        }
        let wall = Self.now() - started, used = Self.threadCPUSeconds() - cpu
        #expect(error?.kind == .tooSlow)
        #expect(error?.message == "too slow: under 100 bytes a second for 2 s")
        #expect(wall >= 1.9 && wall < 10, "\(wall) s")
        #expect(used < 0.2, "\(used) CPU seconds while waiting \(wall) s")
    }

    @Test func anEndlessBodyStopsAtTheCap() throws {
        server.route("/endless", .endless())
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.base + "/endless", maximumBytes: 2 << 20))
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "the response is larger than 2 MiB")
    }

    @Test func aGzipBombStopsAtTheCapOnDecodedBytes() throws {
        // 1 GiB inflated from about 6.5 MB on the wire.
        server.route("/bomb", .gzipBomb(decodedBytes: 1 << 30))
        let started = Self.now()
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.base + "/bomb", maximumBytes: 8 << 20))
        }
        #expect(error?.kind == .tooLarge)
        #expect(Self.now() - started < 10)
        // The same bomb under the cap would inflate whole: the cap is what stopped it.
        server.route("/small-bomb", .gzipBomb(decodedBytes: 1 << 20))
        #expect(try client.send(HTTPRequest(url: server.base + "/small-bomb", maximumBytes: 8 << 20)).body.count >= 1 << 20 - 258)
    }

    @Test func anAnnouncedLengthOverTheCapIsRefusedAtOnce() throws {
        server.route("/big", .ok([UInt8](repeating: 0x20, count: 3 << 20)))
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.base + "/big", maximumBytes: 1 << 20))
        }
        #expect(error?.kind == .tooLarge)
    }

    @Test func largeBodiesGoToAnUnlinkedFile() throws {
        let text = String(repeating: "<item>hållbar upphandling</item>\n", count: 10_000)
        server.route("/large", .ok(text))
        let response = try client.send(HTTPRequest(url: server.base + "/large", memoryLimit: 64 << 10))
        let file = try #require(response.bodyFile)
        #expect(response.body.isEmpty)
        #expect(file.size == text.utf8.count)
        #expect(try response.bodyBytes() == Array(text.utf8))
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == text)

        let small = try client.send(HTTPRequest(url: server.base + "/large", memoryLimit: 1 << 20))
        #expect(small.bodyFile == nil)
        #expect(small.body.count == text.utf8.count)
    }

    @Test func connectionsAreReused() throws {
        server.route("/a", .ok("a"))
        for _ in 0..<3 { _ = try client.send(HTTPRequest(url: server.base + "/a")) }
        #expect(server.connections == 1)
    }

    @Test func aBatchRunsHostsTogetherWithTwoConnectionsEach() throws {
        let others = [try TestHTTPServer(), try TestHTTPServer()]
        let servers = [server] + others
        for server in servers {
            server.fallbackRoute { request in
                var response = TestHTTPResponse.ok("feed \(request.path)")
                response.delay = 0.5
                return response
            }
        }
        let requests = servers.flatMap { server in (0..<4).map { HTTPRequest(url: server.base + "/feed\($0).xml") } }
        var finished: [Int: Int] = [:]
        let started = Self.now()
        client.send(requests) { index, result in
            finished[index] = (try? result.get())?.status
        }
        let wall = Self.now() - started
        #expect(finished.count == 12)
        #expect(finished.values.allSatisfy { $0 == 200 })
        for server in servers {
            #expect(server.mostConcurrentRequests == 2)
            #expect(server.requests.count == 4)
        }
        // Every host's first requests went out together, not one host after another.
        let firsts = servers.map { $0.requests.map(\.receivedAt).min()! }
        #expect(firsts.max()! - firsts.min()! < 0.4, "\(firsts)")
        // Two rounds of 0.5 s, not twelve.
        #expect(wall < 3, "\(wall) s")
    }
}

@Suite struct HTTPURLTests {
    @Test func normalises() throws {
        #expect(try HTTPURL("HTTP://Example.COM").description == "http://example.com/")
        #expect(try HTTPURL("https://Example.com:443/Feed.xml?A=B#top").description == "https://example.com/Feed.xml?A=B")
        #expect(try HTTPURL("http://example.com:8080?q").description == "http://example.com:8080/?q")
        #expect(try HTTPURL("  http://user:pw@[::1]:80/x ").description == "http://user:pw@[::1]/x")
        #expect(try HTTPURL("http://www.HÅLLBARupphandling.se/nyheter/räksmörgås").description
            == "http://www.hållbarupphandling.se/nyheter/räksmörgås")
        #expect(try HTTPURL("http://x.se/å ö".replacingOccurrences(of: " ", with: "%20")).requestString
            == "http://x.se/%C3%A5%20%C3%B6")
        #expect(try HTTPURL("HTTPS://A.se").hostKey == "https://a.se:443")
    }

    @Test func refusesWhatCannotBeFetched() {
        let refused = ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/feed.xml", "feed.xml",
                       "/feeds/a.xml", "//example.com/feed", "http:/example.com", "http://", "http://:80/",
                       "http://example.com:99999/", "http://exa mple.com/", "mailto:a@b.se", "", "http://example.com/\u{1B}[2J"]
        for text in refused {
            #expect(throws: HTTPURL.Refusal.self, "\(text.debugDescription)") { try HTTPURL(text) }
        }
        #expect((try? HTTPURL("ftp://example.com/feed.xml")) == nil)
        do {
            _ = try HTTPURL("javascript:alert(1)")
        } catch {
            #expect("\(error)" == "'javascript:alert(1)' is not an http(s) URL (javascript: is refused)")
        }
    }
}

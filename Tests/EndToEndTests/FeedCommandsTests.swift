import Foundation
import XCTest

/// add, refresh, feeds, remove and opml through the binary, against
/// `python3 -m http.server` on 127.0.0.1 (which answers If-Modified-Since with 304).
final class FeedCommandsTests: XCTestCase {
    var directory: URL!
    var server: Process!
    var port = 0
    var store: String { directory.appendingPathComponent("store.sqlite").path }

    override func setUpWithError() throws {
        directory = try ScratchDirectory.url()
        let site = directory.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try ImportCommandTests.feed(count: 4).write(to: site.appendingPathComponent("feed.xml"), atomically: true, encoding: .utf8)
        // A free port: bind to 0, read it back, release it for the server.
        port = try Self.freePort()
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", site.path, String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !Self.canConnect(port) { Thread.sleep(forTimeInterval: 0.05) }
    }

    override func tearDownWithError() throws {
        server.terminate()
        server.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    func testAddRefresh304FeedsOPMLAndRemove() throws {
        let url = "http://127.0.0.1:\(port)/feed.xml"
        let add = try NewsreaderProcess.run(["add", "--store", store, url])
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertTrue(add.stdout.contains("E2E-flöde: 4 new"), add.stdout)

        let refresh = try NewsreaderProcess.run(["refresh", "--store", store])
        XCTAssertEqual(refresh.status, 0, refresh.stderr)
        XCTAssertTrue(refresh.stdout.contains("\(url): not modified"), refresh.stdout)

        // import takes URLs too; the same feed by URL finds the same posts.
        let imported = try NewsreaderProcess.run(["import", "--store", store, url])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.contains("0 new, 0 updated, 4 skipped"), imported.stdout)

        // Importing a URL nobody subscribed to adds its posts but no subscription.
        let otherURL = "http://127.0.0.1:\(port)/feed.xml?copy"
        let once = try NewsreaderProcess.run(["import", "--store", store, otherURL])
        XCTAssertEqual(once.status, 0, once.stderr)
        XCTAssertTrue(once.stdout.contains("4 new"), once.stdout)
        XCTAssertFalse(try NewsreaderProcess.run(["feeds", "--json", "--store", store]).stdout.contains("?copy"))

        let broken = "http://127.0.0.1:\(port)/missing.xml"
        XCTAssertEqual(try NewsreaderProcess.run(["add", "--store", store, broken]).status, 1)
        let feeds = try NewsreaderProcess.run(["feeds", "--json", "--store", store])
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(feeds.stdout.utf8)) as? [[String: Any]])
        let good = try XCTUnwrap(list.first { $0["url"] as? String == url })
        XCTAssertEqual(good["posts"] as? Int, 4)
        XCTAssertEqual(good["title"] as? String, "E2E-flöde")
        XCTAssertTrue(good["lastError"] is NSNull)
        let bad = try XCTUnwrap(list.first { $0["url"] as? String == broken })
        XCTAssertEqual(bad["lastError"] as? String, "HTTP 404 Not Found")

        let opml = directory.appendingPathComponent("subs.opml").path
        XCTAssertEqual(try NewsreaderProcess.run(["opml", "export", "--store", store, opml]).status, 0)
        let otherStore = directory.appendingPathComponent("other.sqlite").path
        let opmlImport = try NewsreaderProcess.run(["opml", "import", "--store", otherStore, opml])
        XCTAssertEqual(opmlImport.status, 0, opmlImport.stderr)
        XCTAssertTrue(opmlImport.stdout.contains("2 feeds added"), opmlImport.stdout)
        // The same list, apart from when it was written.
        func withoutDate(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.contains("<dateCreated>") }.joined(separator: "\n")
        }
        let roundTripped = withoutDate(try NewsreaderProcess.run(["opml", "export", "--store", otherStore]).stdout)
        XCTAssertEqual(roundTripped, withoutDate(try String(contentsOfFile: opml, encoding: .utf8)))
        XCTAssertTrue(roundTripped.contains("xmlUrl=\"\(url)\""), roundTripped)

        let unconfirmed = try NewsreaderProcess.run(["remove", "--store", store, url])
        XCTAssertEqual(unconfirmed.status, 1)
        XCTAssertTrue(unconfirmed.stderr.contains("--yes"), unconfirmed.stderr)

        let remove = try NewsreaderProcess.run(["remove", "--store", store, "--yes", url])
        XCTAssertEqual(remove.status, 0, remove.stderr)
        let afterRemove = try NewsreaderProcess.run(["months", "--json", "--store", store])
        XCTAssertTrue(afterRemove.stdout.contains("\"count\" : 8"), afterRemove.stdout)
        let purge = try NewsreaderProcess.run(["remove", "--store", store, "--yes", "--purge", "E2E-flöde"])
        XCTAssertEqual(purge.status, 0, purge.stderr)
        XCTAssertTrue(purge.stdout.contains("4 posts"), purge.stdout)
    }
}

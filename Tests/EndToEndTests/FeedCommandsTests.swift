import Foundation
import TestSupport
import XCTest

/// add, refresh, feeds, remove and opml through the binary, against the
/// scripted server on 127.0.0.1 (a feed that answers conditional GETs with 304).
final class FeedCommandsTests: XCTestCase {
    var scratch: TemporaryDirectory!
    var directory: URL!
    var server: TestHTTPServer!
    var port: Int { server.port }
    var store: String { directory.appendingPathComponent("store.sqlite").path }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory("e2e")
        directory = scratch.url
        server = try TestHTTPServer()
        let feed = ConditionalFeed { _ in ImportCommandTests.feed(count: 4) }
        server.route("/feed.xml", feed.handler)
        server.route("/feed.xml?copy", feed.handler)
        server.route("/missing.xml", .status(404, body: "not here"))
    }

    override func tearDownWithError() throws {
        server.stop()
        scratch = nil
    }

    func testAddRefresh304FeedsOPMLAndRemove() throws {
        let url = "http://127.0.0.1:\(port)/feed.xml"
        let add = try NewsreaderProcess.run(["add", "--store", store, url])
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertEqual(add.stdout, "Subscribed to \(url) (feed 1): E2E-flöde: 4 new, 0 updated, 0 skipped.\n")

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

        // A feed that fails later keeps its subscription and shows its error.
        let broken = "http://127.0.0.1:\(port)/missing.xml"
        XCTAssertEqual(try NewsreaderProcess.run(["add", "--no-fetch", "--store", store, broken]).status, 0)
        XCTAssertEqual(try NewsreaderProcess.run(["refresh", "--store", store]).status, 1)
        let feeds = try NewsreaderProcess.run(["feeds", "--json", "--store", store])
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(feeds.stdout.utf8)) as? [[String: Any]])
        let good = try XCTUnwrap(list.first { $0["url"] as? String == url })
        XCTAssertEqual(good["posts"] as? Int, 4)
        XCTAssertEqual(good["unread"] as? Int, 4)
        XCTAssertEqual(good["title"] as? String, "E2E-flöde")
        XCTAssertTrue(good["last_error"] is NSNull)
        XCTAssertTrue(good["last_error_at"] is NSNull)
        XCTAssertEqual(good["gone"] as? Bool, false)
        XCTAssertNotNil(good["last_fetch"] as? String)
        XCTAssertEqual(Set(good.keys), ["id", "title", "url", "site", "posts", "unread", "last_fetch", "last_error",
                                        "last_error_at", "gone"])
        let bad = try XCTUnwrap(list.first { $0["url"] as? String == broken })
        XCTAssertEqual(bad["last_error"] as? String, "HTTP 404 Not Found")
        XCTAssertNotNil(bad["last_error_at"] as? String)

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

import Foundation
import NewsModel
import TestSupport
import XCTest

/// `R` in the real reader (tmux): the refresh runs in a child process (the
/// same binary's `refresh`), its progress and summary reach the status line,
/// the reader itself never maps libcurl, and quitting during a hanging fetch
/// ends at once, the child with it.
final class ReaderRefreshTests: XCTestCase {
    var server: TestHTTPServer!
    var scratch: TemporaryDirectory!
    var directory: URL!
    var store: String { directory.appendingPathComponent("store.sqlite").path }

    override func setUpWithError() throws {
        server = try TestHTTPServer()
        scratch = try TemporaryDirectory("e2e")
        directory = scratch.url
    }

    override func tearDownWithError() throws {
        server.stop()
        scratch = nil
    }

    private func subscribe(_ path: String) throws {
        let added = try NewsreaderProcess.run(["add", "--no-fetch", "--store", store, server.base + path])
        XCTAssertEqual(added.status, 0, added.stderr)
    }

    /// The child processes of `pid` (from /proc).
    private func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0) }
    }

    func testRRefreshesInAChildProcessAndShowsTheSummary() throws {
        server.route("/feed.xml", .ok(TestFeed.rss(title: "Lokalt flöde", count: 3)))
        server.route("/missing.xml", .status(404))
        try subscribe("/feed.xml")
        try subscribe("/missing.xml")
        let session = try TmuxSession(columns: 100, rows: 30, arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts")
        let reader = try XCTUnwrap(session.readerPID())

        try session.send("R")
        let screen = try session.waitFor(text: "Refresh: 3 new; failed: ")
        XCTAssertTrue(screen.contains("HTTP 404 Not Found"), screen)
        try session.waitFor(text: "Post 2 v1")
        XCTAssertEqual(server.requests(for: "/feed.xml").count, 1)
        XCTAssertTrue(server.requests(for: "/feed.xml")[0].header("User-Agent")?.hasPrefix("newsreader/") ?? false)

        // The fetching happened in the child: the reader never loaded libcurl.
        let maps = try String(contentsOfFile: "/proc/\(reader)/maps", encoding: .utf8)
        XCTAssertFalse(maps.contains("libcurl"), "the reader mapped libcurl")
        XCTAssertFalse(maps.contains("FoundationNetworking"), "the reader mapped FoundationNetworking")
        XCTAssertTrue(children(of: reader).isEmpty, "the refresh child was reaped")

        try session.send("q")
        try session.waitFor(text: "newsreader exited with status 0")
    }

    func testQuittingDuringAHangingFetchEndsAtOnceAndStopsTheChild() throws {
        server.route("/hang.xml", .hang)
        try subscribe("/hang.xml")
        let session = try TmuxSession(arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts")
        let reader = try XCTUnwrap(session.readerPID())

        try session.send("R")
        try session.waitFor(text: "Refreshing feeds: 0/1")
        XCTAssertTrue(waitUntil { server.requests(for: "/hang.xml").count == 1 }, "the child never asked")
        let child = try XCTUnwrap(children(of: reader).first, "no refresh child")
        let command = try String(contentsOfFile: "/proc/\(child)/cmdline", encoding: .utf8)
        XCTAssertTrue(command.contains("refresh"), command)

        let quit = Date()
        try session.send("q")
        try session.waitFor(text: "newsreader exited with status 0", timeout: 10)
        // The fetch would have waited 15 s for a byte: quitting did not wait for it.
        XCTAssertLessThan(Date().timeIntervalSince(quit), 5)
        XCTAssertEqual(Foundation.kill(child, 0), -1, "the refresh child still runs")
        XCTAssertEqual(errno, ESRCH)
    }
}

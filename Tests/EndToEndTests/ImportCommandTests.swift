import Foundation
import TestSupport
import XCTest

final class ImportCommandTests: XCTestCase {
    var scratch: TemporaryDirectory!
    var directory: URL!
    var store: String { directory.appendingPathComponent("store.sqlite").path }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory("e2e")
        directory = scratch.url
    }

    override func tearDownWithError() throws {
        scratch = nil
    }

    static func feed(count: Int) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>E2E-flöde</title>\n"
        for index in 0..<count {
            text += "<item>\n<title>Inlägg \(index)</title>\n<guid>e2e-\(index)</guid>\n"
                + "<pubDate>Tue, 14 Dec 2021 09:00:00 GMT</pubDate>\n<description>Text \(index)</description>\n</item>\n"
        }
        return text + "</channel></rss>\n"
    }

    private func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func listCount() throws -> Int {
        let result = try NewsreaderProcess.run(["months", "--json", "--store", store])
        XCTAssertEqual(result.status, 0, result.stderr)
        let months = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return months.compactMap { $0["count"] as? Int }.reduce(0, +)
    }

    func testImportTwiceAddsNothingTheSecondTime() throws {
        let file = try write(Self.feed(count: 10_000), to: "big.xml")
        let first = try NewsreaderProcess.run(["import", "--store", store, file])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("E2E-flöde: 10000 new, 0 updated, 0 skipped"), first.stdout)
        let second = try NewsreaderProcess.run(["import", "--store", store, file])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("0 new, 0 updated, 10000 skipped"), second.stdout)
        XCTAssertEqual(try listCount(), 10_000)
    }

    func testTruncatedSourceIsRejectedWithItsLineAndTheStoreUnchanged() throws {
        let good = try write(Self.feed(count: 5), to: "good.xml")
        XCTAssertEqual(try NewsreaderProcess.run(["import", "--store", store, good]).status, 0)
        let full = Self.feed(count: 1000).replacingOccurrences(of: "Text ", with: "Ändrad text ")
        let truncated = try write(String(full.prefix(full.count / 2)), to: "truncated.xml")
        let before = try NewsreaderProcess.run(["list", "--json", "--store", store]).stdout

        let result = try NewsreaderProcess.run(["import", "--store", store, truncated, good])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("truncated.xml: line "), result.stderr)
        XCTAssertTrue(result.stdout.contains("good.xml"), "the other source still runs: \(result.stdout)")
        XCTAssertEqual(try NewsreaderProcess.run(["list", "--json", "--store", store]).stdout, before)
        let search = try NewsreaderProcess.run(["search", "--store", store, "Ändrad"])
        XCTAssertFalse(search.stdout.contains("Inlägg"), search.stdout)
    }

    func testStandardInputAndMissingFiles() throws {
        let result = try NewsreaderProcess.run(["import", "--store", store, "-"], stdin: Data(Self.feed(count: 3).utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("3 new"), result.stdout)
        let missing = try NewsreaderProcess.run(["import", "--store", store, directory.appendingPathComponent("nej.xml").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nej.xml"), missing.stderr)
    }

    func testParserMessagesNeverReachTheTerminal() throws {
        let broken = try write("<rss><channel><title>Trasig &nbsp; <b>fet</i></title><item><title>x</title></item></channel></rss>", to: "b.xml")
        let result = try NewsreaderProcess.run(["import", "--store", store, broken])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
    }
}

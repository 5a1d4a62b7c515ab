import Foundation
import NewsModel
import XCTest
@testable import NewsCore

/// Issue 6, fuzzing: a deterministic mutation fuzzer for the feed parser, the
/// date parser, HTML-to-text and the search-query parser, seeded from
/// `Tests/FuzzCorpus/<target>/`. Each input must give a result or a clean
/// error: no crash, no SQLite error from a search, bounded time.
///
/// In CI each target runs a few hundred inputs (a second or two); longer runs:
/// `scripts/fuzz SECONDS` sets `NEWSREADER_FUZZ_SECONDS` (time per target) and
/// `NEWSREADER_FUZZ_SEED`. A failing input is printed in Swift literal form:
/// add it to the corpus and a regression assertion below.
final class FuzzTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")
    static let environment = ProcessInfo.processInfo.environment
    static let seconds = Double(environment["NEWSREADER_FUZZ_SECONDS"] ?? "") ?? 0
    static let seed = UInt64(environment["NEWSREADER_FUZZ_SEED"] ?? "") ?? 6

    static func seeds(_ target: String) throws -> [[UInt8]] {
        let directory = corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.map { [UInt8](try Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    /// Runs `check` on mutations of the seeds: `iterations` of them, or for
    /// `NEWSREADER_FUZZ_SECONDS` when set. Returns how many inputs ran.
    @discardableResult
    static func fuzz(_ target: String, iterations: Int, maxLength: Int = 1 << 16,
                     _ check: ([UInt8]) throws -> Void) throws -> Int {
        let seeds = try seeds(target)
        XCTAssertFalse(seeds.isEmpty, "no seeds in Tests/FuzzCorpus/\(target)")
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let dictionary: [[UInt8]] = ["<", ">", "&", ";", "&#x1B;", "&#0;", "&#xD800;", "&amp;", "<![CDATA[", "]]>", "\"", "'",
                                     "-", "*", ":", "..", "(", ")", "AND", "NEAR", "title:", "feed:", "month:", "date:",
                                     "+", "Z", "GMT", "9999", "-0000", "\u{1B}", "\u{202E}", "\u{FEFF}", "å", "東", "🎉",
                                     "<div>", "</p>", "<!--", "<!ENTITY", "%", "\0"].map { Array($0.utf8) }
        for seed in seeds { try check(seed) }
        let deadline = Date().addingTimeInterval(seconds)
        var count = 0
        while seconds > 0 ? Date() < deadline : count < iterations {
            var bytes = seeds[next(seeds.count)]
            for _ in 0..<(1 + next(6)) {
                switch next(7) {
                case 0 where !bytes.isEmpty: bytes[next(bytes.count)] = UInt8(truncatingIfNeeded: next(256))
                case 1 where !bytes.isEmpty: bytes.remove(at: next(bytes.count))
                case 2: bytes.insert(contentsOf: dictionary[next(dictionary.count)], at: next(bytes.count + 1))
                case 3 where !bytes.isEmpty:
                    let start = next(bytes.count)
                    bytes.removeSubrange(start..<min(bytes.count, start + 1 + next(64)))
                case 4 where !bytes.isEmpty:
                    // Duplicate a slice (nesting, repetition).
                    let start = next(bytes.count)
                    let slice = bytes[start..<min(bytes.count, start + 1 + next(128))]
                    bytes.insert(contentsOf: slice, at: next(bytes.count + 1))
                case 5:
                    // Splice in a piece of another seed.
                    let other = seeds[next(seeds.count)]
                    let start = next(other.count)
                    bytes.insert(contentsOf: other[start..<min(other.count, start + next(200))], at: next(bytes.count + 1))
                default:
                    if !bytes.isEmpty { bytes.swapAt(next(bytes.count), next(bytes.count)) }
                }
            }
            if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
            try check(bytes)
            count += 1
        }
        if seconds > 0 { print("fuzz \(target): \(count) inputs in \(seconds) s, seed \(seed)") }
        return count
    }

    /// Runs `body` on `input`, naming the input when it throws. (How long
    /// a target takes is the benchmark's business, not an assertion here: a
    /// hang shows as a test that does not end, with the input in `scripts/fuzz`'s log.)
    static func checked(_ what: String, _ input: [UInt8], _ body: () throws -> Void) rethrows {
        do {
            try body()
        } catch {
            XCTFail("\(what) failed on \(String(decoding: input, as: UTF8.self).debugDescription): \(error)")
            throw error
        }
    }

    // MARK: - Regressions the fuzzer found

    func testDisjointDateLimitsMatchNothingInsteadOfTrapping() throws {
        // Crashed with "Range requires lowerBound <= upperBound".
        let query = SearchQuery("month:2021-12 month:2022-01 upphandling")
        let database = try AppDatabase.inMemory()
        _ = try database.importSample()
        XCTAssertEqual(try database.searchCount(query), 0)
        XCTAssertGreaterThan(try database.searchCount(SearchQuery("month:2021-11..2022-01 month:2021-12 upphandling")), 0)
    }

    func testYearsPastNineThousandNineHundredNinetyNineAreNoDates() {
        for text in ["Tue, 14 Dec 20212 09:00:00 GMT", "Tue Dec 14 09:00:00 20211", "Tue, 14 Dec202021 09:00:00 GMT",
                     "Tue Dec 14 09:00:00 2021123+01:00",
                     // Overflowed (trapped) in the day arithmetic: found by `scripts/fuzz 40 2026`.
                     "Tue, 14 Dec 999999999999999 09:00:00 GMT", "14 Dec 9223372036854775807"] {
            XCTAssertNil(FeedDate.parse(text), text)
        }
        XCTAssertEqual(FeedDate.parse("Fri, 31 Dec 9999 23:59:59 GMT"), 253_402_300_799)
    }

    // MARK: - Targets

    func testFeedParser() throws {
        try Self.fuzz("feed", iterations: 300) { bytes in
            for treeLimit in [0, 1 << 20] {
                var parser = FeedParser(data: bytes)
                parser.treeLimit = treeLimit
                try Self.checked("feed parser", bytes) {
                    if let feed = try? parser.parse() {
                        for entry in feed.entries {
                            _ = HTMLText.render(entry.bodyHTML, baseURL: entry.baseURL)
                        }
                    }
                }
            }
        }
    }

    func testDateParser() throws {
        try Self.fuzz("date", iterations: 3000, maxLength: 200) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            if let seconds = FeedDate.parse(text) {
                // Years 1 to 9999 only: nothing else can be shown or filed under a month.
                XCTAssertTrue((-62_135_596_800...253_402_300_799).contains(seconds), "\(text.debugDescription) → \(seconds)")
            }
        }
    }

    func testHTMLToText() throws {
        try Self.fuzz("html", iterations: 500) { bytes in
            let html = String(decoding: bytes, as: UTF8.self)
            try Self.checked("HTML to text", bytes) {
                let text = HTMLText.render(html, baseURL: "https://example.se/")
                let clean = TerminalSafe.clean(text, keepNewlines: true)
                XCTAssertFalse(clean.unicodeScalars.contains { $0.value < 0x20 && $0.value != 0x0A }, clean.debugDescription)
            }
        }
    }

    func testSearchQueryNeverMakesSQLiteFail() throws {
        let database = try AppDatabase.inMemory()
        _ = try database.importSample()
        try Self.fuzz("query", iterations: 300, maxLength: 300) { bytes in
            let query = SearchQuery(String(decoding: bytes, as: UTF8.self))
            do {
                _ = try database.search(query, limit: 5)
                _ = try database.searchCount(query)
                _ = try database.search(query, order: .date, limit: 5)
                _ = try database.snippets(query, postIDs: [1], open: "[", close: "]")
            } catch {
                XCTFail("search for \(query.text.debugDescription) failed: \(error)")
            }
        }
    }
}

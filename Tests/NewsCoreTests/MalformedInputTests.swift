import XCTest
@testable import NewsCore

/// Damaged input of every kind must give posts or a clean error, never a crash.
final class MalformedInputTests: XCTestCase {
    func testMutatedFeedsNeverCrash() throws {
        let original = Array(FeedParserTests.rss2.utf8)
        var random = SplitMix64(seed: 2021)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let interesting: [UInt8] = [0x00, 0x3C, 0x3E, 0x26, 0x3B, 0x22, 0xC3, 0xE2, 0xF0, 0xFF, 0xFE, 0x80, 0x5D]
        var parsed = 0, rejected = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + next(8)) {
                switch next(4) {
                case 0: bytes[next(bytes.count)] = interesting[next(interesting.count)]
                case 1: bytes.remove(at: next(bytes.count))
                case 2: bytes.insert(interesting[next(interesting.count)], at: next(bytes.count))
                default:
                    let start = next(bytes.count)
                    bytes.removeSubrange(start..<min(bytes.count, start + next(40)))
                }
            }
            for treeLimit in [0, 1 << 20] {
                var parser = FeedParser(data: bytes)
                parser.treeLimit = treeLimit
                do {
                    let feed = try parser.parse()
                    for entry in feed.entries { _ = IncomingPost(entry) }
                    parsed += 1
                } catch is FeedParseError {
                    rejected += 1
                }
            }
        }
        XCTAssertGreaterThan(parsed, 0)
        XCTAssertGreaterThan(rejected, 0)
    }

    func testRandomBytesAndHTMLNeverCrash() {
        var random = SplitMix64(seed: 7)
        for length in [1, 2, 3, 17, 256, 4096] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                _ = try? FeedParser(data: bytes).parse()
                _ = HTMLText.render(String(decoding: bytes, as: UTF8.self))
                _ = FeedDate.parse(String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

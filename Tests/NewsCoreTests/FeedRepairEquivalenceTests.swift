import Foundation
import XCTest
@testable import NewsCore

/// The repairs applied to a feed's bytes before libxml2 reads them must give
/// the same bytes as their simple reference versions (`ReferenceHTMLEntityRepair`,
/// `ReferenceFeedCharset`, whose UTF-8 repair is the standard library's
/// parser), for whole documents and for pieces of a file.
final class FeedRepairEquivalenceTests: XCTestCase {
    static let fragments: [String] = [
        "<item>", "</item>", "<title>", "ord", " ", "\n", "\r\n", "\t", "&amp;", "&lt;p&gt;", "&quot;", "&apos;", "&nbsp;",
        "&aacute;", "&eacute;", "&doesnotexist;", "&", "&&", "&;", "&#65;", "&#x41;", "&#X41;", "&#146;", "&#x9B;", "&#x1B;",
        "&#0;", "&#27;", "&#xD800;", "&#1114112;", "&#xFFFE;", "&#123456789;", "&#;", "&#x;", "&#12", "a=1&b=2", "&declared;",
        "<![CDATA[", "]]>", "]]", "]", "<!", "<![CDATA", "\u{1B}", "\u{0}", "\u{7}", "\u{1F}", "\u{7F}", "å", "€", "\u{92}",
        "\u{85}", "東", "🎉", "&ouml;&auml;", "&lt", "&amp", "&verylongentitynamethatgoesonandonandonbeyondthirtytwo;",
        "<!ENTITY declared \"x\">", "<!DOCTYPE rss [", "]>", "&quot", "&apos", "&gt;", "&GT;", "&Amp;",
    ]

    static func document(_ random: inout SplitMix64, parts: Int) -> [UInt8] {
        func next(_ bound: Int) -> Int { random.next(bound) }
        var bytes: [UInt8] = []
        for _ in 0..<parts {
            switch next(12) {
            case 0: bytes.append(UInt8(truncatingIfNeeded: next(256))) // any byte, invalid UTF-8 too
            case 1: bytes.append(contentsOf: [0xC2, UInt8(0x80 + next(0x40))])
            default: bytes.append(contentsOf: fragments[next(fragments.count)].utf8)
            }
        }
        return bytes
    }

    func testWholeDocumentsRepairAsBefore() throws {
        var random = SplitMix64(seed: 1_252)
        var inputs = try FuzzTests.seeds("feed")
        for _ in 0..<3_000 { inputs.append(Self.document(&random, parts: 1 + random.next(16) * 20)) }
        for bytes in inputs {
            XCTAssertEqual(HTMLEntityRepair.repair(bytes), ReferenceHTMLEntityRepair.repair(bytes),
                           String(decoding: bytes, as: UTF8.self).debugDescription)
            XCTAssertEqual(FeedCharset.isValidUTF8(bytes), ReferenceFeedCharset.isValidUTF8(bytes))
            XCTAssertEqual(FeedCharset.repairingUTF8AndC1Controls(bytes),
                           ReferenceFeedCharset.replacingC1Controls(ReferenceFeedCharset.repairingUTF8(bytes)))
        }
    }

    func testPiecesRepairAsBefore() {
        var random = SplitMix64(seed: 8_859)
        for _ in 0..<500 {
            let bytes = Self.document(&random, parts: 200)
            var repair = HTMLEntityRepair(declared: HTMLEntityRepair.declaredEntityNames(bytes))
            var reference = ReferenceHTMLEntityRepair(declared: ReferenceHTMLEntityRepair.declaredEntityNames(bytes))
            XCTAssertEqual(repair.declared, reference.declared)
            // Cut anywhere after `>` or whitespace, as PieceReader does.
            var start = 0
            while start < bytes.count {
                var end = min(bytes.count, start + 1 + random.next(300))
                while end < bytes.count, ![UInt8(ascii: ">"), 0x20, 0x0A, 0x09, 0x0D].contains(bytes[end - 1]) { end += 1 }
                let piece = Array(bytes[start..<end])
                XCTAssertEqual(repair.repair(piece), reference.repair(piece))
                XCTAssertEqual(repair.inCDATA, reference.inCDATA)
                start = end
            }
        }
    }
}

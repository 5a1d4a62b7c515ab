import Foundation
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

/// Issue 11: one invalid byte made a whole UTF-8 feed Windows-1252, so a
/// valid post elsewhere read "HÃ¥llbar upphandling" and `search hållbar`
/// found nothing. Only the bad bytes are replaced now.
@Suite("Invalid UTF-8: only the bad bytes are replaced")
struct CharsetRepairTests {
    static func feed(_ middle: [UInt8], declaration: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") -> [UInt8] {
        Array("""
            \(declaration)<rss version="2.0"><channel><title>Flöde</title>
            <item><guid>1</guid><title>Hållbar upphandling</title><description>Räksmörgås</description></item>
            <item><guid>2</guid><title>
            """.utf8) + middle + Array("""
            </title><description>x</description></item></channel></rss>
            """.utf8)
    }

    func titles(_ bytes: [UInt8]) throws -> [String] {
        try FeedParser(data: bytes).parse().entries.compactMap(\.title)
    }

    @Test("a stray byte in a UTF-8 feed: the other posts stay intact and searchable")
    func strayByte() throws {
        // A Latin-1 "å" (0xE5) pasted into a UTF-8 file.
        let bytes = Self.feed(Array("Sm".utf8) + [0xE5] + Array("land".utf8))
        #expect(try titles(bytes) == ["Hållbar upphandling", "Småland"])
        #expect(FeedCharset.decode(bytes).encoding == "utf-8")
        let database = try AppDatabase.inMemory()
        try database.importFeed(FeedParser(data: bytes), into: Feed(title: "f", source: "/f.xml"))
        #expect(try database.search(SearchQuery("hållbar")).map(\.title) == ["Hållbar upphandling"])
        #expect(try database.search(SearchQuery("räksmörgås")).map(\.title) == ["Hållbar upphandling"])
    }

    @Test("a byte standing alone is its Windows-1252 character; a sequence cut short is one U+FFFD")
    func replacements() {
        let valid = Array("ö".utf8)
        #expect(FeedCharset.repairingUTF8(valid + [0x92] + Array("s".utf8)) == Array("ö’s".utf8))
        #expect(FeedCharset.repairingUTF8(valid + [0x80, 0xFF]) == Array("ö€ÿ".utf8))
        // E2 82 starts "€" (E2 82 AC) and stops: one replacement character for both bytes.
        #expect(FeedCharset.repairingUTF8(valid + [0xE2, 0x82, 0x20]) == Array("ö\u{FFFD} ".utf8))
        #expect(FeedCharset.repairingUTF8(valid + [0xF0, 0x9F, 0x8E]) == Array("ö\u{FFFD}".utf8))
        // A lead byte followed by no continuation stands alone.
        #expect(FeedCharset.repairingUTF8(valid + [0xC3, 0x41]) == Array("öÃA".utf8))
        // Overlong and surrogate encodings are not sequences: each byte stands alone.
        #expect(FeedCharset.repairingUTF8(valid + [0xC0, 0xAF]) == Array("öÀ¯".utf8))
        #expect(FeedCharset.repairingUTF8(valid + [0xED, 0xA0, 0x80]) == Array("öí\u{A0}€".utf8))
    }

    @Test("a file in Windows-1252 or Latin-1 throughout still reads as such, declared or not")
    func legacyEncodings() throws {
        // No valid multi-byte UTF-8 at all: "Flöde", "Småland “x”" and an "â€" that
        // would be a UTF-8 sequence cut short.
        let latin1 = Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Fl".utf8) + [0xF6]
            + Array("de</title><item><guid>1</guid><title>Sm".utf8) + [0xE5] + Array("land ".utf8)
            + [0x93, 0x78, 0x94, 0x20, 0xE2, 0x80] + Array("</title></item></channel></rss>".utf8)
        let parsed = try FeedParser(data: latin1).parse()
        #expect(parsed.title == "Flöde")
        #expect(parsed.entries.compactMap(\.title) == ["Småland “x” â€"])
        #expect(FeedCharset.decode(latin1).encoding == "windows-1252")
        let declared = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>".utf8)
            + [0xC3, 0xA5] + Array("</title></channel></rss>".utf8)
        #expect(try FeedParser(data: declared).parse().title == "Ã¥", "declared Latin-1 wins over bytes that look like UTF-8")
    }

    @Test("a big file read in pieces is repaired the same way")
    func streamedFile() throws {
        let directory = try TemporaryDirectory("store")
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Stort</title>\n"
        for index in 0..<2_000 {
            text += "<item><guid>\(index)</guid><title>Hållbar upphandling \(index)</title><description>text</description></item>\n"
        }
        var bytes = Array(text.utf8) + Array("<item><guid>bad</guid><title>Sm".utf8) + [0xE5] + Array("land</title></item>\n".utf8)
        bytes += Array("</channel></rss>\n".utf8)
        let path = directory.path + "/big.xml"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let titles = try FeedParser(contentsOf: URL(fileURLWithPath: path), streamAbove: 4_096).parse().entries.compactMap(\.title)
        #expect(titles.count == 2_001)
        #expect(titles.first == "Hållbar upphandling 0")
        #expect(titles.last == "Småland")
    }
}

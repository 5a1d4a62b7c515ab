import XCTest
@testable import NewsCore

final class FeedCharsetTests: XCTestCase {
    private func rss(title: String, declaration: String = "<?xml version=\"1.0\"?>") -> String {
        "\(declaration)<rss version=\"2.0\"><channel><title>\(title)</title></channel></rss>"
    }

    private func title(of bytes: [UInt8], contentType: String? = nil) throws -> String {
        try FeedParser(data: bytes, contentType: contentType).parse().title
    }

    func testUTF16WithAndWithoutByteOrderMark() throws {
        let text = rss(title: "Räksmörgås", declaration: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")
        let littleEndian = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bigEndian = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        XCTAssertEqual(try title(of: [0xFF, 0xFE] + littleEndian), "Räksmörgås")
        XCTAssertEqual(try title(of: [0xFE, 0xFF] + bigEndian), "Räksmörgås")
        XCTAssertEqual(try title(of: bigEndian), "Räksmörgås")
        XCTAssertEqual(try title(of: littleEndian), "Räksmörgås")
    }

    func testLatin1AndWindows1252FromTheDeclaration() throws {
        let latin1: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>".utf8)
            + [0x52, 0xE4, 0x6B, 0x20, 0x93, 0x78, 0x94] + Array("</title></channel></rss>".utf8)
        // 0x93/0x94 are curly quotes in Windows-1252, which is how browsers read Latin-1.
        XCTAssertEqual(try title(of: latin1), "Räk “x”")
    }

    func testHTTPCharsetWinsOverTheDeclaration() throws {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>".utf8)
            + [0xE5, 0xE4, 0xF6] + Array("</title></channel></rss>".utf8)
        XCTAssertEqual(try title(of: bytes, contentType: "application/rss+xml; charset=windows-1252"), "åäö")
        XCTAssertEqual(FeedCharset.charset(fromContentType: "text/xml; Charset=\"ISO-8859-1\""), "iso-8859-1")
    }

    func testInvalidUTF8FallsBackInsteadOfFailing() throws {
        // Declared UTF-8 but written in Latin-1 (a common CMS mistake).
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>Sm".utf8)
            + [0xF6, 0x72] + Array("</title></channel></rss>".utf8)
        XCTAssertEqual(try title(of: bytes), "Smör")
        // Truncated multi-byte sequences anywhere never crash the decoder.
        for cut in [0xC3, 0xE2, 0xF0] as [UInt8] {
            _ = FeedCharset.decode(Array("<rss>".utf8) + [cut])
        }
    }

    func testOtherEncodingsThroughIconv() throws {
        // KOI8-R "Мир"
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss><channel><title>".utf8)
            + [0xED, 0xC9, 0xD2] + Array("</title></channel></rss>".utf8)
        XCTAssertEqual(try title(of: bytes), "Мир")
    }

    func testTextIsStoredAsNFC() throws {
        let decomposed = "Cafe\u{301} a\u{30A}"
        let parsed = try FeedParser(data: Array(rss(title: decomposed).utf8)).parse()
        XCTAssertEqual(parsed.title.unicodeScalars.count, "Café å".unicodeScalars.count)
        XCTAssertEqual(parsed.title, "Café å")
    }
}

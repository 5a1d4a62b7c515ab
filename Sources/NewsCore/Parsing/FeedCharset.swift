import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns the bytes of a feed into UTF-8 before libxml2 sees them, so that
/// libxml2 never meets an encoding error it would stop at.
///
/// Order of evidence: a byte-order mark, the `charset` of an HTTP
/// `Content-Type`, the XML declaration, then UTF-8. A document that does not
/// decode under its declared encoding is read as UTF-8.
///
/// UTF-8 with bad bytes in it is repaired byte by byte, never as a whole: a
/// byte that stands alone (one that does not start a sequence that goes on)
/// is read as its Windows-1252 character, which is what a Latin-1 `å` or a
/// Windows `’` pasted into a UTF-8 file means; a multi-byte sequence cut
/// short becomes one U+FFFD. A document without a single valid multi-byte
/// sequence is Windows-1252 throughout (what Swedish sites that forget to
/// declare Latin-1 send), as is one that declares Windows-1252 or Latin-1.
public enum FeedCharset {
    public struct Decoded {
        /// UTF-8 bytes, without a byte-order mark.
        public var bytes: [UInt8]
        /// The encoding the bytes were read as, lowercased (`utf-8`, `windows-1252`, ...).
        public var encoding: String
    }

    /// The `charset` parameter of a `Content-Type` value, lowercased, if any.
    public static func charset(fromContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2,
                  pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
            return value.isEmpty ? nil : value
        }
        return nil
    }

    public static func decode(_ data: [UInt8], contentType: String? = nil) -> Decoded {
        var decoded = decodeWithoutRepair(data, contentType: contentType)
        decoded.bytes = replacingC1Controls(decoded.bytes)
        return decoded
    }

    /// U+0080–U+009F never mean anything in a feed: they are Windows-1252
    /// characters (’, “, €) that went through a Latin-1 decoder. Put them back.
    static func replacingC1Controls(_ bytes: [UInt8]) -> [UInt8] {
        var index = 0
        var output: [UInt8]?
        var copiedUpTo = 0
        while let found = bytes[index...].firstIndex(of: 0xC2) {
            index = found + 1
            guard index < bytes.count, (0x80...0x9F).contains(bytes[index]) else { continue }
            if output == nil { output = []; output!.reserveCapacity(bytes.count + 16) }
            output!.append(contentsOf: bytes[copiedUpTo..<found])
            appendUTF8(windows1252High[Int(bytes[index] - 0x80)], to: &output!)
            copiedUpTo = index + 1
        }
        guard var result = output else { return bytes }
        result.append(contentsOf: bytes[copiedUpTo...])
        return result
    }

    static func decodeWithoutRepair(_ data: [UInt8], contentType: String?) -> Decoded {
        if let (encoding, bomLength) = byteOrderMark(data) {
            let body = Array(data[bomLength...])
            if encoding == "utf-8" { return repairedUTF8(body) }
            if let bytes = convert(body, from: encoding) { return Decoded(bytes: bytes, encoding: encoding) }
        }
        if let encoding = unmarkedWideEncoding(data), let bytes = convert(data, from: encoding) {
            return Decoded(bytes: bytes, encoding: encoding)
        }
        var candidates: [String] = []
        if let http = charset(fromContentType: contentType) { candidates.append(http) }
        if let declared = declaredEncoding(data) { candidates.append(declared) }
        for candidate in candidates.map(normalizedName) where candidate != "utf-8" {
            if let bytes = convert(data, from: candidate) {
                return Decoded(bytes: bytes, encoding: candidate)
            }
        }
        return repairedUTF8(data)
    }

    /// The document as UTF-8, its bad bytes replaced (see the type's notes),
    /// or as Windows-1252 when no multi-byte sequence in it is valid.
    static func repairedUTF8(_ data: [UInt8]) -> Decoded {
        if isValidUTF8(data) { return Decoded(bytes: data, encoding: "utf-8") }
        if let bytes = repairingInvalidBytes(data) { return Decoded(bytes: bytes, encoding: "utf-8") }
        return Decoded(bytes: windows1252ToUTF8(data), encoding: "windows-1252")
    }

    /// The encoding a document claims (mark, HTTP charset, declaration, else
    /// UTF-8), without checking its bytes: for files read in pieces.
    static func claimedEncoding(_ head: [UInt8], contentType: String?) -> String {
        if let (encoding, _) = byteOrderMark(head) { return encoding }
        if let encoding = unmarkedWideEncoding(head) { return encoding }
        return normalizedName(charset(fromContentType: contentType) ?? declaredEncoding(head) ?? "utf-8")
    }

    static func normalizedName(_ name: String) -> String {
        switch name.lowercased() {
        case "utf8", "unicode-1-1-utf-8": return "utf-8"
        case "latin1", "latin-1", "iso8859-1", "iso_8859-1", "iso-8859-1", "l1", "us-ascii", "ascii", "cp1252":
            // Browsers read all of these as Windows-1252, a superset that only
            // differs in 0x80–0x9F, where ISO-8859-1 has unused control codes.
            return "windows-1252"
        default: return name.lowercased()
        }
    }

    private static func byteOrderMark(_ data: [UInt8]) -> (String, Int)? {
        if data.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("utf-32be", 4) }
        if data.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("utf-32le", 4) }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if data.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        if data.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        return nil
    }

    /// UTF-16/32 without a mark, recognised by how `<` is spread over bytes.
    private static func unmarkedWideEncoding(_ data: [UInt8]) -> String? {
        if data.starts(with: [0x00, 0x00, 0x00, 0x3C]) { return "utf-32be" }
        if data.starts(with: [0x3C, 0x00, 0x00, 0x00]) { return "utf-32le" }
        if data.starts(with: [0x00, 0x3C, 0x00, 0x3F]) || data.starts(with: [0x00, 0x3C, 0x00, 0x21]) { return "utf-16be" }
        if data.starts(with: [0x3C, 0x00, 0x3F, 0x00]) || data.starts(with: [0x3C, 0x00, 0x21, 0x00]) { return "utf-16le" }
        return nil
    }

    /// The `encoding` of `<?xml ... encoding="..."?>` in the first bytes.
    static func declaredEncoding(_ data: [UInt8]) -> String? {
        let head = data.prefix(512)
        guard let start = head.firstIndex(of: UInt8(ascii: "<")), head[start...].starts(with: Array("<?xml".utf8)),
              let end = head[start...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: head[start..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0 == "\t" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        let name = rest.prefix(while: { $0 != quote })
        return name.isEmpty ? nil : name.lowercased()
    }

    /// Strict conversion to UTF-8, or nil when the bytes are not valid in `encoding`.
    static func convert(_ data: [UInt8], from encoding: String) -> [UInt8]? {
        switch encoding {
        case "utf-8":
            return isValidUTF8(data) ? data : nil
        case "windows-1252":
            return windows1252ToUTF8(data)
        case "utf-16", "utf-16le", "utf-16be":
            guard data.count % 2 == 0 else { return nil }
            let bigEndian = encoding == "utf-16be"
            var units = [UInt16]()
            units.reserveCapacity(data.count / 2)
            var index = 0
            while index + 1 < data.count {
                let a = UInt16(data[index]), b = UInt16(data[index + 1])
                units.append(bigEndian ? a << 8 | b : b << 8 | a)
                index += 2
            }
            var output = [UInt8]()
            var iterator = units.makeIterator()
            var decoder = UTF16()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): appendUTF8(scalar.value, to: &output)
                case .emptyInput: break loop
                case .error: return nil
                }
            }
            return output
        default:
            return iconvToUTF8(data, from: encoding)
        }
    }

    /// UTF-8 with its bad bytes replaced, for documents read in pieces: the
    /// same repair as for a whole document, piece by piece.
    static func repairingUTF8(_ data: [UInt8]) -> [UInt8] {
        repairedUTF8(data).bytes
    }

    /// `replacingC1Controls(repairingUTF8(data))`, after one scan that says
    /// whether either has anything to do (for most pieces of a file: no).
    static func repairingUTF8AndC1Controls(_ data: [UInt8]) -> [UInt8] {
        let scan = data.withUnsafeBufferPointer(UTF8Scan.of)
        if scan.contains(.invalid) { return replacingC1Controls(repairingUTF8(data)) }
        if scan.contains(.c1Control) { return replacingC1Controls(data) }
        return data
    }

    /// Invalid UTF-8 repaired: a byte that stands alone becomes its
    /// Windows-1252 character, a sequence cut short (the longest start of a
    /// well-formed sequence, as Unicode counts it) one U+FFFD. Nil when the
    /// bytes hold no valid multi-byte sequence at all: then they are not
    /// UTF-8 with a few bad bytes but another encoding.
    static func repairingInvalidBytes(_ data: [UInt8]) -> [UInt8]? {
        var output = [UInt8]()
        output.reserveCapacity(data.count + 64)
        var sawMultiByte = false
        data.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            var copiedUpTo = 0
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let sequence = UTF8Scan.sequence(startingWith: lead)
                let length = sequence?.length ?? 0
                // How many bytes of the sequence are there: the maximal subpart.
                var valid = length > 0 ? 1 : 0
                while valid > 0, valid < length, index + valid < count {
                    let byte = bytes[index + valid]
                    guard valid == 1 ? sequence!.second.contains(byte) : (byte & 0xC0 == 0x80) else { break }
                    valid += 1
                }
                if length > 0, valid == length {
                    sawMultiByte = true
                    index += length
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<index]))
                if valid <= 1 {
                    appendUTF8(lead <= 0x9F ? windows1252High[Int(lead - 0x80)] : UInt32(lead), to: &output)
                    index += 1
                } else {
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD]) // U+FFFD
                    index += valid
                }
                copiedUpTo = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<count]))
        }
        return sawMultiByte ? output : nil
    }

    static func isValidUTF8(_ data: [UInt8]) -> Bool {
        !data.withUnsafeBufferPointer(UTF8Scan.of).contains(.invalid)
    }

    /// Windows-1252's 0x80–0x9F; other bytes are their Latin-1 code points.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8(_ data: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(data.count + data.count / 8)
        for byte in data {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            appendUTF8(value, to: &output)
        }
        return output
    }

    static func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        switch value {
        case ..<0x80:
            output.append(UInt8(value))
        case ..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// Any other encoding glibc knows (Big5, EUC-KR, KOI8-R, ISO-8859-2, ...).
    private static func iconvToUTF8(_ data: [UInt8], from encoding: String) -> [UInt8]? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = data
        var output = [UInt8](repeating: 0, count: data.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        output.removeSubrange(produced...)
        return isValidUTF8(output) ? output : nil
    }
}

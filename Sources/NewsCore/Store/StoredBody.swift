import CDeflate
import Foundation
import GRDB

/// How a post's body sits in `post_body.body`: its HTML as the feed sent it
/// and the text the word index holds for it (`SearchText`), deflated
/// together into one BLOB.
///
/// The text costs about 50 bytes a post: deflate finds nearly all of it in
/// the HTML just before it. Keeping it means that whatever needs the
/// index's words of a stored post (deleting or changing the post, snippets,
/// summaries) inflates them in microseconds instead of parsing the HTML
/// again: purging a 100,000-post feed no longer renders 100,000 bodies.
///
/// The BLOB: one byte for the form (0: the bytes as they are, 1: a zlib
/// stream), the HTML's and the text's UTF-8 lengths (4 little-endian bytes
/// each), then the HTML followed by the text, in that form.
enum StoredBody {
    static let headerLength = 9
    /// Bodies shorter than this are stored as they are: deflate cannot win much.
    static let minimumDeflatedLength = 96

    enum Form: UInt8 {
        case plain = 0
        case deflated = 1
    }

    /// The column value for a body and its search text.
    static func value(html: String, text: String, using deflater: Deflater) -> DatabaseValue {
        var html = html
        var text = text
        return html.withUTF8 { htmlBytes in
            text.withUTF8 { textBytes in
                deflater.storeBody(htmlBytes, textBytes).databaseValue
            }
        }
    }

    /// The HTML of a stored body, or nil for a value this build cannot read.
    static func html(_ value: DatabaseValue) -> String? {
        decode(value, html: true, text: false)?.html
    }

    /// The search text of a stored body, or nil for a value this build cannot read.
    static func text(_ value: DatabaseValue) -> String? {
        decode(value, html: false, text: true)?.text
    }

    /// The first `length` scalars of the search text (what SQLite's
    /// `substr(text, 1, length)` gives), without making the whole text a string.
    static func textPrefix(_ value: DatabaseValue, length: Int) -> String? {
        decode(value, html: false, text: false, textPrefix: length)?.text
    }

    /// Both parts of a stored body.
    static func parts(_ value: DatabaseValue) -> (html: String, text: String)? {
        guard let parts = decode(value, html: true, text: true) else { return nil }
        return (parts.html!, parts.text!)
    }

    /// The parts asked for, or nil when the value is not a body this build can read.
    private static func decode(_ value: DatabaseValue, html wantsHTML: Bool, text wantsText: Bool,
                               textPrefix: Int? = nil) -> (html: String?, text: String?)? {
        guard case .blob(let data) = value.storage, data.count >= headerLength else { return nil }
        return data.withUnsafeBytes { raw -> (html: String?, text: String?)? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let form = Form(rawValue: bytes[0]) else { return nil }
            let htmlLength = Int(littleEndian: bytes, at: 1)
            let textLength = Int(littleEndian: bytes, at: 5)
            let payload = UnsafeBufferPointer(rebasing: bytes[headerLength...])
            let total = htmlLength + textLength
            func strings(_ whole: UnsafeBufferPointer<UInt8>) -> (html: String?, text: String?) {
                var textEnd = total
                if let textPrefix {
                    // The end of the first `textPrefix` scalars: past that many lead bytes.
                    var scalars = 0
                    var index = htmlLength
                    while index < total {
                        if whole[index] & 0xC0 != 0x80 {
                            if scalars == textPrefix { break }
                            scalars += 1
                        }
                        index += 1
                    }
                    textEnd = index
                }
                return (wantsHTML ? String(decoding: UnsafeBufferPointer(rebasing: whole[0..<htmlLength]), as: UTF8.self) : nil,
                        wantsText || textPrefix != nil
                            ? String(decoding: UnsafeBufferPointer(rebasing: whole[htmlLength..<textEnd]), as: UTF8.self) : nil)
            }
            switch form {
            case .plain:
                guard payload.count == total else { return nil }
                return strings(payload)
            case .deflated:
                return Inflater.inflate(payload, length: total) { strings($0) }
            }
        }
    }
}

extension Int {
    /// Four little-endian bytes at `offset`.
    init(littleEndian bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        self = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }
}

/// zlib streams read back with libdeflate.
enum Inflater {
    /// Calls `body` with the `length` bytes `stream` inflates to; nil when it
    /// does not inflate to exactly that many (damage, or a length that deflate
    /// could not have produced from so few bytes).
    static func inflate<Result>(_ stream: UnsafeBufferPointer<UInt8>, length: Int,
                                _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard length <= stream.count * 1032 + 64, let input = stream.baseAddress else { return nil }
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(length, 1))
        defer { output.deallocate() }
        var actual = 0
        let status = libdeflate_zlib_decompress(decompressor, input, stream.count, output.baseAddress, length, &actual)
        guard status == LIBDEFLATE_SUCCESS, actual == length else { return nil }
        return body(UnsafeBufferPointer(rebasing: output[0..<length]))
    }
}

extension Deflater {
    /// A stored body (see `StoredBody`): the header, then `html` and `text`
    /// deflated as one stream, or as they are when that is not smaller.
    func storeBody(_ html: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Data {
        let total = html.count + text.count
        var header = [UInt8](repeating: 0, count: StoredBody.headerLength)
        for (offset, length) in [(1, html.count), (5, text.count)] {
            for byte in 0..<4 { header[offset + byte] = UInt8(truncatingIfNeeded: length >> (8 * byte)) }
        }
        // One buffer: deflate finds the text's words in the HTML before it.
        let joined = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(total, 1))
        defer { joined.deallocate() }
        if let base = html.baseAddress { joined.baseAddress!.initialize(from: base, count: html.count) }
        if let base = text.baseAddress { (joined.baseAddress! + html.count).initialize(from: base, count: text.count) }
        let input = UnsafeBufferPointer(rebasing: joined[0..<total])
        if total >= StoredBody.minimumDeflatedLength, total < Int(UInt32.max),
           let stream = compress(input) {
            header[0] = StoredBody.Form.deflated.rawValue
            var data = Data(header)
            data.append(stream)
            return data
        }
        header[0] = StoredBody.Form.plain.rawValue
        var data = Data(header)
        data.append(input)
        return data
    }
}

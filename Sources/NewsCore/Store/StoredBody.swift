import CDeflate
import Foundation
import GRDB
import NewsModel

/// How a post's body sits in `post_body.body`: its HTML as the feed sent it,
/// the text the word index holds for it (`SearchText`), and, in the forms
/// written since, the rest of the rendered article (`StoredLayout`: blocks,
/// styles, links, tables), deflated together into one BLOB.
///
/// The text costs about 50 bytes a post: deflate finds nearly all of it in
/// the HTML just before it. Keeping it means that whatever needs the
/// index's words of a stored post (deleting or changing the post, snippets,
/// summaries) inflates them in microseconds instead of parsing the HTML
/// again: purging a 100,000-post feed no longer renders 100,000 bodies.
/// Keeping the layout too means that reading a post back whole (an export,
/// the reader's article) needs no HTML parser either: the stored article is
/// exactly what rendering the HTML against the post's base URL gives.
///
/// The BLOB: one byte for the form (see `Form`), the HTML's and the text's
/// UTF-8 lengths (4 little-endian bytes each), in the rendered forms the
/// layout's length (4 more bytes), then the HTML, the text and the layout
/// one after another, in that form. Rows of the older forms (no layout)
/// stay as they are: their article is rendered from the HTML when read.
enum StoredBody {
    /// Bodies shorter than this are stored as they are: deflate cannot win much.
    static let minimumDeflatedLength = 96

    enum Form: UInt8 {
        /// HTML and text, as they are.
        case plain = 0
        /// HTML and text, a zlib stream.
        case deflated = 1
        /// HTML, text and layout, as they are.
        case renderedPlain = 2
        /// HTML, text and layout, a zlib stream.
        case renderedDeflated = 3

        var isDeflated: Bool { self == .deflated || self == .renderedDeflated }
        var hasLayout: Bool { self == .renderedPlain || self == .renderedDeflated }
        var headerLength: Int { hasLayout ? 13 : 9 }
    }

    /// The column value for a body and its search text, without a layout
    /// (for bodies whose base URL is not at hand: read, they are rendered again).
    static func value(html: String, text: String, using deflater: Deflater) -> DatabaseValue {
        var html = html
        var text = text
        return html.withUTF8 { htmlBytes in
            text.withUTF8 { textBytes in
                deflater.storeBody(htmlBytes, textBytes, layout: nil).databaseValue
            }
        }
    }

    /// The column value for a body and its article as rendered from it
    /// (`HTMLText.body(html, baseURL:)` with the post's base URL).
    static func value(html: String, body: ArticleBody, using deflater: Deflater) -> DatabaseValue {
        var html = html
        var text = body.text
        var layout: [UInt8] = []
        StoredLayout.encode(body, into: &layout)
        return html.withUTF8 { htmlBytes in
            text.withUTF8 { textBytes in
                layout.withUnsafeBufferPointer { layoutBytes in
                    deflater.storeBody(htmlBytes, textBytes, layout: layoutBytes).databaseValue
                }
            }
        }
    }

    /// The HTML of a stored body, or nil for a value this build cannot read.
    static func html(_ value: DatabaseValue) -> String? {
        withData(value) { decode($0, html: true, text: false)?.html }
    }

    /// The search text of a stored body, or nil for a value this build cannot read.
    static func text(_ value: DatabaseValue) -> String? {
        withData(value) { decode($0, html: false, text: true)?.text }
    }

    /// The first `length` scalars of the search text (what SQLite's
    /// `substr(text, 1, length)` gives), without making the whole text a string.
    static func textPrefix(_ value: DatabaseValue, length: Int) -> String? {
        withData(value) { decode($0, html: false, text: false, textPrefix: length)?.text }
    }

    /// Both parts of a stored body.
    static func parts(_ value: DatabaseValue) -> (html: String, text: String)? {
        guard let parts = withData(value, { decode($0, html: true, text: true) }) else { return nil }
        return (parts.html!, parts.text!)
    }

    /// What reading a post back needs of its stored body (`data`, the
    /// column's bytes; nil for NULL): its HTML when `html`, and its article
    /// when `article`, from the stored layout or else rendered from the
    /// HTML against `baseURL`. Nil for a value this build cannot read.
    static func article(_ data: Data?, html wantsHTML: Bool, article wantsArticle: Bool,
                        baseURL: String?) -> (html: String, body: ArticleBody)? {
        guard let data else { return nil }
        guard let parts = decode(data, html: wantsHTML, text: wantsArticle, layout: wantsArticle) else { return nil }
        guard wantsArticle else { return (parts.html ?? "", .empty) }
        if let body = parts.body { return (parts.html ?? "", body) }
        // No stored article (an older row, or a layout this build cannot read): rendered from the HTML.
        let html = parts.html ?? decode(data, html: true, text: false)?.html ?? ""
        return (wantsHTML ? html : "", HTMLText.body(html, baseURL: baseURL))
    }

    private static func withData<Result>(_ value: DatabaseValue, _ body: (Data) -> Result?) -> Result? {
        guard case .blob(let data) = value.storage else { return nil }
        return body(data)
    }

    /// The parts asked for, or nil when the value is not a body this build can read.
    /// `body` is the article when `layout` is asked for and the form has one.
    private static func decode(_ data: Data, html wantsHTML: Bool, text wantsText: Bool,
                               textPrefix: Int? = nil, layout wantsLayout: Bool = false)
        -> (html: String?, text: String?, body: ArticleBody?)? {
        guard let first = data.first, let form = Form(rawValue: first), data.count >= form.headerLength else { return nil }
        return data.withUnsafeBytes { raw -> (html: String?, text: String?, body: ArticleBody?)? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let htmlLength = Int(littleEndian: bytes, at: 1)
            let textLength = Int(littleEndian: bytes, at: 5)
            let layoutLength = form.hasLayout ? Int(littleEndian: bytes, at: 9) : 0
            let payload = UnsafeBufferPointer(rebasing: bytes[form.headerLength...])
            let textEnd = htmlLength + textLength
            let total = textEnd + layoutLength
            func strings(_ whole: UnsafeBufferPointer<UInt8>) -> (html: String?, text: String?, body: ArticleBody?) {
                var prefixEnd = textEnd
                if let textPrefix {
                    // The end of the first `textPrefix` scalars: past that many lead bytes.
                    var scalars = 0
                    var index = htmlLength
                    while index < textEnd {
                        if whole[index] & 0xC0 != 0x80 {
                            if scalars == textPrefix { break }
                            scalars += 1
                        }
                        index += 1
                    }
                    prefixEnd = index
                }
                let wantsTextString = wantsText || textPrefix != nil || (wantsLayout && form.hasLayout)
                let text = wantsTextString
                    ? String(decoding: UnsafeBufferPointer(rebasing: whole[htmlLength..<prefixEnd]), as: UTF8.self) : nil
                let body = wantsLayout && form.hasLayout
                    ? StoredLayout.decode(UnsafeBufferPointer(rebasing: whole[textEnd..<total]), text: text!) : nil
                return (wantsHTML ? String(decoding: UnsafeBufferPointer(rebasing: whole[0..<htmlLength]), as: UTF8.self) : nil,
                        text, body)
            }
            if form.isDeflated {
                return Inflater.inflate(payload, length: total) { strings($0) }
            }
            guard payload.count == total else { return nil }
            return strings(payload)
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
    /// A stored body (see `StoredBody`): the header, then `html`, `text`
    /// and `layout` (when given) deflated as one stream, or as they are when
    /// that is not smaller.
    func storeBody(_ html: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>,
                   layout: UnsafeBufferPointer<UInt8>?) -> Data {
        let layoutCount = layout?.count ?? 0
        let total = html.count + text.count + layoutCount
        let form: StoredBody.Form = layout == nil ? .plain : .renderedPlain
        var header = [UInt8](repeating: 0, count: form.headerLength)
        var lengths = [(1, html.count), (5, text.count)]
        if layout != nil { lengths.append((9, layoutCount)) }
        for (offset, length) in lengths {
            for byte in 0..<4 { header[offset + byte] = UInt8(truncatingIfNeeded: length >> (8 * byte)) }
        }
        // One buffer: deflate finds the text's words in the HTML before it.
        let joined = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(total, 1))
        defer { joined.deallocate() }
        var end = 0
        for part in [html, text, layout ?? UnsafeBufferPointer(start: nil, count: 0)] {
            if let base = part.baseAddress { (joined.baseAddress! + end).initialize(from: base, count: part.count) }
            end += part.count
        }
        let input = UnsafeBufferPointer(rebasing: joined[0..<total])
        if total >= StoredBody.minimumDeflatedLength, total < Int(UInt32.max),
           let stream = compress(input) {
            header[0] = (layout == nil ? StoredBody.Form.deflated : .renderedDeflated).rawValue
            var data = Data(header)
            data.append(stream)
            return data
        }
        header[0] = form.rawValue
        var data = Data(header)
        data.append(input)
        return data
    }
}

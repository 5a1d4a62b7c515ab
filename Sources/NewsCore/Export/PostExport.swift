import Foundation
import NewsModel

/// Posts written out again: RSS 2.0 that `import` reads back with nothing
/// lost (guid, title, link, author, date, HTML body), JSON, or Markdown.
public enum PostExport {
    public enum Format: String, CaseIterable, Sendable {
        case rss, json, markdown
    }

    /// The articles of `filter`, narrowed to `query` when given (newest
    /// first); their bodies rendered unless `rendering` is off (RSS needs none).
    public static func articles(_ database: AppDatabase, filter: PostFilter, query: SearchQuery?,
                                rendering: Bool = true) throws -> [Article] {
        var articles: [Article] = []
        try database.forEachArticle(filter: filter, query: query, rendering: rendering) { articles.append($0) }
        return articles
    }

    public static func render(_ articles: [Article], as format: Format, title: String) -> String {
        let sink = TextSink.inMemory()
        var writer = Writer(format: format, title: title, sink: sink)
        for article in articles { writer.write(article) }
        writer.finish()
        return sink.text
    }

    public static func rss(_ articles: [Article], title: String) -> String {
        render(articles, as: .rss, title: title)
    }

    public static func json(_ articles: [Article]) -> String {
        render(articles, as: .json, title: "")
    }

    public static func markdown(_ articles: [Article], title: String) -> String {
        render(articles, as: .markdown, title: title)
    }

    /// Writes an export one article at a time: the header first, each
    /// article as it is given, the end last.
    public struct Writer {
        let format: Format
        let sink: TextSink
        private var json: JSONArrayWriter?

        public init(format: Format, title: String, sink: TextSink) {
            self.format = format
            self.sink = sink
            switch format {
            case .rss:
                sink.write("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
                    <channel>
                    <title>\(xml(title))</title>
                    <description>\(xml(title))</description>

                    """)
            case .json:
                json = JSONArrayWriter(sink)
            case .markdown:
                sink.write("# \(MarkdownText.escaped(Substring(title), atLineStart: false))\n")
            }
        }

        public mutating func write(_ article: Article) {
            switch format {
            case .rss: sink.withBuffer { rss(article, into: &$0) }
            case .json: json!.append(jsonFields(article))
            case .markdown: sink.write(markdown(article))
            }
        }

        public func finish() {
            switch format {
            case .rss: sink.write("</channel>\n</rss>\n")
            case .json:
                json!.finish()
                sink.write("\n")
            case .markdown: break
            }
        }
    }

    // MARK: - RSS

    /// An `<item>`, appended to `out` as UTF-8.
    static func rss(_ article: Article, into out: inout [UInt8]) {
        let post = article.post
        /// `<name>text</name>` and a line end, the text as XML text.
        func element(_ name: String, _ text: String, attributes: String = "") {
            out.append(contentsOf: "<\(name)\(attributes)>".utf8)
            xml(text, into: &out)
            out.append(contentsOf: "</\(name)>\n".utf8)
        }
        out.append(contentsOf: "<item>\n".utf8)
        // Feed titles are read as HTML on import, so a literal `<` or `&` is escaped twice.
        element("title", HTMLEscaping.escape(post.title))
        if let link = post.link, !link.isEmpty { element("link", link) }
        element("guid", post.guid, attributes: " isPermaLink=\"false\"")
        if let published = post.published { out.append(contentsOf: "<pubDate>\(rfc822(published))</pubDate>\n".utf8) }
        if let author = post.author, !author.isEmpty { element("dc:creator", author) }
        out.append(contentsOf: "<content:encoded>".utf8)
        cdata(post.contentHTML, into: &out)
        out.append(contentsOf: "</content:encoded>\n</item>\n".utf8)
    }

    /// XML text: `& < > "` escaped, characters XML 1.0 cannot carry dropped,
    /// DEL, the C1 controls, separators and bidi overrides as character
    /// references (never raw on standard output; `import` reads them back
    /// as they were).
    static func xml(_ text: String) -> String {
        var out: [UInt8] = []
        xml(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `xml(text)`, appended to `out`.
    static func xml(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // bytes[copied..<index] are kept as they are, copied in one go when something is not.
            var copied = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x20 && byte < 0x7F && byte != 0x26 && byte != 0x3C && byte != 0x3E && byte != 0x22 {
                    index += 1
                    continue
                }
                let scalar = XMLScalar(bytes, at: index)
                let entity: String?
                switch byte {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                default: entity = nil
                }
                if scalar.kind == .keep && entity == nil {
                    index += scalar.length
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                if let entity {
                    out.append(contentsOf: entity.utf8)
                } else if scalar.kind == .reference {
                    appendReference(scalar.value, to: &out)
                }
                index += scalar.length
                copied = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
    }

    /// A CDATA section; `]]>` inside is split across two sections, and the
    /// characters `xml` writes as references (which CDATA cannot escape)
    /// stand between sections as references.
    static func cdata(_ text: String) -> String {
        var out: [UInt8] = []
        cdata(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `cdata(text)`, appended to `out`.
    static func cdata(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            out.append(contentsOf: "<![CDATA[".utf8)
            var copied = 0
            // How many `]` end the section so far (dropped characters leave it as it is).
            var brackets = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x20 && byte < 0x7F {
                    if byte == 0x3E && brackets >= 2 {
                        // `]]>` would end the section: end it after `]]`, the `>` starts the next one.
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                        out.append(contentsOf: "]]><![CDATA[".utf8)
                        copied = index
                    }
                    brackets = byte == 0x5D ? brackets + 1 : 0
                    index += 1
                    continue
                }
                let scalar = XMLScalar(bytes, at: index)
                switch scalar.kind {
                case .keep:
                    brackets = 0
                    index += scalar.length
                    continue
                case .drop:
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                case .reference:
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    out.append(contentsOf: "]]>".utf8)
                    appendReference(scalar.value, to: &out)
                    out.append(contentsOf: "<![CDATA[".utf8)
                    brackets = 0
                }
                index += scalar.length
                copied = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            out.append(contentsOf: "]]>".utf8)
        }
    }

    /// What XML output does with a character.
    enum XMLCharacter {
        case keep
        /// XML 1.0 cannot carry it.
        case drop
        /// CR, DEL and U+0080–U+009F, U+2028–U+202E and U+2066–U+2069: allowed
        /// by XML 1.0, acted on by terminals (a carriage return overwrites the
        /// line, C1 starts sequences, bidi controls reorder it). As references
        /// they also survive XML's line-end normalisation, which turns a raw CR into LF.
        case reference

        init(_ value: UInt32) {
            switch value {
            case 0x09, 0x0A: self = .keep
            case 0x0D: self = .reference
            case 0x00..<0x20, 0xFFFE, 0xFFFF: self = .drop
            case 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: self = .reference
            default: self = .keep
            }
        }
    }

    /// The scalar that starts at `index` of valid UTF-8: its value, its length in bytes, and what XML does with it.
    struct XMLScalar {
        var value: UInt32
        var length: Int
        var kind: XMLCharacter

        init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) {
            let lead = bytes[index]
            length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            length = min(length, bytes.count - index)
            value = length == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (length + 1))
            var offset = 1
            while offset < length {
                value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
                offset += 1
            }
            kind = XMLCharacter(value)
        }
    }

    private static func appendReference(_ value: UInt32, to out: inout [UInt8]) {
        out.append(contentsOf: ("&#x" + String(value, radix: 16, uppercase: true) + ";").utf8)
    }

    /// `Tue, 14 Dec 2021 09:30:00 +0000` (English names, as RFC 822 requires).
    static func rfc822(_ seconds: Int64) -> String {
        let date = UTCDate(seconds: seconds)
        let days = Int((seconds - Int64(date.hour * 3600 + date.minute * 60 + date.second)) / 86_400)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = UTCDate.englishMonthNames[date.month - 1].prefix(3)
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(pad(date.day)) \(month) \(date.year) \(pad(date.hour)):\(pad(date.minute)):\(pad(date.second)) +0000"
    }

    // MARK: - JSON and Markdown

    /// A post's JSON object, its keys sorted; absent values leave their key out.
    static func jsonFields(_ article: Article) -> [(key: String, value: JSONArrayWriter.Value)] {
        let post = article.post
        var fields: [(key: String, value: JSONArrayWriter.Value)] = []
        if let author = post.author { fields.append(("author", .string(author))) }
        fields.append(("feed", .string(article.feedTitle)))
        fields.append(("guid", .string(post.guid)))
        fields.append(("html", .string(post.contentHTML)))
        if let id = post.id { fields.append(("id", .integer(id))) }
        if let link = post.link { fields.append(("link", .string(link))) }
        if let month = post.month { fields.append(("month", .string(month))) }
        if let published = post.published { fields.append(("published", .string(UTCDate(seconds: published).iso8601))) }
        fields.append(("read", .bool(post.isRead)))
        fields.append(("starred", .bool(post.isStarred)))
        fields.append(("text", .string(article.text)))
        fields.append(("title", .string(post.title)))
        return fields
    }

    /// CommonMark: the export's title as `#`, each post's title (linked) as
    /// `##`, its feed, date and author in italics, then its body.
    static func markdown(_ article: Article) -> String {
        let post = article.post
        var out = ""
        let heading = MarkdownText.escaped(Substring(post.displayTitle), atLineStart: false)
        if let link = post.link, !link.isEmpty {
            out += "\n## [\(heading)](\(MarkdownText.destination(link)))\n\n"
        } else {
            out += "\n## \(heading)\n\n"
        }
        var meta = [article.feedTitle]
        if let published = post.published { meta.append(UTCDate(seconds: published).dayString) }
        if let author = post.author, !author.isEmpty { meta.append(author) }
        out += "*\(MarkdownText.escaped(Substring(meta.joined(separator: " · ")), atLineStart: false))*\n"
        let body = MarkdownText.body(article.body)
        if !body.isEmpty { out += "\n" + body + "\n" }
        return out
    }
}

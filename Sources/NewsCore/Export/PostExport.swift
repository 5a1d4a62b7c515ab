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
        let ids: [Int64]
        if let query {
            ids = try database.searchIDs(query, filter: filter, order: .date, limit: Int(Int32.max))
        } else {
            ids = try database.posts(filter, offset: 0, limit: Int(Int32.max)).map(\.id)
        }
        return try ids.compactMap { try database.article(id: $0, rendering: rendering) }
    }

    public static func render(_ articles: [Article], as format: Format, title: String) -> String {
        switch format {
        case .rss: return rss(articles, title: title)
        case .json: return json(articles)
        case .markdown: return markdown(articles, title: title)
        }
    }

    // MARK: - RSS

    public static func rss(_ articles: [Article], title: String) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>\(xml(title))</title>
            <description>\(xml(title))</description>

            """
        for article in articles {
            let post = article.post
            out += "<item>\n"
            // Feed titles are read as HTML on import, so a literal `<` or `&` is escaped twice.
            out += "<title>\(xml(HTMLEscaping.escape(post.title)))</title>\n"
            if let link = post.link, !link.isEmpty { out += "<link>\(xml(link))</link>\n" }
            out += "<guid isPermaLink=\"false\">\(xml(post.guid))</guid>\n"
            if let published = post.published { out += "<pubDate>\(rfc822(published))</pubDate>\n" }
            if let author = post.author, !author.isEmpty { out += "<dc:creator>\(xml(author))</dc:creator>\n" }
            out += "<content:encoded>\(cdata(post.contentHTML))</content:encoded>\n"
            out += "</item>\n"
        }
        return out + "</channel>\n</rss>\n"
    }

    /// XML text: `& < > "` escaped, characters XML 1.0 cannot carry dropped,
    /// DEL, the C1 controls, separators and bidi overrides as character
    /// references (never raw on standard output; `import` reads them back
    /// as they were).
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in HTMLEscaping.escape(text).unicodeScalars where isXMLCharacter(scalar) {
            if needsReference(scalar) {
                out += reference(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A CDATA section; `]]>` inside is split across two sections, and the
    /// characters `xml` writes as references (which CDATA cannot escape)
    /// stand between sections as references.
    static func cdata(_ text: String) -> String {
        var out = ""
        var section = String.UnicodeScalarView()
        func closeSection() {
            out += "<![CDATA[" + String(section).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
            section = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars where isXMLCharacter(scalar) {
            if needsReference(scalar) {
                closeSection()
                out += reference(scalar)
            } else {
                section.append(scalar)
            }
        }
        closeSection()
        return out
    }

    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF)
    }

    /// CR, DEL and U+0080–U+009F, U+2028–U+202E and U+2066–U+2069: allowed
    /// by XML 1.0, acted on by terminals (a carriage return overwrites the
    /// line, C1 starts sequences, bidi controls reorder it). As references
    /// they also survive XML's line-end normalisation, which turns a raw CR into LF.
    static func needsReference(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0D, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func reference(_ scalar: Unicode.Scalar) -> String {
        "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
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

    struct JSONPost: Encodable {
        var id: Int64?
        var guid: String
        var title: String
        var link: String?
        var author: String?
        var published: String?
        var month: String?
        var feed: String
        var read: Bool
        var starred: Bool
        var html: String
        var text: String
    }

    public static func json(_ articles: [Article]) -> String {
        let posts = articles.map { article in
            let post = article.post
            return JSONPost(id: post.id, guid: post.guid, title: post.title, link: post.link, author: post.author,
                            published: post.published.map { UTCDate(seconds: $0).iso8601 }, month: post.month,
                            feed: article.feedTitle, read: post.isRead, starred: post.isStarred,
                            html: post.contentHTML, text: article.text)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = JSONText.escapingControls((try? encoder.encode(posts)) ?? Data("[]".utf8))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// CommonMark: the export's title as `#`, each post's title (linked) as
    /// `##`, its feed, date and author in italics, then its body.
    public static func markdown(_ articles: [Article], title: String) -> String {
        var out = "# \(MarkdownText.escaped(Substring(title), atLineStart: false))\n"
        for article in articles {
            let post = article.post
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
        }
        return out
    }
}

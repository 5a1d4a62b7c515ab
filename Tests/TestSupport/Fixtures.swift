import Foundation
import NewsModel

/// A post as a test writes it: what a feed would deliver, in plain values.
/// The one post builder of the tests: NewsUI's tests turn it into the
/// values the reducer sees, the store's tests (StoreTestSupport) into an
/// `IncomingPost` saved as an import saves it.
public struct FixturePost: Hashable, Sendable {
    public var guid: String
    public var title: String
    public var published: Int64?
    /// The body's text; each line a paragraph (a line break in the HTML).
    public var text: String
    public var link: String?
    public var author: String?

    public init(_ guid: String, _ title: String, _ published: Int64?, _ text: String = "Brödtext.",
                link: String? = nil, author: String? = nil) {
        self.guid = guid
        self.title = title
        self.published = published
        self.text = text
        self.link = link ?? "https://example.se/\(guid)"
        self.author = author
    }

    /// The body as a feed would send it: one paragraph, its line breaks as `<br>`.
    public var html: String {
        "<p>" + HTMLEscaping.escape(text).replacingOccurrences(of: "\n", with: "<br>") + "</p>"
    }

    /// The body as the reader's HTML rendering makes it of `html`: each line
    /// of the text a paragraph (an empty line an empty one), no styles, no links.
    public var body: ArticleBody {
        var blocks: [ArticleBody.Block] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.utf8.count
            blocks.append(ArticleBody.Block(kind: .paragraph, range: offset..<(offset + length)))
            offset += length + 1
        }
        return ArticleBody(text: text, blocks: blocks)
    }
}

/// The posts the tests share.
public enum Fixtures {
    /// Seconds since 1970 for a UTC date, at noon unless an hour is given.
    public static func date(_ year: Int, _ month: Int, _ day: Int, hour: Int = 12, minute: Int = 0) -> Int64 {
        UTCDate(year: year, month: month, day: day, hour: hour, minute: minute).secondsSince1970
    }

    /// `2021-12-14` or `2021-12-14T09:30:00` (UTC, noon unless a time is given) as seconds since 1970.
    public static func seconds(_ text: String) -> Int64 {
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
        return date(parts[0], parts[1], parts[2], hour: parts.count > 3 ? parts[3] : 12, minute: parts.count > 4 ? parts[4] : 0)
    }

    /// The seed page's paragraphs, read from the shared folder beside the repository (`../shared`).
    public static func seedParagraphs() throws -> [String] {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let seed = repository.deletingLastPathComponent().appendingPathComponent("shared/seeds/000_9b8303dcd524b40a.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        return text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// The feed the shared posts come from.
    public static let feedTitle = "Exempelbloggen"
    public static let feedURL = "https://example.se/feed.xml"
    /// When the shared posts were stored (their `firstSeen`).
    public static let stored = date(2022, 3, 1)

    /// Ten posts in three months with Swedish, typographic quotes, CJK,
    /// emoji, combining marks, a very long title and one hostile title.
    public static let mixedPosts: [FixturePost] = [
        FixturePost("p1", "Hållbar upphandling i Göteborg", date(2022, 2, 8),
                    "Regionerna ställer krav på leverantörerna.\n\nUpphandlingen gäller år 2022."),
        FixturePost("p2", "“Citat” om återvinning och miljö", date(2022, 2, 1), "Text om återvinning."),
        FixturePost("p3", "東京の公共調達について", date(2022, 1, 25), "日本語の本文です。upphandling nämns här."),
        FixturePost("p4", "Emoji 🎉 fest för 🇸🇪 Sverige", date(2022, 1, 13), "Fest! 🎉"),
        FixturePost("p5", "Cafe\u{301} och cre\u{300}me brûlée", date(2021, 12, 20), "Kombinerande tecken."),
        FixturePost("p6", "En mycket lång rubrik som inte får plats på en rad i listan utan måste kapas med en ellips vid kanten",
                    date(2021, 12, 16), "Lång text."),
        FixturePost("p7", "Öppna data och ärlighet", date(2021, 12, 14), "Ärlig öppenhet."),
        FixturePost("p8", "Farlig \u{1B}[31mrubrik\u{1B}[0m med \u{202E}bidi", date(2021, 12, 8), "Escape."),
        FixturePost("p9", "Upphandlingsmyndigheten: nya råd", date(2021, 12, 3), "Råd om upphandling och hållbarhet."),
        FixturePost("p10", "Ändrade regler för ölförsäljning", date(2021, 12, 1), "Ölet."),
    ]

    /// `count` posts, one a day backwards from 2022-12-31: "Post number 0" is the newest.
    public static func numberedPosts(_ count: Int) -> [FixturePost] {
        let last = date(2022, 12, 31)
        return (0..<count).map { index in
            FixturePost("big\(index)", "Post number \(index)", last - Int64(index) * 86_400, "Body \(index)")
        }
    }
}

import Foundation
import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// Command-line output is written a post at a time (issue 16): the
/// streamed JSON is byte for byte what JSONEncoder wrote for the whole list,
/// and the streamed listings and matches are the posts, order and texts the
/// whole-list functions give.
@Suite("Streamed output")
struct StreamedOutputTests {
    /// Every ASCII character, the controls machine output escapes, and text
    /// from the rest of Unicode.
    static let nasty: String = {
        var text = ""
        for value in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        return text + "å\u{85}\u{90}\u{9D}\u{2028}\u{2029}\u{202A}\u{202E}\u{2066}\u{2069}\u{2030}東京🎉\"\\/"
    }()

    /// The old shape of a post in `list --json`, encoded by JSONEncoder.
    struct OldPostJSON: Encodable {
        var id: Int64
        var title: String
        var published: String?
        var link: String?
        var read: Bool

        enum CodingKeys: String, CodingKey { case id, title, published, link, read }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(published, forKey: .published)
            try container.encode(link, forKey: .link)
            try container.encode(read, forKey: .read)
        }
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: JSONText.escapingControls(try encoder.encode(value)), as: UTF8.self)
    }

    static func streamed(_ posts: [OldPostJSON]) -> String {
        let sink = TextSink.inMemory()
        var writer = JSONArrayWriter(sink)
        for post in posts {
            writer.append([("id", .integer(post.id)), ("link", .init(post.link)), ("published", .init(post.published)),
                           ("read", .bool(post.read)), ("title", .string(post.title))])
        }
        writer.finish()
        return sink.text
    }

    @Test("a JSON array written an object at a time is JSONEncoder's, escaped controls and all")
    func jsonBytes() throws {
        let posts = [
            OldPostJSON(id: 1, title: Self.nasty, published: "2021-12-14T09:30:00Z", link: nil, read: true),
            OldPostJSON(id: -42, title: "", published: nil, link: "https://example.se/a/b?c=1&d=\"2\"", read: false),
            OldPostJSON(id: Int64.max, title: "Hållbar “upphandling”", published: nil, link: Self.nasty, read: false),
        ]
        #expect(Self.streamed(posts) == (try Self.encoded(posts)))
        #expect(Self.streamed([posts[0]]) == (try Self.encoded([posts[0]])))
        #expect(Self.streamed([]) == (try Self.encoded([OldPostJSON]())), "an empty list is `[`, an empty line, `]`")
    }

    /// The old JSON export's post: synthesized encoding leaves absent values out.
    struct OldExportJSON: Encodable {
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

    @Test("the streamed JSON export is what encoding every article at once gave")
    func exportBytes() throws {
        var articles = [MachineOutputTests.article()]
        let plain = Post(feedId: 1, guid: Self.nasty, title: "Utan datum", contentHTML: "<p>Text \(Self.nasty)</p>", firstSeen: 0)
        articles.append(Article(post: plain, feedTitle: "Flöde"))
        let old = articles.map { article in
            let post = article.post
            return OldExportJSON(id: post.id, guid: post.guid, title: post.title, link: post.link, author: post.author,
                                 published: post.published.map { UTCDate(seconds: $0).iso8601 }, month: post.month,
                                 feed: article.feedTitle, read: post.isRead, starred: post.isStarred,
                                 html: post.contentHTML, text: article.text)
        }
        #expect(PostExport.json(articles) == (try Self.encoded(old)) + "\n")
        #expect(PostExport.json([]) == "[\n\n]\n")
    }

    /// The export's XML escaping as it was written first, a scalar at a time.
    enum ReferenceXML {
        static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF)
        }

        static func needsReference(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0D, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: return true
            default: return false
            }
        }

        static func reference(_ scalar: Unicode.Scalar) -> String {
            "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
        }

        static func xml(_ text: String) -> String {
            var out = ""
            for scalar in HTMLEscaping.escape(text).unicodeScalars where isXMLCharacter(scalar) {
                if needsReference(scalar) { out += reference(scalar) } else { out.unicodeScalars.append(scalar) }
            }
            return out
        }

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
    }

    @Test("XML text and CDATA escaped on UTF-8 bytes are what the scalar-by-scalar code gave")
    func xmlOnBytes() {
        let pieces = ["]]>", "]", "]]", ">", "&", "<", "\"", "\u{0}", "\u{1}", "\r", "\n", "\t", "\u{7F}", "\u{85}", "\u{9F}",
                      "\u{A0}", "\u{2028}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "å",
                      "東京", "🎉", "e\u{301}", "text ", "a]]", "]>b"]
        var state: UInt64 = 16
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var samples = ["", Self.nasty, "]]]]>", "]]\u{1}>", "\u{90}]]>\u{90}", "]\u{FFFE}]>", "]]\t>", "]]é>", "]]\r]>", "&\u{0}<"]
        for _ in 0..<2_000 {
            samples.append((0..<(1 + next(12))).map { _ in pieces[next(pieces.count)] }.joined())
        }
        for sample in samples {
            #expect(PostExport.xml(sample) == ReferenceXML.xml(sample), "\(sample.debugDescription)")
            #expect(PostExport.cdata(sample) == ReferenceXML.cdata(sample), "\(sample.debugDescription)")
        }
    }

    /// Markdown's inline escaping as it was written first, a character at a time.
    static func referenceMarkdownEscaped(_ raw: Substring, atLineStart: Bool) -> String {
        let cleaned = TerminalSafe.clean(String(raw), keepNewlines: true)
        let text = cleaned[...]
        var out = ""
        var lineStart = atLineStart
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">":
                out += "\\"
                out.append(character)
            case "&":
                if next < text.endIndex, text[next].isLetter || text[next] == "#" { out += "\\" }
                out.append(character)
            default:
                if lineStart, "#+-=~|".contains(character) {
                    out += "\\"
                    out.append(character)
                } else if lineStart, character.isASCII, character.isNumber {
                    var end = index
                    while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
                    out += text[index..<end]
                    if end < text.endIndex, text[end] == "." || text[end] == ")" {
                        out += "\\"
                        out.append(text[end])
                        end = text.index(after: end)
                    }
                    index = end
                    lineStart = false
                    continue
                } else {
                    out.append(character)
                }
            }
            lineStart = false
            index = next
        }
        return out
    }

    @Test("Markdown escaping that copies plain runs whole is what escaping a character at a time gave")
    func markdownEscapingInRuns() {
        let pieces = ["*", "**", "_", "`", "[", "]", "<", ">", "\\", "&", "&amp;", "&#", "& ", "#", "-", "1.", "12)", "3",
                      "text ", "hållbar", "東京", "🎉", "🇸🇪", "e\u{301}", "*\u{301}", "\u{301}", "&\u{301}x", "\u{0600}*",
                      "\u{0600}", "\u{200D}*", "👩\u{200D}💻", "\r\n", "\r", "\n", "\t", "\u{1B}", "\u{9D}", "\u{202E}", " ",
                      "\u{2013}", "\u{FEFF}", "\u{200B}", "\u{2028}", "\u{2069}", "\u{FFFA}", "\u{FFFD}", "\u{A0}", "\u{7F}"]
        var state: UInt64 = 1_616
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var samples = ["", "plain", "*", "a*", "é*", "\u{0600}*b", "x\u{301}*", "東*京", "&x", "é&x"]
        for _ in 0..<3_000 {
            samples.append((0..<(1 + next(14))).map { _ in pieces[next(pieces.count)] }.joined())
        }
        for sample in samples {
            for atLineStart in [false, true] {
                #expect(MarkdownText.escaped(sample[...], atLineStart: atLineStart)
                            == Self.referenceMarkdownEscaped(sample[...], atLineStart: atLineStart),
                        "\(sample.debugDescription) \(atLineStart)")
            }
        }
    }

    @Test("the byte scan for what the terminal cleaner changes agrees with the scalar test, scalar by scalar")
    func terminalSafeByteScan() {
        // Every scalar of the blocks that hold the ones needing attention
        // (C0, C1, U+2000–U+20FF, U+FE00–U+FFFF) and a spread of the rest,
        // each alone and between letters.
        let values = Array(UInt32(0)..<0x300) + Array(UInt32(0x2000)..<0x2100) + Array(UInt32(0xFE00)..<0x10000)
            + stride(from: UInt32(0x300), to: 0x110000, by: 997)
        let scalars = values.compactMap { Unicode.Scalar($0) }
        for scalar in scalars {
            for text in [String(scalar), "a" + String(scalar) + "b", "å" + String(scalar)] {
                for keep in [false, true] {
                    let expected = text.unicodeScalars.contains { TerminalSafe.needsAttention($0) && !(keep && $0 == "\n") }
                    var copy = text
                    let scanned = copy.withUTF8 { TerminalSafe.needsAttention($0, keepingNewlines: keep) }
                    #expect(scanned == expected, "U+\(String(scalar.value, radix: 16)) keep \(keep)")
                }
            }
        }
    }

    @Test("summaries and collapsed whitespace worked out on bytes are what splitting the characters gave")
    func summariesOnBytes() {
        func referenceCollapsed(_ text: String) -> String {
            text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        func referenceSummary(_ text: String, length: Int) -> String {
            let line = referenceCollapsed(text)
            guard line.count > length else { return line }
            var cut = String(line.prefix(length - 1))
            if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > length / 2 {
                cut = String(cut[..<space])
            }
            return cut + "…"
        }
        let pieces = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}",
                      "hållbar", "upphandling", "ÅÄÖ", "a", "x\u{301}", " \u{301}", "\u{301}", "e\u{301} ", "🇸🇪", "👩‍💻",
                      "東京", "\u{0600} ", "ǅ", "\u{2FF}", "\u{1}", "ord."]
        var state: UInt64 = 200
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<3_000 {
            let text = (0..<(1 + next(40))).map { _ in pieces[next(pieces.count)] }.joined()
            let length = [5, 20, 80, 200][next(4)]
            #expect(PlainText.collapsingWhitespace(text) == referenceCollapsed(text), "\(text.debugDescription)")
            #expect(PlainText.summary(text, length: length) == referenceSummary(text, length: length),
                    "\(text.debugDescription) \(length)")
        }
    }

    static func store() throws -> AppDatabase {
        // More than a ranking window of posts with the word, a few without.
        let count = SearchPlan.rankingWindow + 150
        return try FixtureStore.inMemory((0..<count).map { index in
            FixturePost("s\(index)", index % 7 == 0 ? "Fönster i titeln \(index)" : "Inlägg \(index)",
                        Fixtures.seconds(index % 2 == 0 ? "2021-12-0\(1 + index % 9)" : "2022-01-1\(index % 10)"),
                        index % 50 == 49 ? "Inget här \(index)." : "Ett fönster och fönsterkarmar nummer \(index).")
        })
    }

    @Test("a streamed listing is the list, newest first, with each post's summary")
    func listing() throws {
        let database = try Self.store()
        for selection in [PostSelection(), PostSelection(month: "2021-12"), PostSelection(unreadOnly: true)] {
            var listed: [ListedPost] = []
            try database.forEachPost(selection, limit: 500, text: .summary(length: 200)) { listed.append($0) }
            let expected = try database.posts(selection, limit: 500)
            #expect(listed.map(\.post) == expected)
            let summaries = try database.summaries(ids: expected.map(\.id))
            #expect(listed.map { $0.text ?? "" } == expected.map { summaries[$0.id] ?? "" })
            #expect(try database.largestID(selection, limit: 500) == expected.map(\.id).max())
        }
    }

    @Test("streamed matches come in the search's order, each with the snippet the one-statement snippets give")
    func matches() throws {
        let database = try Self.store()
        for text in ["fönster", "karmar", "fönster -inget", "titeln", "month:2021-12"] {
            let query = SearchQuery(text)
            for order in SearchOrder.allCases {
                for limit in [5, 1_000, 10_000] {
                    var hits: [ListedPost] = []
                    try database.forEachMatch(query, order: order, limit: limit,
                                              text: .snippet(open: "[", close: "]", words: 8)) { hits.append($0) }
                    let expected = try database.search(query, order: order, limit: limit)
                    #expect(hits.map(\.post) == expected, "\(text) \(order) \(limit)")
                    let snippets = try database.snippets(query, postIDs: expected.map(\.id), open: "[", close: "]", words: 8)
                    #expect(hits.map(\.text) == expected.map { snippets[$0.id] }, "\(text) \(order) \(limit)")
                    var summarized: [ListedPost] = []
                    try database.forEachMatch(query, order: order, limit: limit, text: .summary(length: 30)) {
                        summarized.append($0)
                    }
                    #expect(summarized.map(\.post) == expected)
                    #expect(summarized.allSatisfy { ($0.text?.count ?? 0) <= 30 })
                }
            }
            let all = try database.searchIDs(query, limit: 100_000)
            #expect(try database.largestMatchingID(query) == all.max())
        }
    }

    @Test("a streamed export holds the articles the whole export held, bodies rendered")
    func articles() throws {
        let database = try Self.store()
        for (filter, query) in [(PostFilter.all, nil), (.month("2022-01"), nil), (.all, SearchQuery("karmar")),
                                (.month("2021-12"), SearchQuery("titeln"))] as [(PostFilter, SearchQuery?)] {
            var streamed: [Article] = []
            try database.forEachArticle(filter: filter, query: query) { streamed.append($0) }
            let ids = try query.map { try database.searchIDs($0, filter: filter, order: .date, limit: 100_000) }
                ?? database.posts(filter, limit: 100_000).map(\.id)
            #expect(streamed.map(\.post.id) == ids)
            #expect(streamed == (try ids.compactMap { try database.article(id: $0) }))
            let titles = Set(streamed.map(\.feedTitle))
            #expect(try database.feedTitles(filter: filter, query: query, limit: 2) == titles)
        }
    }
}

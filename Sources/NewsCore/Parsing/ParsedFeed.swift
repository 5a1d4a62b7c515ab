/// A feed as the parser read it, before it becomes store rows.
public struct ParsedFeed: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable {
        case rss, atom, rdf
    }

    public var format: Format
    /// Plain text; empty when the feed has none.
    public var title: String
    /// The site the feed belongs to, resolved to an absolute URL where possible.
    public var link: String?
    public var entries: [ParsedEntry]

    public init(format: Format, title: String = "", link: String? = nil, entries: [ParsedEntry] = []) {
        self.format = format
        self.title = title
        self.link = link
        self.entries = entries
    }
}

/// One item or entry as the feed wrote it.
public struct ParsedEntry: Hashable, Sendable {
    /// `guid` (RSS), `id` (Atom) or `rdf:about` (RSS 1.0), as written.
    public var id: String?
    /// Plain text.
    public var title: String?
    public var link: String?
    public var author: String?
    /// The publication date as written, and parsed; `updated` is the fallback.
    public var publishedText: String?
    public var published: Int64?
    public var updatedText: String?
    public var updated: Int64?
    /// The short body (`description`, `summary`), as HTML.
    public var summaryHTML: String?
    /// The full body (`content:encoded`, Atom `content`), as HTML.
    public var contentHTML: String?
    /// The base URL relative links in the bodies resolve against.
    public var baseURL: String?

    public init() {}

    /// The richest body: full content over summary.
    public var bodyHTML: String { contentHTML ?? summaryHTML ?? "" }

    /// The date to file the post under: publication, else last update.
    public var date: Int64? { published ?? updated }

    /// Identity within the feed: guid, else link, else a hash of title and date,
    /// so that re-importing the same feed finds the same posts.
    public var identity: String {
        if let id, !id.isEmpty { return id }
        if let link, !link.isEmpty { return link }
        let key = (title ?? "") + "\u{1F}" + (publishedText ?? updatedText ?? "") + "\u{1F}"
            + (title == nil && publishedText == nil ? bodyHTML : "")
        return "hash:" + StableHash.hex(key)
    }
}

/// FNV-1a, 64 bits: stable across runs and platforms, unlike `Hasher`.
enum StableHash {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

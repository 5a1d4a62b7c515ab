import Foundation
import NewsCore
import NewsModel

/// The JSON shape of a post in `list` and `search`: a contract for scripts.
struct PostJSON: Encodable {
    var summary: PostSummary
    /// The first characters of the post's text.
    var text: String

    enum CodingKeys: String, CodingKey {
        case id, title, published, month, feed, link, summary, read, starred
        case feedID = "feed_id"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(summary.id, forKey: .id)
        try container.encode(summary.title, forKey: .title)
        // Missing values are null rather than absent, so every object has every key.
        try container.encode(summary.published.map { UTCDate(seconds: $0).iso8601 }, forKey: .published)
        try container.encode(summary.month, forKey: .month)
        try container.encode(summary.feed, forKey: .feed)
        try container.encode(summary.feedId, forKey: .feedID)
        try container.encode(summary.isRead, forKey: .read)
        try container.encode(summary.isStarred, forKey: .starred)
        try container.encode(summary.link, forKey: .link)
        try container.encode(PlainText.summary(text), forKey: .summary)
    }
}

struct MonthJSON: Encodable {
    var month: String?
    var count: Int
}

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Control characters from feeds as \u escapes, never raw on standard output.
        let data = JSONText.escapingControls(try encoder.encode(value))
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

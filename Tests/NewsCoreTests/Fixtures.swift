import Foundation
@testable import NewsCore
import NewsModel

/// Builds small stores for tests.
enum Fixtures {
    static let feed = Feed(url: "https://example.org/feed.xml", title: "Exempelflödet", link: "https://example.org/")

    static func post(_ guid: String, _ title: String, _ date: String?, text: String = "Brödtext.") -> IncomingPost {
        IncomingPost(guid: guid, title: title, link: "https://example.org/\(guid)", published: date.map(seconds),
                     contentHTML: "<p>\(HTMLEscaping.escape(text))</p>")
    }

    /// `2021-12-14` or `2021-12-14T09:30:00` (UTC) as seconds since 1970.
    static func seconds(_ text: String) -> Int64 {
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
        return UTCDate(year: parts[0], month: parts[1], day: parts[2],
                       hour: parts.count > 3 ? parts[3] : 12, minute: parts.count > 4 ? parts[4] : 0).secondsSince1970
    }

    static func store(_ posts: [IncomingPost]) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: feed, posts: posts)
        return database
    }

    /// The seed page's paragraphs, read from the shared folder beside the repository.
    static func seedParagraphs() throws -> [String] {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let seed = repository.deletingLastPathComponent().appendingPathComponent("shared/seeds/000_9b8303dcd524b40a.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        return text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

import GRDB
import NewsModel
import XCTest
@testable import NewsCore

final class FeedImportTests: XCTestCase {
    /// A deterministic RSS feed of `count` posts.
    static func feed(count: Int, titlePrefix: String = "Inlägg") -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Testflöde</title>\n"
        for index in 0..<count {
            text += "<item><title>\(titlePrefix) \(index)</title><guid>post-\(index)</guid>"
                + "<pubDate>Tue, 14 Dec 2021 09:\(String(format: "%02d", index % 60)):00 GMT</pubDate>"
                + "<description>&lt;p&gt;Text om upphandling nummer \(index).&lt;/p&gt;</description></item>\n"
        }
        return text + "</channel></rss>\n"
    }

    private func postCount(_ database: AppDatabase) throws -> Int {
        try database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post")! }
    }

    private func snapshot(_ database: AppDatabase) throws -> [Row] {
        try database.writer.read { try Row.fetchAll($0, sql: "SELECT * FROM post JOIN post_body USING (id) ORDER BY id") }
    }

    func testImportingTheSame10000PostFeedTwiceLeaves10000Posts() throws {
        let database = try AppDatabase.inMemory()
        let bytes = Array(Self.feed(count: 10_000).utf8)
        let first = try database.importFeed(FeedParser(data: bytes), into: Feed(title: "fil"))
        XCTAssertEqual(first.counts, ImportCounts(new: 10_000))
        XCTAssertEqual(first.feedTitle, "Testflöde")
        let second = try database.importFeed(FeedParser(data: bytes), into: Feed(title: "fil"))
        XCTAssertEqual(second.counts, ImportCounts(unchanged: 10_000))
        XCTAssertEqual(try postCount(database), 10_000)
        // The search index follows.
        XCTAssertEqual(try database.writer.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post_fts WHERE post_fts MATCH 'upphandling'")
        }, 10_000)
    }

    func testATruncatedFeedIsRejectedAndTheStoreIsUnchanged() throws {
        let database = try AppDatabase.inMemory()
        try database.importFeed(FeedParser(data: Array(Self.feed(count: 100).utf8)), into: Feed(title: "fil"))
        let before = try snapshot(database)
        let full = Array(Self.feed(count: 10_000, titlePrefix: "Ändrat").utf8)
        let truncated = Array(full.prefix(full.count * 2 / 3))
        for treeLimit in [0, 1 << 30] {
            var parser = FeedParser(data: truncated)
            parser.treeLimit = treeLimit
            XCTAssertThrowsError(try database.importFeed(parser, into: Feed(title: "fil"))) { error in
                XCTAssertNotNil((error as? FeedParseError)?.line)
            }
            XCTAssertEqual(try snapshot(database), before)
        }
    }

    func testAChangedPostIsUpdatedAndKeepsItsFlags() throws {
        let database = try AppDatabase.inMemory()
        try database.importFeed(FeedParser(data: Array(Self.feed(count: 3).utf8)), into: Feed(title: "fil"))
        let id = try database.writer.read { try Int64.fetchOne($0, sql: "SELECT id FROM post WHERE guid = 'post-1'")! }
        try database.setRead(true, postID: id)
        try database.setStarred(true, postID: id)
        let changed = Self.feed(count: 3).replacingOccurrences(of: "nummer 1.", with: "nummer ett.")
        let result = try database.importFeed(FeedParser(data: Array(changed.utf8)), into: Feed(title: "fil"))
        XCTAssertEqual(result.counts, ImportCounts(new: 0, updated: 1, unchanged: 2))
        let post = try database.writer.read { try Post.fetchOne($0, key: id)! }
        XCTAssertEqual(post.text, "Text om upphandling nummer ett.")
        XCTAssertTrue(post.isRead)
        XCTAssertTrue(post.isStarred)
    }

    func testTheSameGuidTwiceInOneDocumentIsOnePost() throws {
        let database = try AppDatabase.inMemory()
        let text = """
            <rss><channel><title>t</title>
            <item><title>Första versionen</title><guid>same</guid></item>
            <item><title>Andra versionen</title><guid>same</guid></item>
            <item><title>Annan</title><guid>other</guid></item>
            </channel></rss>
            """
        let result = try database.importFeed(FeedParser(data: Array(text.utf8)), into: Feed(title: "t"))
        XCTAssertEqual(result.counts, ImportCounts(new: 2, updated: 1, unchanged: 0))
        let titles = try database.writer.read { try String.fetchAll($0, sql: "SELECT title FROM post ORDER BY id") }
        XCTAssertEqual(titles, ["Andra versionen", "Annan"])
    }

    func testUndatedPostsKeepFirstSeenAndNoMonth() throws {
        let database = try AppDatabase.inMemory()
        let text = "<rss><channel><title>t</title><item><title>Odaterad</title><guid>u</guid></item></channel></rss>"
        try database.importFeed(FeedParser(data: Array(text.utf8)), into: Feed(title: "t"), now: 1_700_000_000)
        let post = try database.writer.read { try Post.fetchOne($0)! }
        XCTAssertNil(post.published)
        XCTAssertNil(post.month)
        XCTAssertEqual(post.firstSeen, 1_700_000_000)
    }

    /// Resources/sample-feed.rss is the bundled sample as RSS: parsing it gives
    /// the embedded posts.
    func testTheSampleFileParsesToTheEmbeddedSample() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/sample-feed.rss")
        let feed = try FeedParser(data: Data(contentsOf: file)).parse()
        XCTAssertEqual(feed.title, AppDatabase.sampleFeed.title)
        let parsed = feed.entries.map(IncomingPost.init)
        let embedded = AppDatabase.samplePosts
        XCTAssertEqual(parsed.count, embedded.count)
        for (ours, theirs) in zip(parsed, embedded) {
            XCTAssertEqual(ours.guid, theirs.guid)
            XCTAssertEqual(ours.title, theirs.title)
            XCTAssertEqual(ours.published, theirs.published)
            XCTAssertEqual(ours.link, theirs.link)
            XCTAssertEqual(ours.searchText, theirs.searchText)
        }
    }
}

import Foundation
import GRDB
import NewsModel
import Testing
@testable import NewsCore

/// Issue 11: a feed imported from a file is known by where it came from,
/// never by its channel's title (two sites' "News" replaced each other's posts).
@Suite("Feeds known by their source")
struct FeedIdentityTests {
    static func document(site: String, guid: String, title: String) -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>News</title><link>\(site)</link>
            <item><guid>\(guid)</guid><title>\(title)</title><description>Text från \(site)</description></item>
            </channel></rss>
            """.utf8)
    }

    func rows(_ database: AppDatabase) throws -> [Row] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT feed.title AS feed, feed.link, feed.source, post.guid, post.title FROM post
                JOIN feed ON feed.id = post.feedId ORDER BY post.id
                """)
        }
    }

    @Test("two files whose channels share a title stay two feeds, with their posts")
    func sameTitleTwoFiles() throws {
        let database = try AppDatabase.inMemory()
        let first = try database.importFeed(FeedParser(data: Self.document(site: "https://a.example/", guid: "1", title: "Från A")),
                                            into: Feed(title: "a", source: "/feeds/a.xml"))
        #expect(first.counts == ImportCounts(new: 1))
        let second = try database.importFeed(FeedParser(data: Self.document(site: "https://b.example/", guid: "1", title: "Från B")),
                                             into: Feed(title: "b", source: "/feeds/b.xml"))
        #expect(second.counts == ImportCounts(new: 1), "the second site's post is new, not an update of the first")
        let stored = try rows(database)
        #expect(stored.map { $0["title"] as String } == ["Från A", "Från B"])
        #expect(stored.map { $0["link"] as String } == ["https://a.example/", "https://b.example/"])
        #expect(stored.map { $0["source"] as String } == ["/feeds/a.xml", "/feeds/b.xml"])
        // The same file again: nothing new, nothing replaced.
        let again = try database.importFeed(FeedParser(data: Self.document(site: "https://a.example/", guid: "1", title: "Från A")),
                                            into: Feed(title: "a", source: "/feeds/a.xml"))
        #expect(again.counts == ImportCounts(unchanged: 1))
        #expect(try rows(database).count == 2)
    }

    @Test("standard input is a source of its own, per channel site")
    func standardInput() throws {
        let database = try AppDatabase.inMemory()
        for site in ["https://a.example/", "https://b.example/", "https://a.example/"] {
            try database.importFeed(FeedParser(data: Self.document(site: site, guid: "1", title: "Från \(site)")),
                                    into: Feed(title: "standard input", source: Feed.standardInputSource))
        }
        let stored = try rows(database)
        #expect(stored.count == 2)
        #expect(Set(stored.map { $0["source"] as String }) == ["stdin:https://a.example/", "stdin:https://b.example/"])
    }

    @Test("a store from before sources keeps its imported feeds: same title and site are taken over, another site is not")
    func legacyFeedsAreAdoptedOnlyBySameSite() throws {
        let database = try AppDatabase.inMemory()
        // As an older newsreader stored it: no source, known by title.
        try database.save(feed: Feed(title: "News", link: "https://a.example/"), posts: [
            IncomingPost(guid: "1", title: "Från A", contentHTML: "<p>Text från https://a.example/</p>"),
        ])
        let otherSite = try database.importFeed(
            FeedParser(data: Self.document(site: "https://b.example/", guid: "1", title: "Från B")),
            into: Feed(title: "b", source: "/feeds/b.xml"))
        #expect(otherSite.counts == ImportCounts(new: 1))
        let sameSite = try database.importFeed(
            FeedParser(data: Self.document(site: "https://a.example/", guid: "1", title: "Från A")),
            into: Feed(title: "a", source: "/feeds/a.xml"))
        #expect(sameSite.counts.new == 0, "the old feed is recognised by its title and site")
        let stored = try rows(database)
        #expect(stored.map { $0["title"] as String } == ["Från A", "Från B"])
        #expect(stored.map { $0["source"] as String? } == ["/feeds/a.xml", "/feeds/b.xml"])
    }

    @Test("the migration adds the source to a store of the previous schema, whose feeds keep their posts")
    func migration() throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.configuration())
        try AppDatabase.migrator.migrate(queue, upTo: "v5-compact-bodies")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO feed(title, link) VALUES ('News', 'https://a.example/')")
            try db.execute(sql: """
                INSERT INTO post(feedId, guid, title, html, isRead, isStarred, firstSeen) VALUES (1, '1', 'Från A', '<p>x</p>', 1, 0, 0)
                """)
            try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES ('rebuild')")
        }
        let database = try AppDatabase(queue)
        let result = try database.importFeed(
            FeedParser(data: Self.document(site: "https://a.example/", guid: "1", title: "Från A")),
            into: Feed(title: "a", source: "/feeds/a.xml"))
        #expect(result.counts.new == 0)
        #expect(try rows(database).count == 1)
        #expect(try database.posts(limit: 10).first?.isRead == true, "the post kept its flag")
    }
}

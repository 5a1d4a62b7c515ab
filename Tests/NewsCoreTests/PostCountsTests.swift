import Foundation
import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// `post_count` (see `PostCounts`): made from the posts of an older store,
/// then kept true by its triggers through every way posts change.
@Suite("Post counts")
struct PostCountsTests {
    static let news = Feed(url: "https://example.se/nyheter.xml", title: "Nyheter")
    static let blog = Feed(url: "https://example.se/blogg.xml", title: "Blogg")
    static let other = Feed(url: "https://example.se/annat.xml", title: "Annat")

    static func post(_ guid: String, _ date: String?) -> IncomingPost {
        IncomingPost(FixturePost(guid, "Inlägg \(guid)", date.map(Fixtures.seconds), "Text om \(guid)."))
    }

    /// The counts as the table and the posts past its mark make them, rows that fell to zero left out.
    static func table(_ database: AppDatabase) throws -> [[Int64?]] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                WITH counts AS (\(PostCounts.currentSQL))
                SELECT feedId, NULLIF(month, ''), SUM(total), SUM(unread), SUM(starred) FROM counts
                GROUP BY feedId, month HAVING SUM(total) > 0 ORDER BY 1, 2
                """).map(Self.values)
        }
    }

    /// Whether every post is in the table itself (a writer caught up).
    static func caughtUp(_ database: AppDatabase) throws -> Bool {
        try database.writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT upTo = (SELECT COALESCE(MAX(id), 0) FROM post) FROM post_count_mark") ?? false
        }
    }

    /// The same counts, counted from the posts themselves.
    static func counted(_ database: AppDatabase) throws -> [[Int64?]] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT feedId, month, COUNT(*), SUM(isRead = 0), SUM(isStarred = 1) FROM post
                GROUP BY feedId, month ORDER BY 1, 2
                """).map(Self.values)
        }
    }

    static func values(_ row: Row) -> [Int64?] {
        [row[0], (row[1] as String?).map { Int64($0.replacingOccurrences(of: "-", with: "")) ?? -1 }, row[2], row[3], row[4]]
    }

    /// What `archiveMonths` and `listCount` answered before the table, by
    /// counting the posts: every view, every feed and all, every month and all.
    static func expectReaderCountsTrue(_ database: AppDatabase, _ context: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try table(database) == counted(database), "\(context): table", sourceLocation: sourceLocation)
        let feedIDs = try database.feeds().compactMap(\.id)
        for view in PostFilter.View.allCases {
            for feedID in [nil] + feedIDs.map(Optional.some) {
                let filter = PostFilter(view: view, feedID: feedID)
                let months = try database.archiveMonths(filter)
                let expected: [ArchiveMonth] = try database.writer.read { db in
                    let (whereSQL, arguments) = PostFilter(feedID: feedID).sqlCondition
                    let counted = filter.viewCondition.map { "SUM(\($0))" } ?? "COUNT(*)"
                    return try ArchiveMonth.fetchAll(db, sql: """
                        SELECT post.month, \(counted) AS count FROM post WHERE \(whereSQL)
                        GROUP BY post.month ORDER BY post.month IS NULL, post.month DESC
                        """, arguments: arguments)
                }
                #expect(months == expected, "\(context): months of \(filter)", sourceLocation: sourceLocation)
                for chosen in [PostFilter.Months.every] + expected.map({ .one($0.month) }) + [.one("1999-01")] {
                    let filter = filter.with(months: chosen)
                    let total: Int = try database.writer.read { db in
                        let (whereSQL, arguments) = filter.sqlCondition
                        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post WHERE \(whereSQL)", arguments: arguments) ?? 0
                    }
                    #expect(try database.listCount(filter).total == total, "\(context): total of \(filter)",
                            sourceLocation: sourceLocation)
                }
            }
        }
        let statuses = try database.feedStatuses()
        for status in statuses {
            let (posts, unread): (Int, Int) = try database.writer.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(NOT isRead), 0) FROM post WHERE feedId = ?",
                                           arguments: [status.feed.id])!
                return (row[0], row[1])
            }
            #expect(status.postCount == posts && status.unreadCount == unread, "\(context): feed \(status.feed.title)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("a store of the previous shape gets its counts, and they follow imports, marks, stars, moves, deletes and purges")
    func countsFollowEveryChange() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/previous.sqlite"
        // A store as the migration before this one left it: posts of two feeds
        // over three months and without a date, some read, one starred.
        do {
            let queue = try DatabaseQueue(path: path, configuration: AppDatabase.configuration())
            try AppDatabase.migrator.migrate(queue, upTo: "post-bodies-apart")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO feed (id, url, title) VALUES (1, '\(Self.news.url!)', 'Nyheter'), (2, '\(Self.blog.url!)', 'Blogg')
                    """)
                for (feedID, guid, month) in [(1, "n1", "2021-11"), (1, "n2", "2021-12"), (1, "n3", "2021-12"), (1, "n4", nil),
                                              (2, "b1", "2021-12"), (2, "b2", "2022-01")] {
                    let published = month.map { Fixtures.seconds($0 + "-0\(guid.last!)") }
                    try db.execute(sql: """
                        INSERT INTO post (feedId, guid, title, published, month, firstSeen) VALUES (?, ?, ?, ?, ?, 0);
                        INSERT INTO post_body (id, body) VALUES (last_insert_rowid(), newsreader_body_from_html(?));
                        """, arguments: [feedID, guid, "Inlägg \(guid)", published, month, "<p>Text om \(guid).</p>"])
                }
                try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES ('rebuild')")
                try SearchTerms.record(texts: nil, in: db)
                try db.execute(sql: "UPDATE post SET isRead = 1 WHERE guid IN ('n2', 'n4', 'b2')")
                try db.execute(sql: "UPDATE post SET isStarred = 1 WHERE guid = 'n3'")
                #expect(try !db.tableExists("post_count"))
            }
            try queue.close()
        }
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        // (feed, month, total, unread, starred), undated first.
        #expect(try Self.table(database) == [[1, nil, 1, 0, 0], [1, 202111, 1, 1, 0], [1, 202112, 2, 1, 1],
                                             [2, 202112, 1, 1, 0], [2, 202201, 1, 0, 0]])
        try Self.expectReaderCountsTrue(database, "migrated")
        #expect(try Self.caughtUp(database))
        #expect(try database.archiveMonths().map(\.month) == ["2022-01", "2021-12", "2021-11", nil])

        // An import: new posts of a known feed and of a new one, an undated one among them.
        try database.save(feed: Self.news, posts: [Self.post("n5", "2021-12-30"), Self.post("n6", nil)])
        try database.save(feed: Self.other, posts: [Self.post("o1", "2020-02-02"), Self.post("o2", "2022-01-01")])
        try Self.expectReaderCountsTrue(database, "imported")
        #expect(try Self.caughtUp(database))

        // A post whose date changed moves to its new month, flags and all.
        let moved = try #require(try database.posts(limit: 20).first { $0.title == "Inlägg n3" })
        try database.save(feed: Self.news, posts: [Self.post("n3", "2022-01-15")])
        #expect(try database.article(id: moved.id)?.post.month == "2022-01")
        try Self.expectReaderCountsTrue(database, "redated")
        // And one that loses its date goes to the undated bucket.
        try database.save(feed: Self.news, posts: [Self.post("n1", nil)])
        try Self.expectReaderCountsTrue(database, "undated")

        // Marks and stars: one post, a list, a command-line selection, the same mark twice.
        let first = try #require(try database.posts(limit: 1).first)
        try database.setRead(true, postID: first.id)
        try database.setRead(true, postID: first.id)
        try database.setStarred(true, postID: first.id)
        try Self.expectReaderCountsTrue(database, "one marked")
        let newest = try database.listCount(.all).newestID
        #expect(try !database.markAllRead(PostFilter(feedID: 1), upTo: newest).isEmpty)
        try Self.expectReaderCountsTrue(database, "feed marked read")
        _ = try database.mark([.unread, .star], selection: PostSelection(month: "2021-12"))
        try Self.expectReaderCountsTrue(database, "month marked unread and starred")
        _ = try database.mark([.unstar], ids: [first.id])
        try database.setRead(false, postIDs: try database.posts(limit: 3).map(\.id))
        try Self.expectReaderCountsTrue(database, "unstarred, three unread")

        // As a sync writes: flags and a post's feed changed in one statement each.
        try database.writer.write { db in
            try db.execute(sql: "UPDATE post SET isRead = 1, isStarred = 1 WHERE guid = 'b1'")
            try db.execute(sql: "UPDATE post SET feedId = 3, isRead = 0 WHERE guid = 'n2'")
            try db.execute(sql: "UPDATE post SET feedId = 2, month = '2019-05' WHERE guid = 'o1'")
        }
        try Self.expectReaderCountsTrue(database, "synced")

        // A post stored past the writers (raw SQL) counts as it is read, changed or
        // not, until a writer's next transaction takes it into the table.
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO post (feedId, guid, title, month, isRead, isStarred, firstSeen)
                VALUES (2, 'raw', 'Rå', '2021-12', 0, 1, 0)
                """)
        }
        #expect(try !Self.caughtUp(database))
        try Self.expectReaderCountsTrue(database, "stored raw")
        try database.writer.write { db in
            try db.execute(sql: "UPDATE post SET isRead = 1, month = '2022-02' WHERE guid = 'raw'")
        }
        try Self.expectReaderCountsTrue(database, "raw one changed")
        try database.save(feed: Self.blog, posts: [Self.post("b3", "2022-02-02")])
        #expect(try Self.caughtUp(database))
        try Self.expectReaderCountsTrue(database, "caught up")

        // Deletes: one post, a small feed purged, a feed removed without its posts, the biggest feed purged.
        try database.deletePost(id: try #require(try database.posts(limit: 1).first).id)
        try Self.expectReaderCountsTrue(database, "one deleted")
        #expect(try database.removeFeed(id: 3, purge: true) == 2)
        try Self.expectReaderCountsTrue(database, "small feed purged")
        #expect(try database.removeFeed(id: 2, purge: false) == 0)
        try Self.expectReaderCountsTrue(database, "feed removed, posts kept")
        #expect(try database.removeFeed(id: 1, purge: true) > 0)
        try Self.expectReaderCountsTrue(database, "most posts purged")
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post_count WHERE feedId IN (1, 3)") } == 0)
        #expect(try database.postCount() == 4)
    }

    @Test("a new store counts from its first post, and an empty one has no months")
    func newStore() throws {
        let database = try AppDatabase.inMemory()
        #expect(try database.archiveMonths().isEmpty)
        #expect(try database.listCount(.all).total == 0)
        try database.save(feed: Self.news, posts: [Self.post("a", "2023-03-03"), Self.post("b", "2023-03-04")])
        #expect(try database.archiveMonths() == [ArchiveMonth(month: "2023-03", count: 2)])
        #expect(try database.archiveMonths(.starred) == [ArchiveMonth(month: "2023-03", count: 0)])
        try Self.expectReaderCountsTrue(database, "new store")
        // The whole store purged: no month is left, none with a zero.
        #expect(try database.removeFeed(id: 1, purge: true) == 2)
        #expect(try database.archiveMonths().isEmpty)
        try Self.expectReaderCountsTrue(database, "emptied")
    }
}

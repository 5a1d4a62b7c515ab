import Foundation
import GRDB

/// What importing one source did.
public struct ImportResult: Hashable, Sendable {
    public var feedTitle: String
    public var counts: ImportCounts
    /// Entries left out, because they carried nothing to show (no title, no body, no link).
    public var skipped: Int

    public init(feedTitle: String, counts: ImportCounts, skipped: Int) {
        self.feedTitle = feedTitle
        self.counts = counts
        self.skipped = skipped
    }
}

extension IncomingPost {
    /// The store's view of a parsed entry: plain-text title, the richest body
    /// as HTML and its text rendering, the date to file it under.
    public init(_ entry: ParsedEntry) {
        let body = entry.bodyHTML
        let text = HTMLText.render(body, baseURL: entry.baseURL)
        var title = entry.title ?? ""
        if title.isEmpty {
            // Title-less posts (microblogs) are listed by their first words.
            title = PlainText.summary(text, length: 80)
        }
        self.init(guid: entry.identity, title: title, link: entry.link, author: entry.author,
                  published: entry.date, contentHTML: body, text: text)
    }

    /// Identifies the stored fields a re-import compares (everything but the
    /// text, which follows from the body): equal digests, unchanged post.
    var digest: String {
        PostDigest.of(title: title, link: link, author: author, published: published, contentHTML: contentHTML)
    }
}

enum PostDigest {
    static func of(title: String, link: String?, author: String?, published: Int64?, contentHTML: String) -> String {
        // Built step by step: one long expression of optionals overwhelms the type checker.
        let none = "\u{0}"
        var key = title
        key += "\u{1F}"
        key += link ?? none
        key += "\u{1F}"
        key += author ?? none
        key += "\u{1F}"
        key += published.map { String($0) } ?? none
        key += "\u{1F}"
        key += contentHTML
        return StableHash.hex(key)
    }
}

extension AppDatabase {
    /// Parses `parser`'s document and saves its posts into the feed `feed`
    /// names (by URL, else by title) in one transaction: a source that fails
    /// to parse leaves the store exactly as it was.
    ///
    /// - Parameter feed: the feed row to use; its title is replaced by the
    ///   document's title when the document has one.
    @discardableResult
    public func importFeed(_ parser: FeedParser, into feed: Feed,
                           now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> ImportResult {
        // A big transaction spills pages to the WAL when the page cache is
        // full; a larger cache for the import's duration avoids most of it.
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -2000") } }
        // Two stages on two cores: parsing and rendering on a thread of their
        // own, while this transaction writes what they produced.
        // A subscribed feed's stored posts are known before parsing starts (read
        // here, outside the transaction: a DatabaseQueue cannot read while it writes),
        // so unchanged posts skip rendering. Feeds known by title are only known once
        // the document names its title, and get no such shortcut.
        let known = feed.url != nil ? try knownPostDigests(for: feed) : nil
        let pipeline = ImportPipeline(parser: parser) { _ in known }
        pipeline.start()
        defer { pipeline.cancelAndWait() }
        return try writer.write { db in
            var writer: PostWriter?
            var skipped = 0
            while let batch = pipeline.nextBatch() {
                for item in batch {
                    if writer == nil {
                        writer = try PostWriter(db: db, feed: Self.merged(feed, with: item.feedSoFar), now: now)
                    }
                    switch item.content {
                    case .post(let post): try writer!.save(post)
                    case .unchanged: writer!.counts.unchanged += 1
                    case .empty: skipped += 1
                    }
                }
            }
            let parsed = try pipeline.result()
            let finalFeed = Self.merged(feed, with: parsed)
            if writer == nil {
                writer = try PostWriter(db: db, feed: finalFeed, now: now)
            } else {
                try writer!.updateFeed(finalFeed)
            }
            try writer!.finish()
            return ImportResult(feedTitle: finalFeed.title, counts: writer!.counts, skipped: skipped)
        }
    }

    /// Digests of the posts already stored for the feed `feed` names, by guid,
    /// read outside the import's transaction so the parsing thread can skip
    /// rendering posts that did not change. Nil when the feed is not stored yet.
    func knownPostDigests(for feed: Feed) throws -> [String: String]? {
        try writer.read { db in
            let feedID: Int64?
            if let url = feed.url {
                feedID = try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url = ?", arguments: [url])
            } else {
                feedID = try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url IS NULL AND title = ?", arguments: [feed.title])
            }
            guard let feedID else { return nil }
            var digests: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT guid, title, link, author, published, contentHTML FROM post WHERE feedId = ?
                """, arguments: [feedID])
            while let row = try rows.next() {
                digests[row["guid"]] = PostDigest.of(title: row["title"], link: row["link"], author: row["author"],
                                                     published: row["published"], contentHTML: row["contentHTML"])
            }
            return digests
        }
    }

    static func merged(_ feed: Feed, with parsed: ParsedFeed) -> Feed {
        var result = feed
        if !parsed.title.isEmpty { result.title = parsed.title }
        if let link = parsed.link { result.link = link }
        return result
    }

    /// The upsert of `save(feed:posts:)` with statements prepared once, for
    /// sources of any size inside one transaction.
    struct PostWriter {
        let db: Database
        let feedID: Int64
        let now: Int64
        var counts = ImportCounts()
        /// Posts inserted or changed, whose words the search vocabulary must learn.
        private var changedIDs: [Int64] = []
        private let select: Statement
        private let insert: Statement
        private let insertIfAbsent: Statement
        private let update: Statement
        /// True while the feed had no posts before this import: then most posts
        /// are new, and trying the insert first saves a lookup per post.
        private let feedWasEmpty: Bool

        init(db: Database, feed: Feed, now: Int64) throws {
            self.db = db
            self.now = now
            feedID = try AppDatabase.feedID(for: feed, in: db)
            select = try db.cachedStatement(sql: """
                SELECT id, title, link, author, published, contentHTML FROM post WHERE feedId = ? AND guid = ?
                """)
            insert = try db.cachedStatement(sql: """
                INSERT INTO post (feedId, guid, title, link, author, published, month, contentHTML, text,
                                  isRead, isStarred, firstSeen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)
                """)
            insertIfAbsent = try db.cachedStatement(sql: """
                INSERT INTO post (feedId, guid, title, link, author, published, month, contentHTML, text,
                                  isRead, isStarred, firstSeen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?) ON CONFLICT (feedId, guid) DO NOTHING
                """)
            feedWasEmpty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM post WHERE feedId = ?)",
                                             arguments: [feedID]) ?? false
            update = try db.cachedStatement(sql: """
                UPDATE post SET title = ?, link = ?, author = ?, published = ?, month = ?,
                       contentHTML = ?, text = ? WHERE id = ?
                """)
        }

        mutating func save(_ incoming: IncomingPost) throws {
            let month = incoming.published.map { UTCDate(seconds: $0).monthKey }
            if feedWasEmpty {
                // Arguments were checked against the statement once, at preparation.
                insertIfAbsent.setUncheckedArguments([feedID, incoming.guid, incoming.title, incoming.link, incoming.author,
                                                      incoming.published, month, incoming.contentHTML, incoming.text, now])
                try insertIfAbsent.execute()
                if db.changesCount == 1 {
                    counts.new += 1
                    changedIDs.append(db.lastInsertedRowID)
                    return
                }
                // The same guid twice in one document: update like any known post.
            }
            if let row = try Row.fetchOne(select, arguments: [feedID, incoming.guid]) {
                let same = row["title"] == incoming.title && row["link"] == incoming.link
                    && row["author"] == incoming.author && row["published"] == incoming.published
                    && row["contentHTML"] == incoming.contentHTML
                if same {
                    counts.unchanged += 1
                    return
                }
                try update.execute(arguments: [incoming.title, incoming.link, incoming.author, incoming.published,
                                               month, incoming.contentHTML, incoming.text, row["id"] as Int64])
                changedIDs.append(row["id"])
                counts.updated += 1
            } else {
                try insert.execute(arguments: [feedID, incoming.guid, incoming.title, incoming.link, incoming.author,
                                               incoming.published, month, incoming.contentHTML, incoming.text, now])
                changedIDs.append(db.lastInsertedRowID)
                counts.new += 1
            }
        }

        /// Ends the source: the search vocabulary learns the new words, in the same transaction.
        func finish() throws {
            try SearchTerms.record(postIDs: changedIDs, in: db)
        }

        func updateFeed(_ feed: Feed) throws {
            try db.execute(sql: "UPDATE feed SET title = ?, link = COALESCE(?, link) WHERE id = ?",
                           arguments: [feed.title, feed.link, feedID])
        }
    }
}

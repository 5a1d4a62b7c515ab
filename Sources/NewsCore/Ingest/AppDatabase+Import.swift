import Foundation
import GRDB
import NewsModel

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
        // full; a larger cache for the import's duration avoids most of it
        // (16 MB: on the 100,000-post import 32 MB cost 17 MB more peak
        // memory for no CPU time measurably saved).
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -16384") }
        defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKilobytes)") } }
        // Three stages on two cores: parsing and rendering on threads of
        // their own, while this transaction writes what they produced.
        // The stored posts of a feed known by URL or file are known before parsing
        // starts (read here, outside the transaction: a DatabaseQueue cannot read
        // while it writes), so unchanged posts skip rendering. Standard input and
        // feeds known by title are only known once the document names its site or
        // title, and get no such shortcut.
        let known = feed.url != nil || (feed.source.map { $0 != Feed.standardInputSource } ?? false)
            ? try knownPostDigests(for: feed) : nil
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
                    case let .post(post, storedBody): try writer!.save(post, storedBody: storedBody)
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
            guard let feedID = try Self.existingFeed(for: feed, in: db)?.id else { return nil }
            var digests: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT guid, title, link, author, published, body FROM post JOIN post_body USING (id) WHERE feedId = ?
                """, arguments: [feedID])
            while let row = try rows.next() {
                digests[row["guid"]] = PostDigest.of(title: row["title"], link: row["link"], author: row["author"],
                                                     published: row["published"],
                                                     contentHTML: StoredBody.html(row["body"]) ?? "")
            }
            return digests
        }
    }

    static func merged(_ feed: Feed, with parsed: ParsedFeed) -> Feed {
        var result = feed
        if !parsed.title.isEmpty { result.title = parsed.title }
        if let link = parsed.link {
            result.link = link
            if feed.source == Feed.standardInputSource { result.source = Feed.standardInputSource + link }
        }
        return result
    }
}

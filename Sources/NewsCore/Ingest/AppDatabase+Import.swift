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

extension IncomingPost {
    /// The store's view of a parsed entry: plain-text title, the richest body
    /// as HTML, the date to file it under.
    public init(_ entry: ParsedEntry) {
        self.init(guid: entry.identity, title: entry.title ?? "", link: entry.link, author: entry.author,
                  published: entry.date, contentHTML: entry.bodyHTML, baseURL: entry.baseURL)
        if Whitespace.trim(title).isEmpty {
            // Title-less posts (microblogs) are listed by their first words
            // (the list shows the link of one without words).
            title = PlainText.summary(searchText, length: 80)
        }
    }

    /// Identifies the stored fields a re-import compares: equal digests, unchanged post.
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
        // full; a larger cache for the import's duration avoids most of it
        // (32 MB: with bodies deflated, more buys nothing but memory).
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
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
                    case let .post(post, storedHTML): try writer!.save(post, storedHTML: storedHTML)
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
                SELECT guid, title, link, author, published, newsreader_html(html) AS html FROM post WHERE feedId = ?
                """, arguments: [feedID])
            while let row = try rows.next() {
                digests[row["guid"]] = PostDigest.of(title: row["title"], link: row["link"], author: row["author"],
                                                     published: row["published"], contentHTML: row["html"] ?? "")
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

    /// The upsert of `save(feed:posts:)` with statements prepared once, for
    /// sources of any size inside one transaction.
    struct PostWriter {
        let db: Database
        let feedID: Int64
        let now: Int64
        var counts = ImportCounts()
        private var indexer: PostIndexer
        private let select: Statement
        private let insert: Statement
        private let insertIfAbsent: Statement
        private let update: Statement
        /// Only for posts that come without a stored body (the pipeline deflates its own).
        private lazy var deflater = Deflater()
        /// True while the feed had no posts before this import: then most posts
        /// are new, and trying the insert first saves a lookup per post.
        private let feedWasEmpty: Bool

        init(db: Database, feed: Feed, now: Int64) throws {
            self.db = db
            self.now = now
            feedID = try AppDatabase.feedID(for: feed, in: db)
            select = try db.cachedStatement(sql: """
                SELECT id, title, link, author, published, newsreader_html(html) AS html FROM post
                WHERE feedId = ? AND guid = ?
                """)
            insert = try db.cachedStatement(sql: """
                INSERT INTO post (feedId, guid, title, link, author, published, month, html, baseURL,
                                  isRead, isStarred, firstSeen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)
                """)
            insertIfAbsent = try db.cachedStatement(sql: """
                INSERT INTO post (feedId, guid, title, link, author, published, month, html, baseURL,
                                  isRead, isStarred, firstSeen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?) ON CONFLICT (feedId, guid) DO NOTHING
                """)
            feedWasEmpty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM post WHERE feedId = ?)",
                                             arguments: [feedID]) ?? false
            update = try db.cachedStatement(sql: """
                UPDATE post SET title = ?, link = ?, author = ?, published = ?, month = ?,
                       html = ?, baseURL = ? WHERE id = ?
                """)
            indexer = try PostIndexer(db: db)
        }

        /// - Parameter storedHTML: the body in stored form, when the caller has it already.
        mutating func save(_ incoming: IncomingPost, storedHTML: DatabaseValue? = nil) throws {
            let month = incoming.published.map { UTCDate(seconds: $0).monthKey }
            let html = storedHTML ?? StoredHTML.value(incoming.contentHTML, using: deflater)
            if feedWasEmpty {
                // Arguments were checked against the statement once, at preparation.
                insertIfAbsent.setUncheckedArguments([feedID, incoming.guid, incoming.title, incoming.link, incoming.author,
                                                      incoming.published, month, html, incoming.baseURL, now])
                try insertIfAbsent.execute()
                if db.changesCount == 1 {
                    try indexer.add(incoming, id: db.lastInsertedRowID)
                    counts.new += 1
                    return
                }
                // The same guid twice in one document: update like any known post.
            }
            if let row = try Row.fetchOne(select, arguments: [feedID, incoming.guid]) {
                let same = row["title"] == incoming.title && row["link"] == incoming.link
                    && row["author"] == incoming.author && row["published"] == incoming.published
                    && row["html"] == incoming.contentHTML
                if same {
                    counts.unchanged += 1
                    return
                }
                let id: Int64 = row["id"]
                try update.execute(arguments: [incoming.title, incoming.link, incoming.author, incoming.published,
                                               month, html, incoming.baseURL, id])
                try indexer.replace(id: id, oldTitle: row["title"], oldHTML: row["html"], with: incoming)
                counts.updated += 1
            } else {
                try insert.execute(arguments: [feedID, incoming.guid, incoming.title, incoming.link, incoming.author,
                                               incoming.published, month, html, incoming.baseURL, now])
                try indexer.add(incoming, id: db.lastInsertedRowID)
                counts.new += 1
            }
        }

        /// Ends the source: the word index and the search vocabulary catch up, in the same transaction.
        func finish() throws {
            try indexer.finish()
        }

        func updateFeed(_ feed: Feed) throws {
            try db.execute(sql: "UPDATE feed SET title = ?, link = COALESCE(?, link) WHERE id = ?",
                           arguments: [feed.title, feed.link, feedID])
        }
    }
}

/// Keeps the word index and the search vocabulary in step with posts written
/// in one transaction (an import, a page of synced articles).
struct PostIndexer {
    let db: Database
    /// Titles and texts of the posts inserted or changed, whose words the
    /// search vocabulary must learn; nil once there are too many to go word by word.
    private var changedTexts: [String]? = []
    /// Titles and texts that left the index (posts changed in place), whose
    /// words the vocabulary may have to forget; nil once there are too many
    /// to go word by word.
    private var replacedTexts: [String]? = []
    private let indexInsert: Statement
    private let indexDelete: Statement
    /// Posts indexed so far.
    private var written = 0
    /// Whether the word index is being built in bulk (see `SearchIndexBulkMode`).
    private var bulkIndexing = false

    init(db: Database) throws {
        self.db = db
        indexInsert = try db.cachedStatement(sql: "INSERT INTO post_fts(rowid, title, text) VALUES (?, ?, ?)")
        indexDelete = try db.cachedStatement(sql: """
            INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)
            """)
    }

    /// Puts a written post's words in the index (its text was rendered
    /// already) and notes them for the vocabulary; past a couple of thousand
    /// posts, switches the word index to bulk building.
    mutating func add(_ incoming: IncomingPost, id: Int64) throws {
        try indexInsert.execute(arguments: [id, incoming.title, incoming.searchText])
        if changedTexts != nil {
            changedTexts!.append(incoming.title)
            changedTexts!.append(incoming.searchText)
            if changedTexts!.count > 2 * SearchTerms.bulkThreshold { changedTexts = nil }
        }
        written += 1
        if !bulkIndexing, written >= SearchIndexBulkMode.threshold {
            try SearchIndexBulkMode.begin(db)
            bulkIndexing = true
        }
    }

    /// A changed post: out with exactly the words indexed before, in with the new ones.
    mutating func replace(id: Int64, oldTitle: String, oldHTML: String?, with incoming: IncomingPost) throws {
        let oldText = SearchText.of(html: oldHTML ?? "")
        try indexDelete.execute(arguments: [id, oldTitle, oldText])
        if replacedTexts != nil {
            replacedTexts!.append(oldTitle)
            replacedTexts!.append(oldText)
            if replacedTexts!.count > 2 * SearchTerms.bulkThreshold { replacedTexts = nil }
        }
        try add(incoming, id: id)
    }

    /// The word index and the search vocabulary catch up (new words in,
    /// words no longer indexed out), in the same transaction.
    func finish() throws {
        if bulkIndexing {
            try SearchIndexBulkMode.end(db, written: written)
        }
        try SearchTerms.record(texts: changedTexts, in: db)
        if let replacedTexts {
            try SearchTerms.prune(SearchTerms.terms(in: replacedTexts, db: db), in: db)
        } else {
            try SearchTerms.prune(nil, in: db)
        }
    }
}

/// A big source (thousands of posts) builds the word index differently: FTS5
/// keeps more of the new words in memory before writing a segment, and
/// leaves merging segments to one pass at the end. On 100,000 posts that
/// halves the time the index costs. The settings live in the index's own
/// config table, inside the import's transaction: a failed import rolls them back.
enum SearchIndexBulkMode {
    static let threshold = 2_000
    /// FTS5's defaults, restored at the end.
    static let defaultHashSize = 1_048_576
    static let defaultAutomerge = 4

    static func begin(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO post_fts(post_fts, rank) VALUES ('hashsize', 16777216);
            INSERT INTO post_fts(post_fts, rank) VALUES ('automerge', 0);
            """)
    }

    static func end(_ db: Database, written: Int) throws {
        try db.execute(sql: """
            INSERT INTO post_fts(post_fts, rank) VALUES ('hashsize', \(defaultHashSize));
            INSERT INTO post_fts(post_fts, rank) VALUES ('automerge', \(defaultAutomerge));
            """)
        // When this source is most of the store, merging the whole index into
        // one segment costs little more than merging the new part; otherwise
        // the usual incremental merging takes over from here.
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0
        if written * 2 >= total {
            try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES ('optimize')")
        }
    }
}

import Foundation
import GRDB
import NewsModel

/// Writing posts: the statements of an import or a save, the word index and
/// the vocabulary kept in step, and the bulk mode of a big import.
extension AppDatabase {
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
                SELECT id, title, link, author, published, body FROM post JOIN post_body USING (id)
                WHERE feedId = ? AND guid = ?
                """)
            insert = try db.cachedStatement(sql: """
                INSERT INTO post (feedId, guid, title, link, author, published, month, baseURL,
                                  isRead, isStarred, firstSeen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)
                """)
            insertIfAbsent = try db.cachedStatement(sql: """
                INSERT INTO post (feedId, guid, title, link, author, published, month, baseURL,
                                  isRead, isStarred, firstSeen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?) ON CONFLICT (feedId, guid) DO NOTHING
                """)
            feedWasEmpty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM post WHERE feedId = ?)",
                                             arguments: [feedID]) ?? false
            update = try db.cachedStatement(sql: """
                UPDATE post SET title = ?, link = ?, author = ?, published = ?, month = ?, baseURL = ? WHERE id = ?
                """)
            indexer = try PostIndexer(db: db)
        }

        /// - Parameter storedBody: the body in stored form (`StoredBody`), when the caller has it already.
        mutating func save(_ incoming: IncomingPost, storedBody: DatabaseValue? = nil) throws {
            let month = incoming.published.map { UTCDate(seconds: $0).monthKey }
            if feedWasEmpty {
                // Arguments were checked against the statement once, at preparation.
                insertIfAbsent.setUncheckedArguments([feedID, incoming.guid, incoming.title, incoming.link, incoming.author,
                                                      incoming.published, month, incoming.baseURL, now])
                try insertIfAbsent.execute()
                if db.changesCount == 1 {
                    try indexer.add(incoming, id: db.lastInsertedRowID, body: body(of: incoming, storedBody))
                    counts.new += 1
                    return
                }
                // The same guid twice in one document: update like any known post.
            }
            if let row = try Row.fetchOne(select, arguments: [feedID, incoming.guid]) {
                let old = StoredBody.parts(row["body"]) ?? ("", "")
                let same = row["title"] == incoming.title && row["link"] == incoming.link
                    && row["author"] == incoming.author && row["published"] == incoming.published
                    && old.html == incoming.contentHTML
                if same {
                    counts.unchanged += 1
                    return
                }
                let id: Int64 = row["id"]
                try update.execute(arguments: [incoming.title, incoming.link, incoming.author, incoming.published,
                                               month, incoming.baseURL, id])
                try indexer.replace(id: id, oldTitle: row["title"], oldText: old.text, with: incoming,
                                    body: body(of: incoming, storedBody))
                counts.updated += 1
            } else {
                try insert.execute(arguments: [feedID, incoming.guid, incoming.title, incoming.link, incoming.author,
                                               incoming.published, month, incoming.baseURL, now])
                try indexer.add(incoming, id: db.lastInsertedRowID, body: body(of: incoming, storedBody))
                counts.new += 1
            }
        }

        private mutating func body(of incoming: IncomingPost, _ stored: DatabaseValue?) -> DatabaseValue {
            stored ?? StoredBody.value(html: incoming.contentHTML, body: incoming.body, using: deflater)
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

/// Writes the bodies of posts written in one transaction (an import, a page
/// of synced articles) and keeps the word index and the search vocabulary
/// in step with them.
struct PostIndexer {
    let db: Database
    /// Titles and texts of the posts inserted or changed, whose words the
    /// search vocabulary must learn; nil once there are too many to go word by word.
    private var changedTexts: [String]? = []
    /// Titles and texts that left the index (posts changed in place), whose
    /// words the vocabulary may have to forget; nil once there are too many
    /// to go word by word.
    private var replacedTexts: [String]? = []
    private let bodyInsert: Statement
    private let bodyUpdate: Statement
    private let indexInsert: Statement
    private let indexDelete: Statement
    /// Posts indexed so far.
    private var written = 0
    /// Whether the word index is being built in bulk (see `SearchIndexBulkMode`).
    private var bulkIndexing = false
    /// Whether the word index held no segment when this indexer began: then
    /// the vocabulary can read its terms from the index's pages (`IndexTerms`).
    private let indexWasEmpty: Bool

    init(db: Database) throws {
        self.db = db
        bodyInsert = try db.cachedStatement(sql: "INSERT INTO post_body(id, body) VALUES (?, ?)")
        bodyUpdate = try db.cachedStatement(sql: "UPDATE post_body SET body = ? WHERE id = ?")
        indexInsert = try db.cachedStatement(sql: "INSERT INTO post_fts(rowid, title, text) VALUES (?, ?, ?)")
        indexDelete = try db.cachedStatement(sql: """
            INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)
            """)
        indexWasEmpty = try IndexTerms.indexIsEmpty(db)
    }

    /// Stores a new post's body (`StoredBody`, with `incoming.searchText`),
    /// puts its words in the index and notes them for the vocabulary; past a
    /// couple of thousand posts, switches the word index to bulk building.
    mutating func add(_ incoming: IncomingPost, id: Int64, body: DatabaseValue) throws {
        bodyInsert.setUncheckedArguments([id, body])
        try bodyInsert.execute()
        try index(incoming, id: id)
    }

    private mutating func index(_ incoming: IncomingPost, id: Int64) throws {
        indexInsert.setUncheckedArguments([id, incoming.title, incoming.searchText])
        try indexInsert.execute()
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

    /// A changed post: out with exactly the words indexed before (its stored
    /// title and text), in with the new body and its words.
    mutating func replace(id: Int64, oldTitle: String, oldText: String, with incoming: IncomingPost,
                          body: DatabaseValue) throws {
        try indexDelete.execute(arguments: [id, oldTitle, oldText])
        if replacedTexts != nil {
            replacedTexts!.append(oldTitle)
            replacedTexts!.append(oldText)
            if replacedTexts!.count > 2 * SearchTerms.bulkThreshold { replacedTexts = nil }
        }
        try bodyUpdate.execute(arguments: [body, id])
        try index(incoming, id: id)
    }

    /// The word index and the search vocabulary catch up (new words in,
    /// words no longer indexed out), in the same transaction.
    func finish() throws {
        // The new posts in the reader's counts (see PostCounts: not by a trigger).
        try PostCounts.catchUp(db)
        if bulkIndexing {
            try SearchIndexBulkMode.end(db)
        }
        if changedTexts == nil, indexWasEmpty, let terms = try IndexTerms.all(db) {
            try IndexTerms.record(terms, in: db)
        } else {
            try SearchTerms.record(texts: changedTexts, in: db)
        }
        if let replacedTexts {
            try SearchTerms.prune(SearchTerms.terms(in: replacedTexts, db: db), in: db)
        } else {
            try SearchTerms.prune(nil, in: db)
        }
    }
}

/// A big source (thousands of posts) builds the word index differently: FTS5
/// keeps more of the new words in memory before writing a segment, and
/// merges no segments while the source is written. On 100,000 posts that
/// halves the time the index costs. At the end the usual incremental
/// merging (`automerge`) takes over; the index is not merged into one
/// segment (`optimize`): on the 100,000-post import that pass cost 0.8 s of
/// CPU at the very end of the import, when nothing else runs beside it.
/// The import leaves three segments there; ranking every one of 99,000 hits
/// took from as long to 40% longer on them than on one (measured on a loaded
/// machine), where the reader ranks at most 1,000 hits, and the benchmark's
/// synthetic store, built 10,000 posts at a time, searches thirteen. The
/// settings live in the index's own config table, inside the import's
/// transaction: a failed import rolls them back.
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

    static func end(_ db: Database) throws {
        // The words still in memory are written out first (FTS5 does that at a
        // savepoint), still without merging: with merging back on, writing them
        // would start merging the segments there and then.
        try db.execute(sql: """
            SAVEPOINT newsreader_bulk_index_end;
            RELEASE newsreader_bulk_index_end;
            INSERT INTO post_fts(post_fts, rank) VALUES ('hashsize', \(defaultHashSize));
            INSERT INTO post_fts(post_fts, rank) VALUES ('automerge', \(defaultAutomerge));
            """)
    }
}

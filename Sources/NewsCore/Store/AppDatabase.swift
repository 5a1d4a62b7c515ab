import Foundation
import GRDB
import NewsModel

/// The local store: owns the database connection, the schema migrations and
/// every query. Nothing else in newsreader touches SQLite: other modules
/// (the commands, the reader's runtime, the benchmark) use its methods.
public final class AppDatabase: Sendable {
    /// `NWSR` in the SQLite header, so a database of another program is never mistaken for ours.
    static let applicationID: Int32 = 0x4E57_5352

    /// The connection (a `DatabasePool` for a store on disk). Not public:
    /// the store's own code and its tests (`@testable`) reach SQLite, nothing else.
    let writer: any DatabaseWriter
    /// Whether `open` created the store's file (see `removeIfUnused`).
    let createdHere: Bool

    /// Wraps a connection and brings its schema up to date.
    public convenience init(_ writer: any DatabaseWriter) throws {
        try self.init(writer, createdHere: false)
    }

    init(_ writer: any DatabaseWriter, createdHere: Bool) throws {
        self.writer = writer
        self.createdHere = createdHere
        let bodiesInPosts = try writer.read { db in
            try db.tableExists("post") && !db.tableExists("post_body")
        }
        try Self.migrator.migrate(writer)
        if bodiesInPosts {
            // The bodies left the post table (see `moveBodiesApart`): the
            // space they held goes back to the file system, once.
            try writer.vacuum()
        }
        try rebuildSearchIndexIfStale()
    }

    /// Wraps a connection to a store already inspected as current, for
    /// reading only: no migration, no index rebuild, nothing written.
    init(reading writer: any DatabaseWriter) {
        self.writer = writer
        createdHere = false
    }

    /// A private store in memory, for tests and previews.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    static let pageCacheKilobytes = 512

    static func configuration(readonly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        // Another newsreader may be importing while this one reads or writes:
        // wait for it rather than failing with "database is locked".
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        // Bodies are stored deflated and the search index reads them through these.
        config.prepareDatabase { db in
            db.add(function: .searchText)
            db.add(function: .deflateHTML)
            db.add(function: .bodyHTML)
            db.add(function: .bodyText)
            db.add(function: .bodySummary)
            db.add(function: .bodyFromHTML)
            db.add(function: .bodyRenderedAgain)
            SearchRanking.register(in: db)
            // 512 KB of page cache per connection (SQLite's default is 2 MB):
            // the reader keeps two (one for the screen, one searching as you
            // type), and the operating system caches the file anyway. On the
            // 100,000-post benchmark this costs no measurable speed and keeps
            // the reader's session under 40 MB.
            try db.execute(sql: "PRAGMA cache_size = -\(pageCacheKilobytes)")
        }
        return config
    }

    // MARK: - Schema

    /// Every schema change is a new migration appended here; a released
    /// migration is never edited, so a user's store upgrades without loss.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-feeds-and-posts") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "feed") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("url", .text).unique()
                t.column("title", .text).notNull()
                t.column("link", .text)
                t.column("etag", .text)
                t.column("lastModified", .text)
                t.column("lastFetched", .integer)
                t.column("lastError", .text)
            }
            try db.create(table: "post") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("feed", onDelete: .cascade).notNull()
                t.column("guid", .text).notNull()
                t.column("title", .text).notNull()
                t.column("link", .text)
                t.column("author", .text)
                t.column("published", .integer)
                t.column("month", .text)
                t.column("contentHTML", .text).notNull()
                t.column("text", .text).notNull()
                t.column("isRead", .boolean).notNull().defaults(to: false)
                t.column("isStarred", .boolean).notNull().defaults(to: false)
                t.column("firstSeen", .integer).notNull()
                t.uniqueKey(["feedId", "guid"])
            }
            // Listings read newest first, per month or overall, a page at a time.
            try db.execute(sql: "CREATE INDEX post_by_date ON post(published DESC, id)")
            try db.execute(sql: "CREATE INDEX post_by_month ON post(month, published DESC, id)")
        }
        migrator.registerMigration("v2-search-index") { db in
            // External content: the index does not store the text a second time.
            // unicode61 folds case in every script; diacritics are kept, so
            // å, ä and ö stay letters of their own (har ≠ här).
            try db.create(virtualTable: "post_fts", using: FTS5()) { t in
                t.content = "post"
                t.contentRowID = "id"
                t.tokenizer = .unicode61(diacritics: .keep)
                t.prefixes = [2] // longer prefixes are spelled out from the vocabulary
                t.column("title")
                t.column("text")
            }
            // Kept in sync by triggers; toggling read or starred does not touch the index.
            try db.execute(sql: """
                INSERT INTO post_fts(rowid, title, text) SELECT id, title, text FROM post;
                CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN
                    INSERT INTO post_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
                END;
                CREATE TRIGGER post_fts_delete AFTER DELETE ON post BEGIN
                    INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
                END;
                CREATE TRIGGER post_fts_update AFTER UPDATE OF title, text ON post BEGIN
                    INSERT INTO post_fts(post_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
                    INSERT INTO post_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
                END;
                """)
        }
        migrator.registerMigration("v3-search-vocabulary") { db in
            // The distinct words of the word index, with a trigram index over
            // them alone: finds compounds (`rapport` in `upphandlingsrapport`)
            // at a small fraction of the size of a trigram index over the posts.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE post_vocab USING fts5vocab(post_fts, row);
                CREATE TABLE search_term(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
                CREATE VIRTUAL TABLE search_term_fts USING fts5(term, content='search_term', content_rowid='id', tokenize='trigram');
                CREATE TRIGGER search_term_fts_insert AFTER INSERT ON search_term BEGIN
                    INSERT INTO search_term_fts(rowid, term) VALUES (new.id, new.term);
                END;
                INSERT INTO search_term(term) SELECT term FROM post_vocab WHERE length(term) >= 3;
                """)
        }
        migrator.registerMigration("v4-feed-retry-after") { db in
            // When a server answered 429/503 with Retry-After: refresh leaves
            // the feed alone until then (seconds since 1970).
            try db.alter(table: "feed") { t in
                t.add(column: "retryAfter", .integer)
            }
        }
        migrator.registerMigration("v5-compact-bodies") { db in
            // The HTML body is stored deflated and the rendered text not at
            // all: the search index renders it from the HTML when it needs
            // it (see SearchText). The index loses its two-letter prefix
            // index (a third of its size and of its build time).
            try db.execute(sql: """
                DROP TRIGGER post_fts_insert;
                DROP TRIGGER post_fts_delete;
                DROP TRIGGER post_fts_update;
                DROP TABLE post_vocab;
                DROP TABLE post_fts;
                CREATE TABLE post_compact (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    feedId INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                    guid TEXT NOT NULL,
                    title TEXT NOT NULL,
                    link TEXT,
                    author TEXT,
                    published INTEGER,
                    month TEXT,
                    -- StoredHTML: a deflated BLOB, or TEXT when short
                    html NOT NULL,
                    -- what relative links in the body resolve against
                    baseURL TEXT,
                    isRead BOOLEAN NOT NULL DEFAULT 0,
                    isStarred BOOLEAN NOT NULL DEFAULT 0,
                    firstSeen INTEGER NOT NULL,
                    UNIQUE (feedId, guid)
                );
                INSERT INTO post_compact (id, feedId, guid, title, link, author, published, month, html, baseURL,
                                          isRead, isStarred, firstSeen)
                    SELECT post.id, feedId, guid, post.title, post.link, author, published, month,
                           newsreader_deflate(contentHTML), feed.url, isRead, isStarred, firstSeen
                    FROM post JOIN feed ON feed.id = post.feedId;
                DROP TABLE post;
                ALTER TABLE post_compact RENAME TO post;
                CREATE INDEX post_by_date ON post(published DESC, id);
                CREATE INDEX post_by_month ON post(month, published DESC, id);
                """)
            try createSearchIndex(db)
        }
        migrator.registerMigration("feed-fetch-status") { db in
            // A feed that answered 410 Gone is not fetched again (unless named
            // in `refresh FEED`); the last error keeps the time it happened.
            try db.alter(table: "feed") { t in
                t.add(column: "gone", .boolean).notNull().defaults(to: false)
                t.add(column: "lastErrorAt", .integer)
            }
        }
        migrator.registerMigration("sync-with-a-server") { db in
            try createSyncTables(db)
        }
        // Feed files once made up links from their own path (a guid such as
        // `w1` became file:///…/w1) and based relative links on it. A link is
        // a web address or nothing; relative ones resolve only against one.
        migrator.registerMigration("post-links-without-file-urls") { db in
            try db.execute(sql: """
                UPDATE post SET link = NULL WHERE link LIKE 'file:%';
                UPDATE post SET baseURL = NULL WHERE baseURL LIKE 'file:%';
                """)
        }
        migrator.registerMigration("feed-source") { db in
            // A feed that is not subscribed is known by where its posts came
            // from (see Feed.source), no longer by its title: two files whose
            // channels are both called "News" stay two feeds.
            try db.execute(sql: """
                ALTER TABLE feed ADD COLUMN source TEXT;
                CREATE UNIQUE INDEX feed_by_source ON feed(source);
                """)
        }
        migrator.registerMigration("search-vocabulary-pruned") { db in
            // Words that left the word index leave the vocabulary from now
            // on (SearchTerms.prune); the words stores kept until now go once.
            try SearchTerms.prune(nil, in: db)
        }
        migrator.registerMigration("saved-searches") { db in
            // A name is one search: saving under it again replaces the query.
            try db.execute(sql: """
                CREATE TABLE savedSearch (
                    name TEXT PRIMARY KEY NOT NULL,
                    query TEXT NOT NULL,
                    created INTEGER NOT NULL)
                """)
        }
        migrator.registerMigration("feed-local-title") { db in
            // A title given in the reader: whatever writes the feed's title
            // (an import, a refresh, a sync), the local one is put back.
            try db.execute(sql: """
                ALTER TABLE feed ADD COLUMN localTitle TEXT;
                CREATE TRIGGER feed_keeps_local_title AFTER UPDATE OF title ON feed
                WHEN NEW.localTitle IS NOT NULL AND NEW.title IS NOT NEW.localTitle
                BEGIN
                    UPDATE feed SET title = NEW.localTitle WHERE id = NEW.id;
                END;
                """)
        }
        migrator.registerMigration("post-bodies-apart") { db in
            try moveBodiesApart(db)
        }
        migrator.registerMigration("post-counts") { db in
            // The reader's counts (months, the list's total, feeds) from a
            // small table kept by triggers, not from every post (see PostCounts).
            try PostCounts.create(db)
        }
        return migrator
    }

    /// Bodies leave the `post` table for `post_body`, each with the text the
    /// word index holds for it (see `StoredBody`). A post row is then a few
    /// hundred bytes: marking 100,000 posts read rewrites those, not every
    /// body through the log. And the index's words of a stored post are read
    /// back instead of rendered again: deleting a post, a snippet, a summary
    /// no longer parse its HTML. The index itself keeps its words (the same
    /// renderer made them), so it is not rebuilt.
    private static func moveBodiesApart(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER post_fts_delete;
            DROP VIEW post_search;
            CREATE TABLE post_body (
                id INTEGER PRIMARY KEY,
                -- StoredBody: the HTML as the feed sent it and its search text, deflated together
                body BLOB NOT NULL
            );
            INSERT INTO post_body (id, body) SELECT id, newsreader_body_from_html(html) FROM post;
            ALTER TABLE post DROP COLUMN html;
            """)
        try createSearchView(db)
    }

    /// What the word index reads when SQLite needs a post's words (snippets,
    /// a rebuild, a deleted post's old words): the title and the stored
    /// search text. Inserts and changes go through `PostIndexer`, which hands
    /// the index the text it has already rendered. Deletes come from several
    /// places, cascades among them: a trigger takes the old words out and the
    /// body with them.
    private static func createSearchView(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIEW post_search (id, title, text) AS
                SELECT post.id, post.title, newsreader_body_text(post_body.body)
                FROM post JOIN post_body ON post_body.id = post.id;
            CREATE TRIGGER post_delete AFTER DELETE ON post BEGIN
                INSERT INTO post_fts(post_fts, rowid, title, text)
                    SELECT 'delete', old.id, old.title, newsreader_body_text(body) FROM post_body WHERE id = old.id;
                DELETE FROM post_body WHERE id = old.id;
            END;
            """)
    }

    /// The word index over titles and rendered bodies, filled from the posts
    /// already stored (as migration v5 made it; see `moveBodiesApart`).
    /// unicode61 folds case in every script; diacritics are kept, so å, ä
    /// and ö stay letters of their own (har ≠ här).
    private static func createSearchIndex(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIEW post_search (id, title, text) AS
                SELECT id, title, newsreader_search_text(html) FROM post;
            CREATE VIRTUAL TABLE post_fts USING fts5(
                title, text, content='post_search', content_rowid='id',
                tokenize='unicode61 remove_diacritics 0');
            CREATE VIRTUAL TABLE post_vocab USING fts5vocab(post_fts, row);
            -- Inserts and changes go through PostWriter, which hands the index
            -- the text it has already rendered. (A trigger would also make FTS5
            -- write its pending words out at every row's statement savepoint:
            -- eight times slower for a big import.) Deletes come from several
            -- places, cascades among them, and are rare: a trigger takes the
            -- old words out, rendering the stored body once more.
            CREATE TRIGGER post_fts_delete AFTER DELETE ON post BEGIN
                INSERT INTO post_fts(post_fts, rowid, title, text)
                    VALUES ('delete', old.id, old.title, newsreader_search_text(old.html));
            END;
            """)
        try fillSearchIndex(db)
    }

    /// Renders every stored body again (its search text and its article, a
    /// renderer that changed, see `SearchText.version`), then refills the
    /// word index and the vocabulary from them.
    static func rebuildSearchIndex(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE post_body SET body = newsreader_body_rendered_again(body, (SELECT baseURL FROM post WHERE post.id = post_body.id))
            """)
        try fillSearchIndex(db)
    }

    /// Refills the word index and the vocabulary from the stored posts.
    static func fillSearchIndex(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO post_fts(post_fts) VALUES ('rebuild');
            DELETE FROM search_term;
            INSERT INTO search_term_fts(search_term_fts) VALUES ('delete-all');
            INSERT INTO search_term(term) SELECT term FROM post_vocab WHERE length(term) >= \(SearchTerms.minimumLength);
            PRAGMA user_version = \(SearchText.version);
            """)
    }

    /// A store indexed by a build that rendered text differently gets its
    /// index rebuilt (see `SearchText.version`). Read-only stores are left as they are.
    private func rebuildSearchIndexIfStale() throws {
        let stale = try writer.read { db in
            try Int32.fetchOne(db, sql: "PRAGMA user_version") != SearchText.version
        }
        guard stale, !writer.configuration.readonly else { return }
        try writer.write { db in
            // Another process may have rebuilt it meanwhile.
            guard try Int32.fetchOne(db, sql: "PRAGMA user_version") != SearchText.version else { return }
            try Self.rebuildSearchIndex(db)
        }
    }

    /// The identifiers of the migrations this build knows, oldest first.
    public static var knownMigrations: [String] { migrator.migrations }
}

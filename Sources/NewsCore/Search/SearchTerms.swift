import GRDB

/// The vocabulary of the store: every distinct word the search index holds,
/// in a small trigram index of its own.
///
/// It lets `rapport` find `upphandlingsrapport`: the word is looked up inside
/// the vocabulary (a few thousand entries, not a trigram index over every
/// post, which would be seven times the size of the word index), and the
/// compounds found are added to the query.
enum SearchTerms {
    /// Above this many new posts in one transaction, the vocabulary is
    /// refreshed from the word index in one pass instead of word by word.
    static let bulkThreshold = 500
    /// At most this many compounds are added for one query word.
    static let maxExpansions = 64

    /// Words shorter than this are never looked up in the vocabulary.
    static let minimumLength = 3
    /// A prefix standing for more stored words than this is left to FTS5's own prefix search.
    static let maxPrefixTerms = 256

    /// Records the words of new or changed posts (call inside their write
    /// transaction): `texts` are their titles and search texts, or nil when
    /// there were too many to go word by word. Words are split by the index's
    /// own tokenizer, so the vocabulary holds exactly its terms.
    static func record(texts: [String]?, in db: Database) throws {
        guard let texts else {
            try db.execute(sql: """
                INSERT OR IGNORE INTO search_term(term) SELECT term FROM post_vocab WHERE length(term) >= \(minimumLength)
                """)
            return
        }
        guard !texts.isEmpty else { return }
        let terms = try terms(in: texts, db: db)
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO search_term(term) VALUES (?)")
        for term in terms {
            try insert.execute(arguments: [term])
        }
    }

    /// The words (of the vocabulary's length) in `texts`, split by the
    /// index's own tokenizer.
    static func terms(in texts: [String], db: Database) throws -> Set<String> {
        let tokenizer = try db.makeTokenizer(.unicode61(diacritics: .keep))
        var terms = Set<String>()
        for text in texts {
            for (token, _) in try tokenizer.tokenize(document: text) where token.count >= minimumLength {
                terms.insert(token)
            }
        }
        return terms
    }

    /// Above this many candidate words, pruning checks the whole vocabulary in one pass.
    static let pruneWordByWordLimit = 20_000

    /// Takes the words that are no longer in the word index out of the
    /// vocabulary and its trigram index (call inside the transaction that
    /// changed the index, after the change). `candidates` are the words of
    /// the texts that left the index (changed or deleted posts); nil checks
    /// every word (after a feed's posts are purged). Without this a post
    /// refetched with new text left its old words behind for good.
    static func prune(_ candidates: Set<String>?, in db: Database) throws {
        var candidates = candidates
        if candidates == nil, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_term") ?? 0 <= pruneWordByWordLimit {
            // Looking each word up costs less than reading the whole index through post_vocab.
            candidates = Set(try String.fetchAll(db, sql: "SELECT term FROM search_term"))
        }
        var gone: [(id: Int64, term: String)] = []
        if let candidates, candidates.count <= pruneWordByWordLimit {
            guard !candidates.isEmpty else { return }
            let lookup = try db.makeStatement(sql: "SELECT id FROM search_term WHERE term = ?")
            // The first posting of the word, if any: cheap even for a word in every post.
            let indexed = try db.makeStatement(sql: "SELECT 1 FROM post_fts WHERE post_fts MATCH ? LIMIT 1")
            for term in candidates {
                guard let id = try Int64.fetchOne(lookup, arguments: [term]) else { continue }
                if try Int.fetchOne(indexed, arguments: ["\"" + term + "\""]) == nil {
                    gone.append((id, term))
                }
            }
        } else {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, term FROM search_term WHERE term NOT IN (SELECT term FROM post_vocab)
                """)
            while let row = try rows.next() { gone.append((row["id"], row["term"])) }
        }
        guard !gone.isEmpty else { return }
        let delete = try db.makeStatement(sql: "DELETE FROM search_term WHERE id = ?")
        let unindex = try db.makeStatement(sql: """
            INSERT INTO search_term_fts(search_term_fts, rowid, term) VALUES ('delete', ?, ?)
            """)
        for (id, term) in gone {
            // The trigram index is external content: it is told the very values it indexed.
            try unindex.execute(arguments: [id, term])
            try delete.execute(arguments: [id])
        }
        // Removals are kept as markers until FTS5 merges its segments; after
        // many, the (small) trigram index is merged at once, so its space is freed.
        if gone.count >= optimizeAfterRemovals {
            try db.execute(sql: "INSERT INTO search_term_fts(search_term_fts) VALUES ('optimize')")
        }
    }

    /// Words removed at once past which the trigram index is merged into one segment.
    static let optimizeAfterRemovals = 1_000

    /// Stored words that start with `word` (itself included), or nil when
    /// there are too many to list and FTS5's prefix search should do it.
    static func prefixed(by word: String, in db: Database) throws -> [String]? {
        // Two letters too: FTS5's own prefix search would gather every
        // posting of every such word into memory first.
        guard word.unicodeScalars.count >= 2 else { return nil }
        let terms = try String.fetchAll(db, sql: """
            SELECT term FROM search_term WHERE term >= ? AND term < ? ORDER BY term LIMIT ?
            """, arguments: [word, word + "\u{10FFFF}", maxPrefixTerms + 1])
        guard terms.count <= maxPrefixTerms else { return nil }
        return terms.contains(word) ? terms : [word] + terms
    }

    /// Stored words that contain `word` but do not start with it.
    static func compounds(containing word: String, in db: Database) throws -> [String] {
        guard word.unicodeScalars.count >= 3 else { return [] }
        return try String.fetchAll(db, sql: """
            SELECT term FROM search_term_fts WHERE search_term_fts MATCH ? AND term NOT LIKE ? ESCAPE '\\'
            ORDER BY length(term) LIMIT ?
            """, arguments: ["\"\(word)\"", Self.likePrefix(word), maxExpansions])
            .filter { !$0.hasPrefix(word) }
    }

    private static func likePrefix(_ word: String) -> String {
        var escaped = ""
        for character in word {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }
}

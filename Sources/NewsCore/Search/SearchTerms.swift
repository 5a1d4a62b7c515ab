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
        let tokenizer = try db.makeTokenizer(.unicode61(diacritics: .keep))
        var terms = Set<String>()
        for text in texts {
            for (token, _) in try tokenizer.tokenize(document: text) where token.count >= minimumLength {
                terms.insert(token)
            }
        }
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO search_term(term) VALUES (?)")
        for term in terms {
            try insert.execute(arguments: [term])
        }
    }

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

    /// Case folding as the unicode61 tokenizer does it (diacritics kept).
    static func fold(_ word: String) -> String {
        word.lowercased()
    }

    /// Letters, digits and marks belong to words, as in unicode61.
    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark,
             .privateUse:
            return true
        default:
            return false
        }
    }
}

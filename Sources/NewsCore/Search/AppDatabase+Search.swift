import Foundation
import GRDB
import NewsModel

/// How search results are ordered.
public enum SearchOrder: String, CaseIterable, Sendable {
    /// Best match first (BM25, titles weigh ten times the body), then newest.
    case relevance
    /// Newest first.
    case date
}

/// Keyword search through the FTS5 index.
extension AppDatabase {
    /// Ids of matching posts, in `order`. Words matched as themselves or as
    /// prefixes rank above words found only inside compounds.
    public func searchIDs(_ query: SearchQuery, filter: PostFilter = .all, order: SearchOrder = .relevance,
                          limit: Int = 10_000) throws -> [Int64] {
        try writer.read { db in
            try SearchPlan(query: query, filter: filter, db: db).ids(order: order, limit: limit, db: db)
        }
    }

    /// `searchIDs` and the matcher of the same plan, from one read: what the
    /// reader highlights is what this search found.
    public func searchIDsAndMatcher(_ query: SearchQuery, filter: PostFilter = .all, order: SearchOrder = .relevance,
                                    limit: Int = 10_000) throws -> (ids: [Int64], matcher: SearchMatcher) {
        try writer.read { db in
            let plan = try SearchPlan(query: query, filter: filter, db: db)
            return (try plan.ids(order: order, limit: limit, db: db), plan.matcher)
        }
    }

    /// Matching posts as list rows, in `order`.
    public func search(_ query: SearchQuery, filter: PostFilter = .all, order: SearchOrder = .relevance,
                       limit: Int = 10_000) throws -> [PostSummary] {
        try posts(ids: searchIDs(query, filter: filter, order: order, limit: limit))
    }

    /// How many posts match.
    public func searchCount(_ query: SearchQuery, filter: PostFilter = .all) throws -> Int {
        try writer.read { db in
            try SearchPlan(query: query, filter: filter, db: db).count(db: db)
        }
    }

    /// What counts as a hit of `query` in a text, as this store searches it:
    /// the prefixes it took and the compounds it added (see `SearchMatcher`).
    public func searchMatcher(_ query: SearchQuery) throws -> SearchMatcher {
        guard !query.terms.isEmpty else { return SearchMatcher(query: query) }
        return try writer.read { db in try SearchPlan(query: query, filter: .all, db: db).matcher }
    }

    /// What the bounds of a search left out of `query` (see `SearchQuery.Cut`),
    /// for a one-line notice; empty when all of it is searched.
    public func searchCuts(_ query: SearchQuery) throws -> [SearchQuery.Cut] {
        guard !query.terms.isEmpty else { return query.cuts }
        return try writer.read { db in try SearchPlan(query: query, filter: .all, db: db).cuts }
    }

    /// One-line extracts of the texts of `postIDs` around the matches of
    /// `query`, the matched words between `open` and `close`; posts without
    /// one are left out. One statement for all of them: the index is asked
    /// once, and only these posts' texts are rendered (a statement per post
    /// asked the index again for each: 58 ms each for `a` on 100,000 posts).
    public func snippets(_ query: SearchQuery, postIDs: [Int64], open: String, close: String,
                         words: Int = 16) throws -> [Int64: String] {
        guard let low = postIDs.min(), let high = postIDs.max() else { return [:] }
        return try writer.read { db in
            let plan = try SearchPlan(query: query, filter: .all, db: db)
            guard let pattern = plan.expandedPattern else { return [:] }
            // The matches in the posts' id range are walked once, in the
            // index's order, and snippet() runs only for the posts asked for.
            // (`+rowid` keeps the list from reaching FTS5 as a constraint: it
            // would run the whole MATCH again for each id.)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid, snippet(post_fts, 1, ?, ?, '…', ?) FROM post_fts
                WHERE post_fts MATCH ? AND rowid BETWEEN ? AND ?
                  AND +rowid IN (SELECT value FROM json_each(?))
                """, arguments: [open, close, words, pattern, low, high, Self.jsonArray(postIDs)])
            var snippets: [Int64: String] = [:]
            while let row = try rows.next() {
                if let snippet = row[1] as String?, !snippet.isEmpty { snippets[row[0]] = snippet }
            }
            return snippets
        }
    }
}

/// What `SearchPlan.forEachMatch` reads of each match, over `post` (and
/// `post_fts` when the query has words).
enum MatchColumns {
    case ids
    /// A list row (`PostSummary`) and its `text`.
    case listed(ListedText)
    /// The whole post, its stored body and its feed's title (`StoredArticle`).
    case articles

    var isIDs: Bool {
        if case .ids = self { return true }
        return false
    }

    func sql(searching: Bool) -> String {
        switch self {
        case .ids: return "post.id"
        case .listed(let text): return PostSummary.selectColumns + ", " + text.column(searching: searching)
        case .articles: return StoredArticle.columns
        }
    }

    func arguments(searching: Bool) -> StatementArguments {
        if case .listed(let text) = self { return text.arguments(searching: searching) }
        return []
    }

    var joins: String {
        switch self {
        case .ids: return ""
        case .listed(let text): return " JOIN feed ON feed.id = post.feedId" + text.join
        case .articles: return " JOIN feed ON feed.id = post.feedId JOIN post_body ON post_body.id = post.id"
        }
    }
}

/// A query turned into SQL: FTS5 patterns (quoted words only) and conditions.
struct SearchPlan {
    /// Words as themselves or as prefixes.
    var directPattern: String?
    /// The same, with compounds containing the words added.
    var expandedPattern: String?
    /// Words whose posts are left out.
    var exclusionPattern: String?
    var conditions: [String] = []
    var arguments: StatementArguments = []
    /// Nothing can match (for example a `feed:` naming no feed).
    var matchesNothing = false
    /// What the query's bounds and the plan's left out.
    var cuts: [SearchQuery.Cut]
    /// What the plan matches, for highlighting: each word as a prefix or
    /// whole, with the compounds added for it.
    var matcher = SearchMatcher(words: [])

    /// Words searched with FTS5's own prefix search at most, per query: a
    /// prefix that stands for more stored words than the vocabulary spells
    /// out makes FTS5 gather the postings of all of them.
    static let maximumOpenPrefixes = 2

    init(query: SearchQuery, filter: PostFilter, db: Database) throws {
        cuts = query.cuts
        let (filterSQL, filterArguments) = filter.sqlCondition
        conditions.append(filterSQL)
        arguments += filterArguments
        if let range = query.dateRange {
            conditions.append("post.published BETWEEN ? AND ?")
            arguments += [range.lowerBound, range.upperBound]
        }
        if !query.feedNames.isEmpty {
            let feeds = try Row.fetchAll(db, sql: "SELECT id, title FROM feed")
            let ids = feeds.filter { row in
                let title = SearchTokens.fold(row["title"] as String)
                return query.feedNames.contains { title.contains($0) }
            }.map { $0["id"] as Int64 }
            if ids.isEmpty { matchesNothing = true }
            conditions.append("post.feedId IN (\(ids.map(String.init).joined(separator: ",")))")
        }

        var direct: [String] = []
        var expanded: [String] = []
        var excluded: [String] = []
        var openPrefixes = 0
        for term in query.terms {
            switch term {
            case let .word(word, titleOnly):
                let column = titleOnly ? "title : " : ""
                // Prefixes are spelled out from the vocabulary where it is small
                // enough: FTS5 merges an OR of terms lazily, while its own
                // prefix search first copies every matching posting.
                let prefix: String
                var matchesPrefixes = true
                if let spelled = try SearchTerms.prefixed(by: word, in: db) {
                    prefix = spelled.map(Self.quote).joined(separator: " OR ")
                } else if word.unicodeScalars.count == 1 && !query.searchesOneLetterPrefixes {
                    prefix = Self.quote(word)
                    matchesPrefixes = false
                } else if openPrefixes < Self.maximumOpenPrefixes {
                    openPrefixes += 1
                    prefix = Self.quote(word) + "*"
                } else {
                    cuts.append(.prefix(word))
                    prefix = Self.quote(word)
                    matchesPrefixes = false
                }
                direct.append(column + "(" + prefix + ")")
                let compounds = try SearchTerms.compounds(containing: word, in: db)
                matcher.words.append(SearchMatcher.Word(word, matchesPrefixes: matchesPrefixes, compounds: Set(compounds),
                                                        titleOnly: titleOnly))
                if compounds.isEmpty {
                    expanded.append(column + "(" + prefix + ")")
                } else {
                    expanded.append(column + "(" + ([prefix] + compounds.map(Self.quote)).joined(separator: " OR ") + ")")
                }
            case let .phrase(words, titleOnly):
                matcher.phrases.append(SearchMatcher.Phrase(words, titleOnly: titleOnly))
                let phrase = (titleOnly ? "title : " : "") + Self.quote(words.joined(separator: " "))
                direct.append(phrase)
                expanded.append(phrase)
            case let .excluded(word):
                excluded.append(Self.quote(word))
            }
        }
        if !direct.isEmpty {
            directPattern = direct.joined(separator: " AND ")
            expandedPattern = expanded.joined(separator: " AND ")
        }
        if !excluded.isEmpty {
            exclusionPattern = excluded.joined(separator: " OR ")
            conditions.append("post.id NOT IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)")
            arguments += [exclusionPattern]
        }
        if query.isEmpty { matchesNothing = true }
    }

    /// A word made an FTS5 string: its own quotes doubled, so nothing in it is syntax.
    static func quote(_ word: String) -> String {
        "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// How many matches BM25 ranks at most (see `ids`).
    static let rankingWindow = 1_000

    private var whereSQL: String { conditions.joined(separator: " AND ") }

    func ids(order: SearchOrder, limit: Int, db: Database) throws -> [Int64] {
        var ids: [Int64] = []
        try forEachMatch(order: order, limit: limit, columns: .ids, db: db) { row in ids.append(row[0]) }
        return ids
    }

    /// Calls `body` with each match, best first (or newest first), as the
    /// statement reads it: a row of `columns`, the post's id first (a summary
    /// or a snippet comes from the same statement as the row). Holds the ids
    /// of the ranked window at most, never every match.
    func forEachMatch(order: SearchOrder, limit: Int, columns selection: MatchColumns, db: Database,
                      _ body: (Row) throws -> Void) throws {
        guard !matchesNothing, limit > 0 else { return }
        let columns = selection.sql(searching: directPattern != nil)
        let columnArguments = selection.arguments(searching: directPattern != nil)
        let joins = selection.joins
        guard let directPattern, let expandedPattern else {
            // Only filters and exclusions: newest first.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(columns) FROM post\(joins) WHERE \(whereSQL) ORDER BY post.published DESC, post.id LIMIT ?
                """, arguments: columnArguments + arguments + [limit])
            while let row = try rows.next() { try body(row) }
            return
        }
        let matches = "post_fts JOIN post ON post.id = post_fts.rowid" + joins
        if order == .date {
            // The page of ids first, so a summary or snippet is made only for the posts listed.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(columns) FROM \(matches)
                WHERE post_fts MATCH ? AND post.id IN (
                    SELECT post.id FROM post_fts JOIN post ON post.id = post_fts.rowid
                    WHERE post_fts MATCH ? AND \(whereSQL) ORDER BY post.published DESC, post.id LIMIT ?)
                ORDER BY post.published DESC, post.id
                """, arguments: columnArguments + [expandedPattern, expandedPattern] + arguments + [limit])
            while let row = try rows.next() { try body(row) }
            return
        }
        // BM25 over at most `rankingWindow` matches, the most recently stored:
        // ranking every post that holds a common word would cost a tenth of a
        // second, and such a word tells posts apart little anyway. The words'
        // weights are counted over the window's stretch of the store, not by
        // FTS5's bm25() over every posting (see SearchRanking).
        let window = Self.rankingWindow
        let ranked = """
            SELECT post.id, post.published, \(SearchRanking.functionName)(post_fts, 10.0, 1.0)
            FROM post_fts JOIN post ON post.id = post_fts.rowid
            WHERE post_fts MATCH ? AND \(whereSQL) %@
            ORDER BY post_fts.rowid DESC LIMIT \(window)
            """
        func rank(_ sql: String, _ arguments: StatementArguments) throws -> [Int64] {
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var matches: [SearchRanking.Match] = []
            while let row = try rows.next() {
                matches.append(SearchRanking.Match(id: row[0], published: row[1], frequencies: row[2]))
            }
            return SearchRanking.order(matches, complete: matches.count < window)
        }
        var best = Array(try rank(ranked.replacingOccurrences(of: "%@", with: ""),
                                  [directPattern] + arguments).prefix(limit))
        // Then the posts that match only inside compounds, ranked, when the
        // direct matches did not fill the window (when they did, compound
        // matches come with the rest below, and looking for them among every
        // direct match would cost more than the whole search).
        if expandedPattern != directPattern && best.count < min(limit, window) {
            let notDirect = "AND post.id NOT IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)"
            best += try rank(ranked.replacingOccurrences(of: "%@", with: notDirect),
                             [expandedPattern] + arguments + [directPattern]).prefix(limit - best.count)
        }
        if selection.isIDs {
            for id in best { try body(["id": id]) }
        } else if let low = best.min(), let high = best.max() {
            // The ranked posts' rows, read in one statement (the index walked
            // once over their id range), then given in their order.
            var rows: [Int64: Row] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT \(columns) FROM \(matches)
                WHERE post_fts MATCH ? AND post_fts.rowid BETWEEN ? AND ? AND +post_fts.rowid IN (SELECT value FROM json_each(?))
                """, arguments: columnArguments + [expandedPattern, low, high, AppDatabase.jsonArray(best)])
            while let row = try cursor.next() { rows[row["id"]] = row.copy() }
            for id in best { if let row = rows[id] { try body(row) } }
        }
        // Past the ranked windows, the other matches follow newest stored first.
        var emitted = best.count
        guard emitted < limit else { return }
        let seen = Set(best)
        let rest = try Row.fetchCursor(db, sql: """
            SELECT \(columns) FROM \(matches)
            WHERE post_fts MATCH ? AND \(whereSQL) ORDER BY post_fts.rowid DESC
            """, arguments: columnArguments + [expandedPattern] + arguments)
        while emitted < limit, let row = try rest.next() {
            if seen.contains(row[0]) { continue }
            try body(row)
            emitted += 1
        }
    }

    /// The titles of the matches' feeds, at most `limit` of them.
    func feedTitles(limit: Int, db: Database) throws -> Set<String> {
        guard !matchesNothing else { return [] }
        guard let expandedPattern else {
            return Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT feed.title FROM post JOIN feed ON feed.id = post.feedId WHERE \(whereSQL) LIMIT ?
                """, arguments: arguments + [limit]))
        }
        return Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT feed.title FROM post_fts JOIN post ON post.id = post_fts.rowid JOIN feed ON feed.id = post.feedId
            WHERE post_fts MATCH ? AND \(whereSQL) LIMIT ?
            """, arguments: [expandedPattern] + arguments + [limit]))
    }

    /// The largest id among the matches (the newest stored).
    func largestID(db: Database) throws -> Int64? {
        guard !matchesNothing else { return nil }
        guard let expandedPattern else {
            return try Int64.fetchOne(db, sql: "SELECT MAX(post.id) FROM post WHERE \(whereSQL)", arguments: arguments)
        }
        return try Int64.fetchOne(db, sql: """
            SELECT post.id FROM post_fts JOIN post ON post.id = post_fts.rowid
            WHERE post_fts MATCH ? AND \(whereSQL) ORDER BY post_fts.rowid DESC LIMIT 1
            """, arguments: [expandedPattern] + arguments)
    }

    func count(db: Database) throws -> Int {
        guard !matchesNothing else { return 0 }
        guard let expandedPattern else {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post WHERE \(whereSQL)", arguments: arguments) ?? 0
        }
        if conditions == ["1"] {
            // No filter: the index alone answers, without visiting a post.
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post_fts WHERE post_fts MATCH ?",
                                    arguments: [expandedPattern]) ?? 0
        }
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM post_fts JOIN post ON post.id = post_fts.rowid WHERE post_fts MATCH ? AND \(whereSQL)
            """, arguments: [expandedPattern] + arguments) ?? 0
    }
}

import Foundation
import GRDB
import GRDBSQLite

/// BM25 over a window of matches, with the word weights counted in the window.
///
/// FTS5's own `bm25()` weighs each phrase of the query by how many posts of
/// the whole store hold it (its IDF), and counts those by reading every
/// posting of every phrase when a statement first calls it: for a word in
/// every post, a million postings per phrase (most of a common word's search
/// on the 1,000,000-post store), however few matches are ranked. Here the
/// index hands over, per match, only what it has at hand (the phrase
/// frequencies and the post's length); the weights are counted over the
/// stretch of posts the ranked matches span: the whole store when the
/// window holds every match, the posts between its oldest and newest match
/// when it is full. The formula is FTS5's (k1 1.2, b 0.75, a phrase's IDF
/// floored at 1e-6), so a query of one word ranks exactly as `bm25()` did.
enum SearchRanking {
    /// The FTS5 auxiliary function: `newsreader_phrase_frequencies(post_fts, titleWeight, textWeight)`
    /// returns a blob of doubles: the store's post count, its token count, this post's
    /// token count, then the weighted count of each phrase's hits in it.
    static let functionName = "newsreader_phrase_frequencies"

    /// Adds the function to `db`'s FTS5 (each connection needs its own).
    static func register(in db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), functionName, nil, phraseFrequencies, nil)
    }

    /// One match: its id, date and what the function returned for it.
    struct Match {
        var id: Int64
        var published: Int64?
        var stats: [Double]

        init(id: Int64, published: Int64?, frequencies: Data?) {
            self.id = id
            self.published = published
            let count = (frequencies?.count ?? 0) / MemoryLayout<Double>.size
            var stats = [Double](repeating: 0, count: count)
            if let frequencies, count > 0 {
                stats.withUnsafeMutableBytes { target in
                    _ = frequencies.copyBytes(to: target.bindMemory(to: UInt8.self), count: count * MemoryLayout<Double>.size)
                }
            }
            self.stats = stats
        }
    }

    static let k1 = 1.2
    static let b = 0.75

    /// The ids of `matches` best first (lowest score, then newest, then id), as bm25 orders them.
    /// `complete`: the matches are all there are (the window was not filled).
    static func order(_ matches: [Match], complete: Bool) -> [Int64] {
        guard let first = matches.first(where: { $0.stats.count >= 3 }) else {
            return matches.map(\.id)
        }
        let rows = max(first.stats[0], 1)
        let averageLength = max(first.stats[1] / rows, 1)
        let phrases = matches.map { max($0.stats.count - 3, 0) }.max() ?? 0
        var span = rows
        if !complete, let low = matches.map(\.id).min(), let high = matches.map(\.id).max() {
            span = min(rows, Double(high - low + 1))
        }
        var weights = [Double](repeating: 0, count: phrases)
        for phrase in 0..<phrases {
            let holding = Double(matches.count { $0.stats.count > phrase + 3 && $0.stats[phrase + 3] > 0 })
            let idf = log((span - holding + 0.5) / (holding + 0.5))
            weights[phrase] = idf > 0 ? idf : 1e-6
        }
        let scored = matches.map { match -> (Match, Double) in
            guard match.stats.count >= 3 else { return (match, 0) }
            let length = match.stats[2]
            var score = 0.0
            for phrase in 0..<min(phrases, match.stats.count - 3) {
                let frequency = match.stats[phrase + 3]
                score += weights[phrase] * (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * length / averageLength))
            }
            return (match, -score)
        }
        return scored.sorted { left, right in
            if left.1 != right.1 { return left.1 < right.1 }
            // Newest first; undated last (SQLite sorts NULL first ascending, so last descending).
            let l = left.0.published ?? Int64.min, r = right.0.published ?? Int64.min
            if l != r { return l > r }
            return left.0.id < right.0.id
        }.map(\.0.id)
    }
}

/// Called by FTS5 for each row: see `SearchRanking.functionName`.
private func phraseFrequencies(api: UnsafePointer<Fts5ExtensionApi>?, fts: OpaquePointer?, context: OpaquePointer?,
                               valueCount: Int32, values: UnsafeMutablePointer<OpaquePointer?>?) {
    guard let api = api?.pointee, let context else { return }
    let phrases = Int(api.xPhraseCount(fts))
    var stats = [Double](repeating: 0, count: phrases + 3)
    var rows: Int64 = 0
    var tokens: Int64 = 0
    var length: Int32 = 0
    var instances: Int32 = 0
    var code = api.xRowCount(fts, &rows)
    if code == SQLITE_OK { code = api.xColumnTotalSize(fts, -1, &tokens) }
    if code == SQLITE_OK { code = api.xColumnSize(fts, -1, &length) }
    if code == SQLITE_OK { code = api.xInstCount(fts, &instances) }
    var instance: Int32 = 0
    while code == SQLITE_OK && instance < instances {
        var phrase: Int32 = 0
        var column: Int32 = 0
        var offset: Int32 = 0
        code = api.xInst(fts, instance, &phrase, &column, &offset)
        if code == SQLITE_OK, phrase >= 0, Int(phrase) < phrases {
            let weight = column < valueCount ? sqlite3_value_double(values?[Int(column)]) : 1
            stats[Int(phrase) + 3] += weight
        }
        instance += 1
    }
    guard code == SQLITE_OK else {
        sqlite3_result_error_code(context, code)
        return
    }
    stats[0] = Double(rows)
    stats[1] = Double(tokens)
    stats[2] = Double(length)
    stats.withUnsafeBytes { bytes in
        sqlite3_result_blob(context, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}

import Foundation

/// A user's search text, read forgivingly into terms.
///
/// Syntax: plain words must all match (each as a word, the start of one, or
/// — from three letters on — inside a compound); `"exact phrase"`; `-word`
/// excludes; `title:word` searches titles only; `feed:name` keeps one feed;
/// `month:2021-12` (or `month:2021-11..2022-01`) and
/// `date:2021-12-01..2021-12-31` limit the dates. Anything unbalanced or
/// unknown is read as plain words; only a `month:` or `date:` that names no
/// month or day (`month:2021-13`) is a `problem`, which callers report
/// instead of searching.
///
/// User text never reaches `MATCH` as typed: every word is re-tokenized the
/// way the index's unicode61 tokenizer splits text, then quoted.
///
/// The work a query asks for is bounded (a 2,000-word phrase took 46 s):
/// at most `maximumWords` words in all, a phrase of at most
/// `maximumPhraseWords`; a one-letter word is a prefix only when it is the
/// whole query. What was cut is in `cuts`, for a one-line notice.
public struct SearchQuery: Hashable, Sendable {
    /// Words searched at most, plain, quoted and excluded together.
    public static let maximumWords = 32
    /// Words of one quoted phrase searched at most.
    public static let maximumPhraseWords = 16

    /// A part of the text that was not searched as written.
    public enum Cut: Hashable, Sendable {
        /// Words past the first `maximumWords` were left out.
        case words
        /// A phrase was cut to its first `maximumPhraseWords` words.
        case phrase
        /// A prefix standing for too many stored words was matched as a whole word.
        case prefix(String)
    }

    public enum Term: Hashable, Sendable {
        /// A word to find anywhere (title or body), or in titles only.
        case word(String, titleOnly: Bool)
        /// Words that must stand together in this order.
        case phrase([String], titleOnly: Bool)
        /// A word whose posts are left out.
        case excluded(String)
    }

    public let text: String
    public private(set) var terms: [Term] = []
    /// Case-folded fragments of feed titles (`feed:`); a post's feed must contain one.
    public private(set) var feedNames: [String] = []
    /// Inclusive bounds in seconds since 1970 (`month:` and `date:`).
    public private(set) var dateRange: ClosedRange<Int64>?
    /// What the bounds left out, in the order met.
    public private(set) var cuts: [Cut] = []
    /// Words taken so far, against `maximumWords`.
    private var wordCount = 0
    /// The first limit that names no month or day; the query should not be run.
    public private(set) var problem: Problem?

    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        /// `month:2021-13`, `month:december` (the whole token).
        case notAMonth(String)
        /// `date:2021-02-30`, `date:2022-01-01..2021-12-01`.
        case notADate(String)

        public var description: String {
            switch self {
            case let .notAMonth(token):
                return "\(token) is not a month: write month:YYYY-MM, for example month:2021-12 or month:2021-11..2022-01"
            case let .notADate(token):
                return "\(token) is not a date: write date:YYYY-MM-DD, for example date:2021-12-14 or date:2021-12-01..2021-12-31"
            }
        }
    }

    public init(_ text: String) {
        self.text = text
        parse(text.precomposedStringWithCanonicalMapping)
    }

    /// One line saying what the bounds left out (`cuts`, and those the
    /// store adds for prefixes), or nil when the whole text was searched.
    public static func notice(_ cuts: [Cut]) -> String? {
        guard !cuts.isEmpty else { return nil }
        var parts: [String] = []
        if cuts.contains(.words) { parts.append("only its first \(maximumWords) words were searched") }
        if cuts.contains(.phrase) { parts.append("phrases were cut to their first \(maximumPhraseWords) words") }
        let prefixes = cuts.compactMap { if case let .prefix(word) = $0 { return "'\(word)'" } else { return nil } }
        if !prefixes.isEmpty {
            parts.append("\(prefixes.joined(separator: ", ")) matched as \(prefixes.count == 1 ? "a whole word" : "whole words") "
                + "(each would start too many words)")
        }
        return "the query was too big: " + parts.joined(separator: "; ")
    }

    /// Whether a one-letter word is searched as a prefix (`a` finds
    /// `avtal`): only when it is the query's only term; beside other words
    /// it would cost a scan of most of the index for little, and it matches
    /// itself.
    public var searchesOneLetterPrefixes: Bool { terms.count == 1 }

    /// The positive words, for highlighting matches.
    public var words: [String] {
        terms.flatMap { term -> [String] in
            switch term {
            case let .word(word, _): return [word]
            case let .phrase(words, _): return words
            case .excluded: return []
            }
        }
    }

    /// True when the text asks for nothing: the answer is "no match",
    /// without asking the store.
    public var isEmpty: Bool { terms.isEmpty && feedNames.isEmpty && dateRange == nil }

    /// Whether the query has something to ask the full-text index.
    var hasPositiveTerms: Bool {
        terms.contains { if case .excluded = $0 { return false } else { return true } }
    }

    // MARK: - Reading the text

    private mutating func parse(_ text: String) {
        var rest = Substring(text)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            // A quoted phrase, when its closing quote is there; else the quote is literal.
            if let open = rest.first, Self.quotes.contains(open),
               let close = rest.dropFirst().firstIndex(where: { Self.quotes.contains($0) }) {
                add(words: Self.words(in: rest[rest.index(after: rest.startIndex)..<close]), titleOnly: false)
                rest = rest[rest.index(after: close)...]
                continue
            }
            let end = rest.firstIndex(where: { $0.isWhitespace }) ?? rest.endIndex
            read(token: rest[..<end])
            rest = rest[end...]
        }
    }

    /// Takes a term within the bounds: the words the budget allows, a
    /// phrase cut to its maximum length. Returns false when nothing was left.
    @discardableResult
    private mutating func take(_ term: Term) -> Bool {
        let room = Self.maximumWords - wordCount
        guard room > 0 else {
            if !cuts.contains(.words) { cuts.append(.words) }
            return false
        }
        guard case let .phrase(words, titleOnly) = term else {
            terms.append(term)
            wordCount += 1
            return true
        }
        var kept = words
        if kept.count > Self.maximumPhraseWords {
            kept = Array(kept.prefix(Self.maximumPhraseWords))
            if !cuts.contains(.phrase) { cuts.append(.phrase) }
        }
        if kept.count > room {
            kept = Array(kept.prefix(room))
            if !cuts.contains(.words) { cuts.append(.words) }
        }
        terms.append(kept.count == 1 ? .word(kept[0], titleOnly: titleOnly) : .phrase(kept, titleOnly: titleOnly))
        wordCount += kept.count
        return true
    }

    /// Quoted words: one is a word, more a phrase.
    private mutating func add(words: [String], titleOnly: Bool) {
        if words.count == 1 { take(.word(words[0], titleOnly: titleOnly)) }
        if words.count > 1 { take(.phrase(words, titleOnly: titleOnly)) }
    }

    private mutating func read(token: Substring) {
        if token.hasPrefix("-"), token.count > 1 {
            let words = Self.words(in: token.dropFirst())
            if words.count == 1 {
                take(.excluded(words[0]))
                return
            }
        }
        if let colon = token.firstIndex(of: ":") {
            let field = token[..<colon].lowercased()
            let value = token[token.index(after: colon)...]
            switch field {
            case "title":
                let words = Self.words(in: value)
                if !words.isEmpty { add(words: words, titleOnly: true); return }
            case "feed" where !value.isEmpty:
                feedNames.append(SearchTokens.fold(String(value)))
                return
            case "month", "date":
                if let range = Self.dateRange(value) {
                    // Every limit applies: their overlap, or (disjoint limits) a range no post has.
                    dateRange = dateRange.map {
                        let lower = max($0.lowerBound, range.lowerBound), upper = min($0.upperBound, range.upperBound)
                        return lower <= upper ? lower...upper : Int64.min...Int64.min
                    } ?? range
                    return
                }
                if problem == nil {
                    problem = field == "month" ? .notAMonth(String(token)) : .notADate(String(token))
                }
            default:
                break
            }
        }
        for word in Self.words(in: token) {
            take(.word(word, titleOnly: false))
        }
    }

    /// The marks that open and close a phrase.
    public static let quoteCharacters: Set<Character> = ["\"", "“", "”", "„"]
    private static let quotes = quoteCharacters

    /// `2021-12`, `2021-12-14`, or `A..B` of either, as an inclusive range of seconds.
    static func dateRange(_ text: Substring) -> ClosedRange<Int64>? {
        let parts = text.components(separatedBy: "..")
        guard parts.count <= 2, let from = dayBounds(parts[0]),
              let to = dayBounds(parts.count == 2 ? parts[1] : parts[0]),
              from.lowerBound <= to.upperBound else { return nil }
        return from.lowerBound...to.upperBound
    }

    private static func dayBounds(_ text: String) -> ClosedRange<Int64>? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, fields[0].count == 4,
              let year = Int(fields[0]), let month = Int(fields[1]), (1...12).contains(month) else { return nil }
        if fields.count == 3 {
            guard let day = Int(fields[2]), (1...31).contains(day) else { return nil }
            let start = UTCDate(year: year, month: month, day: day).secondsSince1970
            // 2021-02-30 would be 2 March.
            guard UTCDate(seconds: start).day == day else { return nil }
            return start...(start + 86_399)
        }
        let start = UTCDate(year: year, month: month, day: 1).secondsSince1970
        let next = UTCDate(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1).secondsSince1970
        return start...(next - 1)
    }

    /// Runs of letters, digits and marks, case-folded, as unicode61 splits and folds text.
    static func words(in text: some StringProtocol) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if SearchTokens.isTokenScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(SearchTokens.fold(String(current)))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(SearchTokens.fold(String(current))) }
        return words
    }
}

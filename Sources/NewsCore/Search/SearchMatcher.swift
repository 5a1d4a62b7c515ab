/// Where a search's hits are in a text: the one rule the list and the
/// article highlight by, and `n`/`N` step through, built with the search
/// itself (`AppDatabase.searchMatcher`) so a highlight never disagrees with
/// what was found.
///
/// A word of the query is a hit where a word of the text (split and folded as
/// the index splits and folds: case-insensitive in every script, canonically
/// equivalent forms equal, å, ä and ö letters of their own) is that word,
/// starts with it (when the search took it as a prefix), or is one of the
/// stored compounds the search added for it (`hållbarhetskrav` for `krav`:
/// there the word's part is the hit). The words of a phrase are hits only
/// where they stand together, in order. Excluded words are never hits.
public struct SearchMatcher: Hashable, Sendable {
    public struct Word: Hashable, Sendable {
        /// Folded as the index folds it.
        public var text: String
        /// Whether stored words that start with it were searched too (not
        /// for a one-letter word beside others, nor for a prefix that stood
        /// for too many words).
        public var matchesPrefixes: Bool
        /// Stored words that hold it past their start and were searched for it.
        public var compounds: Set<String>
        /// `title:word`: a hit in titles only.
        public var titleOnly: Bool

        public init(_ text: String, matchesPrefixes: Bool = true, compounds: Set<String> = [], titleOnly: Bool = false) {
            self.text = text
            self.matchesPrefixes = matchesPrefixes
            self.compounds = compounds
            self.titleOnly = titleOnly
        }
    }

    public struct Phrase: Hashable, Sendable {
        public var words: [String]
        public var titleOnly: Bool

        public init(_ words: [String], titleOnly: Bool = false) {
            self.words = words
            self.titleOnly = titleOnly
        }
    }

    public var words: [Word]
    public var phrases: [Phrase]

    public init(words: [Word], phrases: [Phrase] = []) {
        self.words = words
        self.phrases = phrases
    }

    /// The query's words as the store takes them before it looks at its
    /// vocabulary: prefixes (a one-letter word only when it is the whole
    /// query), no compounds. The store's matcher adds what it found.
    public init(query: SearchQuery) {
        var words: [Word] = []
        var phrases: [Phrase] = []
        for term in query.terms {
            switch term {
            case let .word(word, titleOnly):
                words.append(Word(word, matchesPrefixes: word.count > 1 || query.searchesOneLetterPrefixes, titleOnly: titleOnly))
            case let .phrase(phraseWords, titleOnly):
                phrases.append(Phrase(phraseWords, titleOnly: titleOnly))
            case .excluded:
                break
            }
        }
        self.init(words: words, phrases: phrases)
    }

    /// Nothing is ever a hit (no search, or one of filters and exclusions only).
    public var isEmpty: Bool { words.isEmpty && phrases.isEmpty }

    /// The hits in `text`, as character offsets.
    public func hits(in text: String, isTitle: Bool = false) -> [Range<Int>] {
        hits(in: [Passage(text)], isTitle: isTitle)[0]
    }

    /// A stretch of text to look for hits in, with the character ranges that
    /// are not the post's words (a list marker, a link's `[1]`): skipped, so
    /// they neither match nor stand between the words of a phrase.
    public struct Passage: Hashable, Sendable {
        public var text: String
        public var skipped: [Range<Int>]

        public init(_ text: String, skipped: [Range<Int>] = []) {
            self.text = text
            self.skipped = skipped
        }
    }

    /// The hits in passages read as one run of words, as the index reads a
    /// post's text (a phrase may go on from one line to the next): for each
    /// passage, its hits as character offsets, in order.
    public func hits(in passages: [Passage], isTitle: Bool) -> [[Range<Int>]] {
        var found = Array(repeating: [Range<Int>](), count: passages.count)
        guard !isEmpty else { return found }
        let words = self.words.filter { isTitle || !$0.titleOnly }
        let phrases = self.phrases.filter { isTitle || !$0.titleOnly }
        var stream: [Token] = []
        for (index, passage) in passages.enumerated() {
            stream += Self.tokens(of: passage, passage: index)
        }
        for token in stream {
            for word in words {
                for range in token.parts(matching: word) { found[token.passage].append(range) }
            }
        }
        for phrase in phrases where !phrase.words.isEmpty {
            let folded = phrase.words.map(Array.init)
            var start = 0
            while start + folded.count <= stream.count {
                if (0..<folded.count).allSatisfy({ stream[start + $0].folded == folded[$0] }) {
                    // One hit from its first word to its last, in each passage it spans.
                    let occurrence = stream[start..<(start + folded.count)]
                    for passage in Set(occurrence.map(\.passage)) {
                        let tokens = occurrence.filter { $0.passage == passage }
                        found[passage].append(tokens.first!.range.lowerBound..<tokens.last!.range.upperBound)
                    }
                    start += folded.count
                } else {
                    start += 1
                }
            }
        }
        return found.map(Self.merged)
    }

    /// A word of a passage: where it is, and its characters folded.
    struct Token {
        var passage: Int
        /// Character offsets in the passage.
        var range: Range<Int>
        var folded: [Character]
        /// For each folded character, the offset of the character it came from.
        var origin: [Int]

        /// The stretches of the token that are hits of `word`.
        func parts(matching word: Word) -> [Range<Int>] {
            let text = Array(word.text)
            guard !text.isEmpty, text.count <= folded.count else { return [] }
            if folded == text { return [range] }
            if word.matchesPrefixes && folded.starts(with: text) { return [span(0..<text.count)] }
            guard word.compounds.contains(String(folded)) else { return [] }
            var parts: [Range<Int>] = []
            var start = 0
            while start + text.count <= folded.count {
                if folded[start..<(start + text.count)].elementsEqual(text) {
                    parts.append(span(start..<(start + text.count)))
                    start += text.count
                } else {
                    start += 1
                }
            }
            return parts
        }

        /// Folded characters `range` as character offsets of the passage.
        func span(_ range: Range<Int>) -> Range<Int> {
            origin[range.lowerBound]..<(origin[range.upperBound - 1] + 1)
        }
    }

    /// The words of a passage, split as the index splits text (runs of
    /// letters, digits and marks) and folded as it folds them.
    static func tokens(of passage: Passage, passage index: Int) -> [Token] {
        var tokens: [Token] = []
        var current: Token?
        var skipped = passage.skipped.makeIterator()
        var skip = skipped.next()
        for (offset, character) in passage.text.enumerated() {
            while let range = skip, range.upperBound <= offset { skip = skipped.next() }
            let isSkipped = skip?.contains(offset) ?? false
            guard !isSkipped, let first = character.unicodeScalars.first, SearchTerms.isTokenScalar(first) else {
                if let token = current { tokens.append(token) }
                current = nil
                continue
            }
            var token = current ?? Token(passage: index, range: offset..<offset, folded: [], origin: [])
            for folded in SearchTerms.fold(String(character)) {
                token.folded.append(folded)
                token.origin.append(offset)
            }
            token.range = token.range.lowerBound..<(offset + 1)
            current = token
        }
        if let token = current { tokens.append(token) }
        return tokens
    }

    /// Ranges in order, overlapping or touching ones joined.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}

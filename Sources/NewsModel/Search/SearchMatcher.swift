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
        let words = self.words.filter { isTitle || !$0.titleOnly }.map(Pattern.init)
        let phrases = self.phrases.filter { (isTitle || !$0.titleOnly) && !$0.words.isEmpty }.map { $0.words.map(Array.init) }
        let longestPhrase = phrases.map(\.count).max() ?? 0
        // The last words read, as long as the longest phrase: phrases are matched as the words stream by.
        var recent: [(passage: Int, range: Range<Int>, folded: [Character])] = []
        var scanner = Scanner()
        for (index, passage) in passages.enumerated() {
            scanner.scan(passage) { token in
                for word in words {
                    for range in word.parts(of: token) { found[index].append(range) }
                }
                guard longestPhrase > 0 else { return }
                if recent.count == longestPhrase { recent.removeFirst() }
                recent.append((index, token.range, token.folded))
                for phrase in phrases where recent.count >= phrase.count {
                    let occurrence = recent.suffix(phrase.count)
                    guard zip(occurrence, phrase).allSatisfy({ $0.folded == $1 }) else { continue }
                    // One hit from its first word to its last, in each passage it spans.
                    for passage in Set(occurrence.map(\.passage)) {
                        let words = occurrence.filter { $0.passage == passage }
                        found[passage].append(words.first!.range.lowerBound..<words.last!.range.upperBound)
                    }
                }
            }
        }
        return found.map(Self.merged)
    }

    /// A word of the query ready to compare with the text's words.
    struct Pattern {
        var text: [Character]
        var matchesPrefixes: Bool
        var compounds: Set<String>
        /// The compounds' lengths: only a word of one of these lengths needs looking up.
        var compoundLengths: Set<Int>

        init(_ word: Word) {
            text = Array(word.text)
            matchesPrefixes = word.matchesPrefixes
            compounds = word.compounds
            compoundLengths = Set(word.compounds.map(\.count))
        }

        /// The stretches of `token` that are hits of this word.
        func parts(of token: Token) -> [Range<Int>] {
            let folded = token.folded
            guard !text.isEmpty, text.count <= folded.count, folded.contains(text[0]) else { return [] }
            if folded.count == text.count { return folded == text ? [token.range] : [] }
            if matchesPrefixes && folded.starts(with: text) { return [token.span(0..<text.count)] }
            guard compoundLengths.contains(folded.count), compounds.contains(String(folded)) else { return [] }
            var parts: [Range<Int>] = []
            var start = 0
            while start + text.count <= folded.count {
                if folded[start..<(start + text.count)].elementsEqual(text) {
                    parts.append(token.span(start..<(start + text.count)))
                    start += text.count
                } else {
                    start += 1
                }
            }
            return parts
        }
    }

    /// A word of a passage: where it is (character offsets), its characters
    /// folded, and for each folded character the offset it came from.
    struct Token {
        var range: Range<Int>
        var folded: [Character]
        var origin: [Int]

        /// Folded characters `range` as character offsets of the passage.
        func span(_ range: Range<Int>) -> Range<Int> {
            origin[range.lowerBound]..<(origin[range.upperBound - 1] + 1)
        }
    }

    /// Splits passages into words as the index splits text (runs of letters,
    /// digits and marks) and folds them as it folds them. ASCII, most of
    /// most text, is folded without allocating; one token's storage is reused.
    struct Scanner {
        var token = Token(range: 0..<0, folded: [], origin: [])

        mutating func scan(_ passage: Passage, _ visit: (Token) -> Void) {
            var skipped = passage.skipped.sorted { $0.lowerBound < $1.lowerBound }.makeIterator()
            var skip = skipped.next()
            var start: Int?
            var offset = 0
            for character in passage.text {
                defer { offset += 1 }
                while let range = skip, range.upperBound <= offset { skip = skipped.next() }
                let isWord: Bool
                if skip?.contains(offset) == true {
                    isWord = false
                } else if let ascii = character.asciiValue {
                    isWord = (ascii >= 0x30 && ascii <= 0x39) || (ascii | 0x20 >= 0x61 && ascii | 0x20 <= 0x7A)
                } else {
                    isWord = character.unicodeScalars.first.map(SearchTokens.isTokenScalar) ?? false
                }
                guard isWord else {
                    if let first = start { emit(first, offset, visit) }
                    start = nil
                    continue
                }
                if start == nil {
                    start = offset
                    token.folded.removeAll(keepingCapacity: true)
                    token.origin.removeAll(keepingCapacity: true)
                }
                if let ascii = character.asciiValue {
                    token.folded.append(Character(Unicode.Scalar(ascii >= 0x41 && ascii <= 0x5A ? ascii | 0x20 : ascii)))
                    token.origin.append(offset)
                } else {
                    for folded in SearchTokens.fold(String(character)) {
                        token.folded.append(folded)
                        token.origin.append(offset)
                    }
                }
            }
            if let first = start { emit(first, offset, visit) }
        }

        private mutating func emit(_ start: Int, _ end: Int, _ visit: (Token) -> Void) {
            token.range = start..<end
            visit(token)
        }
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

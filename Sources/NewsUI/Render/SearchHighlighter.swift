/// Finds what to highlight for a search: words of the text that start with
/// one of the query's words, compared without regard to case — the same
/// prefix matching the store's full-text search does.
public enum SearchHighlighter {
    /// Character offsets (not columns) of the matching prefixes in `text`.
    public static func matches(in text: String, words: [String]) -> [Range<Int>] {
        guard !words.isEmpty else { return [] }
        let queries = words.map { Array($0.lowercased()) }.filter { !$0.isEmpty }
        let characters = Array(text)
        var ranges: [Range<Int>] = []
        var index = 0
        while index < characters.count {
            guard isWordCharacter(characters[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < characters.count && isWordCharacter(characters[index]) { index += 1 }
            let word = characters[start..<index]
            var longest = 0
            for query in queries where query.count <= word.count && query.count > longest {
                if zip(word, query).allSatisfy({ lowercased($0) == String($1) }) { longest = query.count }
            }
            if longest > 0 { ranges.append(start..<(start + longest)) }
        }
        return ranges
    }

    /// A lookup for the renderer: is the character at this offset part of a match?
    public static func mask(for text: String, words: [String]) -> Set<Int> {
        var mask = Set<Int>()
        for range in matches(in: text, words: words) { mask.formUnion(range) }
        return mask
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    private static func lowercased(_ character: Character) -> String {
        character.lowercased()
    }
}

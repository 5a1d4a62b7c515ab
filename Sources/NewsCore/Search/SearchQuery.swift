import Foundation

/// A user's search text turned into a safe FTS5 pattern.
///
/// User input never reaches `MATCH` as it was typed: the text is split into
/// words (runs of letters and digits, as the unicode61 tokenizer splits
/// them), each word is quoted and made a prefix, and all must match.
/// Quotes, `*`, `AND`, `-` and parentheses are thereby plain text.
public struct SearchQuery: Hashable, Sendable {
    public let text: String
    public let words: [String]

    public init(_ text: String) {
        self.text = text
        self.words = Self.words(in: text.precomposedStringWithCanonicalMapping)
    }

    /// True when the text holds no searchable word (`""`, `*`, `-`): the
    /// answer is "no match", without asking the store.
    public var isEmpty: Bool { words.isEmpty }

    /// `"upphandl"* "hållbar"*`, or nil when there is nothing to search for.
    public var ftsPattern: String? {
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Self.isTokenScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Letters, digits and combining marks belong to words, as in unicode61.
    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
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

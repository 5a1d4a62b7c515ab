/// Words as the search index's unicode61 tokenizer splits and folds them,
/// so that a query's words are the index's words: the query parser and the
/// store's vocabulary use the same rules.
public enum SearchTokens {
    /// Case folding as the unicode61 tokenizer does it (diacritics kept).
    public static func fold(_ word: String) -> String {
        word.lowercased()
    }

    /// Letters, digits and marks belong to words, as in unicode61.
    public static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
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

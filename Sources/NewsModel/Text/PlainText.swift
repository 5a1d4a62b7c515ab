/// Small helpers for plain text shown in listings.
public enum PlainText {
    /// Whitespace runs (newlines included) collapsed to single spaces, trimmed.
    public static func collapsingWhitespace(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A one-line summary of at most `length` characters, cut at a word with `…`.
    public static func summary(_ text: some StringProtocol, length: Int = 200) -> String {
        let line = collapsingWhitespace(text)
        guard line.count > length else { return line }
        var cut = String(line.prefix(length - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > length / 2 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }
}

/// Small helpers for plain text shown in listings.
public enum PlainText {
    /// Whitespace runs (newlines included) collapsed to single spaces, trimmed.
    public static func collapsingWhitespace(_ text: some StringProtocol) -> String {
        if let fast = collapsedWithoutMarks(String(text)) { return fast.text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A one-line summary of at most `length` characters, cut at a word with `…`.
    public static func summary(_ text: some StringProtocol, length: Int = 200) -> String {
        if let fast = collapsedWithoutMarks(String(text)) {
            guard fast.scalars > length else { return fast.text }
            return cut(fast.text, length: length)
        }
        let line = collapsingWhitespace(text)
        guard line.count > length else { return line }
        return cut(line, length: length)
    }

    private static func cut(_ line: String, length: Int) -> String {
        var cut = String(line.prefix(length - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > length / 2 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// `text` with its whitespace collapsed, and how many scalars that
    /// leaves, worked out on its UTF-8 bytes; nil for text with a scalar
    /// from U+0300 on. Below U+0300 each scalar is a character of its own
    /// (no combining marks, no joiners, no prepended scalars; CR LF, the one
    /// pair, is whitespace either way), so this is exactly what splitting
    /// the characters gives, at a fraction of the cost (summaries of a
    /// million posts in `list --json`).
    static func collapsedWithoutMarks(_ text: String) -> (text: String, scalars: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (text: String, scalars: Int)? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var scalars = 0
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead >= 0xCC { return nil }
                let length = lead < 0x80 ? 1 : 2
                // U+0009–U+000D, U+0020, U+0085 and U+00A0: the White_Space scalars below U+0300.
                let isSpace = length == 1
                    ? (lead == 0x20 || (0x09...0x0D).contains(lead))
                    : lead == 0xC2 && index + 1 < bytes.count && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0)
                if isSpace {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace {
                        out.append(0x20)
                        scalars += 1
                        pendingSpace = false
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<min(index + length, bytes.count)]))
                    scalars += 1
                }
                index += length
            }
            return (String(decoding: out, as: UTF8.self), scalars)
        }
    }
}

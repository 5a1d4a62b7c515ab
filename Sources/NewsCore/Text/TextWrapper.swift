/// Breaks plain text into lines of at most a given number of columns.
public enum TextWrapper {
    /// Paragraphs (split at newlines) are wrapped at spaces; a word wider
    /// than the line is broken between characters. Blank lines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(contentsOf: wrapParagraph(paragraph, width: width))
        }
        return lines
    }

    static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        // Keep leading indentation (lists, quotes) on the first line.
        let indent = paragraph.prefix(while: { $0 == " " })
        if !indent.isEmpty && indent.count < width {
            line = String(indent)
            lineWidth = indent.count
        }
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            var wordWidth = DisplayWidth.of(word)
            if lineWidth > 0 && lineWidth + (line.last == " " || line.isEmpty ? 0 : 1) + wordWidth > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 && line.last != " " {
                line += " "
                lineWidth += 1
            }
            // A word too long for any line is broken where it reaches the edge.
            while lineWidth + wordWidth > width {
                var piece = ""
                var pieceWidth = 0
                var index = word.startIndex
                while index < word.endIndex {
                    let w = DisplayWidth.of(word[index])
                    if lineWidth + pieceWidth + w > width && (pieceWidth > 0 || lineWidth > 0) { break }
                    piece.append(word[index])
                    pieceWidth += w
                    index = word.index(after: index)
                }
                lines.append(line + piece)
                line = ""
                lineWidth = 0
                word = word[index...]
                wordWidth = DisplayWidth.of(word)
            }
            line += word
            lineWidth += wordWidth
        }
        lines.append(line)
        return lines
    }
}

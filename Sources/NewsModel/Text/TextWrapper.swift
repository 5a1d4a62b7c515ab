/// Breaks plain text into lines of at most a given number of columns, in
/// one pass over its characters: time linear in the text, whatever the
/// length of its words (a 100,000-character word, a paragraph of Japanese).
public enum TextWrapper {
    /// Paragraphs (split at newlines) are wrapped at spaces and between East
    /// Asian wide characters; a word wider than the line is broken where it
    /// reaches the edge. Blank lines are kept; a paragraph's leading
    /// indentation stays on its first line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = paragraph.prefix(while: { $0 == " " })
            let keepsIndent = !indent.isEmpty && indent.count < width
            let rest = keepsIndent ? String(paragraph.dropFirst(indent.count)) : String(paragraph)
            let ranges = lineRanges(rest, firstWidth: width - (keepsIndent ? indent.count : 0), width: width)
            let utf8 = rest.utf8
            for (index, range) in ranges.enumerated() {
                let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
                let end = utf8.index(start, offsetBy: range.count)
                lines.append((index == 0 && keepsIndent ? String(indent) : "") + String(rest[start..<end]))
            }
        }
        return lines
    }

    /// The lines of one paragraph as UTF-8 ranges of `text`: the first line
    /// at most `firstWidth` columns, the others `width`. Always at least one
    /// (empty) line. Spaces where a line breaks belong to no line.
    public static func lineRanges(_ text: String, firstWidth: Int, width: Int) -> [Range<Int>] {
        var wrapper = Wrapper(firstWidth: max(1, firstWidth), width: max(1, width))
        var offset = 0
        for character in text {
            let length = character.utf8.count
            if character == " " {
                wrapper.space(at: offset)
            } else {
                let columns = DisplayWidth.of(character)
                if columns == 2, let first = character.unicodeScalars.first, DisplayWidth.isWide(first.value) {
                    // Lines may break before and after a CJK character.
                    wrapper.endWord()
                    wrapper.character(at: offset, length: length, columns: columns)
                    wrapper.endWord()
                } else {
                    wrapper.character(at: offset, length: length, columns: columns)
                }
            }
            offset += length
        }
        wrapper.endWord()
        return wrapper.finish()
    }

    /// Greedy wrapping, fed one character at a time.
    struct Wrapper {
        let firstWidth: Int
        let width: Int
        var lines: [Range<Int>] = []
        /// The current line: from its first word's start to its last word's end.
        var lineStart: Int?
        var lineEnd = 0
        var lineColumns = 0
        /// The word being read, and the spaces before it.
        var wordStart: Int?
        var wordEnd = 0
        var wordColumns = 0
        var spacesBefore = 0

        init(firstWidth: Int, width: Int) {
            self.firstWidth = firstWidth
            self.width = width
        }

        var currentWidth: Int { lines.isEmpty ? firstWidth : width }

        mutating func space(at offset: Int) {
            endWord()
            spacesBefore += 1
        }

        mutating func character(at offset: Int, length: Int, columns: Int) {
            if wordStart == nil {
                wordStart = offset
                wordColumns = 0
            }
            if wordColumns + columns > currentWidth, wordColumns > 0 {
                // Wider than a whole line: what fits so far becomes a line of its own.
                if lineStart != nil { breakLine() }
                lines.append(wordStart!..<wordEnd)
                wordStart = offset
                wordColumns = 0
                spacesBefore = 0
            }
            wordColumns += columns
            wordEnd = offset + length
        }

        mutating func endWord() {
            guard let start = wordStart else { return }
            wordStart = nil
            if let _ = lineStart, lineColumns + spacesBefore + wordColumns <= currentWidth {
                lineEnd = wordEnd
                lineColumns += spacesBefore + wordColumns
            } else {
                if lineStart != nil { breakLine() }
                lineStart = start
                lineEnd = wordEnd
                lineColumns = wordColumns
            }
            spacesBefore = 0
        }

        mutating func breakLine() {
            if let lineStart { lines.append(lineStart..<lineEnd) }
            lineStart = nil
            lineColumns = 0
        }

        mutating func finish() -> [Range<Int>] {
            if lineStart != nil || lines.isEmpty {
                lines.append((lineStart ?? 0)..<(lineStart == nil ? 0 : lineEnd))
            }
            return lines
        }
    }
}

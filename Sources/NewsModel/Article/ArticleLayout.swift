/// How a stretch of a laid-out line looks; the reader maps each to a theme role.
public enum TextStyle: Hashable, Sendable {
    case title
    /// The header fields (feed, date, author, link).
    case header
    case heading
    case strong
    case emphasis
    case code
    /// A link's words and its `[N]`, and the lines of the link list.
    case link
    /// `[Image: alt]`.
    case image
    /// Quote marks (`>`) and list markers in the margin.
    case margin

    /// Which style shows where several cover the same character: the most specific.
    var precedence: Int {
        switch self {
        case .link: return 8
        case .image: return 7
        case .code: return 6
        case .title: return 5
        case .heading: return 4
        case .strong: return 3
        case .emphasis: return 2
        case .margin, .header: return 1
        }
    }
}

/// One line of an article as shown: its text and where its styles go.
public struct ArticleLine: Hashable, Sendable {
    public struct Styled: Hashable, Sendable {
        /// UTF-8 offsets in the line's text.
        public var range: Range<Int>
        public var style: TextStyle

        public init(_ range: Range<Int>, _ style: TextStyle) {
            self.range = range
            self.style = style
        }
    }

    public var text: String
    public var styles: [Styled]
    /// The link this line lists (`[3] https://…`), numbered from 1.
    public var link: Int?
    /// What the layout added to the post's words (UTF-8 offsets, in order):
    /// the margin's marks, a link's `[N]`, an image's label. Never a search hit.
    public var added: [Range<Int>]

    public init(_ text: String, styles: [Styled] = [], link: Int? = nil, added: [Range<Int>] = []) {
        self.text = text
        self.styles = styles
        self.link = link
        self.added = added
    }

    /// UTF-8 ranges of `text` (in order) as character offsets.
    public func characterRanges(_ ranges: [Range<Int>]) -> [Range<Int>] {
        guard !ranges.isEmpty else { return [] }
        var result: [Range<Int>] = []
        var offset = 0, index = 0
        var start: Int?
        var pending = ranges[...]
        for character in text {
            guard let range = pending.first else { break }
            if start == nil, offset >= range.lowerBound { start = index }
            offset += character.utf8.count
            index += 1
            if offset >= range.upperBound {
                result.append((start ?? index - 1)..<index)
                start = nil
                pending = pending.dropFirst()
            }
        }
        return result
    }

    /// The style of each character of `text` (nil: plain).
    public func characterStyles() -> [TextStyle?] {
        guard !styles.isEmpty else { return Array(repeating: nil, count: text.count) }
        var result: [TextStyle?] = []
        var offset = 0
        for character in text {
            var best: TextStyle?
            for styled in styles where styled.range.contains(offset) {
                if best == nil || styled.style.precedence > best!.precedence { best = styled.style }
            }
            result.append(best)
            offset += character.utf8.count
        }
        return result
    }
}

/// Lays an `ArticleBody` out in lines of a width: paragraphs wrapped (list
/// items hang under their text, quote marks on every line), preformatted
/// lines and URLs never broken (a line may then be wider than the width:
/// the reader cuts it with a marker, `show` prints it whole), tables as
/// aligned columns when they fit, link numbers and image labels added.
/// Linear in the length of the text, however long its words.
public enum ArticleLayout {
    /// The words shown for an image, per interface language (`Image`, `Bild`).
    public static func lines(_ body: ArticleBody, width: Int?, imageLabel: String = "Image") -> [ArticleLine] {
        var layout = Pass(body: body, width: width.map { max(1, $0) }, imageLabel: imageLabel)
        layout.run()
        return layout.lines
    }

    /// The body as plain text without a width limit (the link list included).
    public static func plainText(_ body: ArticleBody, imageLabel: String = "Image") -> String {
        lines(body, width: nil, imageLabel: imageLabel).map(\.text).joined(separator: "\n")
    }

    /// A paragraph ready to wrap: its text, styles and what the layout added (UTF-8 offsets).
    struct Paragraph {
        var text = ""
        var styles: [ArticleLine.Styled] = []
        var added: [Range<Int>] = []

        /// Text the layout adds (a link's `[N]`), not the post's words.
        mutating func append(added piece: String) {
            let start = text.utf8.count
            text += piece
            added.append(start..<text.utf8.count)
        }

        /// Another paragraph after this one's text (a table cell in its row).
        mutating func append(_ other: Paragraph) {
            let offset = text.utf8.count
            text += other.text
            styles += other.styles.map { .init(($0.range.lowerBound + offset)..<($0.range.upperBound + offset), $0.style) }
            added += other.added.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }
        }
    }

    struct Pass {
        let body: ArticleBody
        let width: Int?
        let imageLabel: String
        var lines: [ArticleLine] = []
        var cursor = ArticleBody.SpanCursor()

        init(body: ArticleBody, width: Int?, imageLabel: String) {
            self.body = body
            self.width = width
            self.imageLabel = imageLabel
        }

        mutating func run() {
            for block in body.blocks {
                let margin = Margin(block.containers, width: width)
                switch block.kind {
                case .blank:
                    // A blank line keeps only the quote marks of its margin.
                    lines.append(margin.blankLine)
                case .preformatted:
                    let paragraph = self.paragraph(block.range, extraStyle: nil)
                    lines.append(margin.line(paragraph, first: true))
                case .rule:
                    lines.append(margin.line(Paragraph(text: "———"), first: true))
                case .paragraph:
                    wrap(self.paragraph(block.range, extraStyle: nil), margin)
                case .heading:
                    wrap(self.paragraph(block.range, extraStyle: .heading), margin)
                case let .table(index):
                    table(body.tables[index], margin)
                }
            }
            guard !body.links.isEmpty else { return }
            if !lines.isEmpty { lines.append(ArticleLine("")) }
            for (index, link) in body.links.enumerated() {
                let number = "[\(index + 1)]"
                // The whole URL on its line, never wrapped: copying it and the
                // terminal's own URL detection get it whole.
                let text = number + " " + TerminalSafe.clean(link)
                lines.append(ArticleLine(text, styles: [.init(0..<text.utf8.count, .link)], link: index + 1))
            }
        }

        // MARK: Paragraphs

        /// The words of `range` with their styles, link numbers and image labels.
        mutating func paragraph(_ range: Range<Int>, extraStyle: TextStyle?) -> Paragraph {
            var paragraph = Paragraph()
            var starts: [Int] = []
            var needsSpace = false
            let imageLabel = self.imageLabel
            body.walk(range, cursor: &cursor, text: { words in
                let piece = TerminalSafe.clean(String(words))
                guard !piece.isEmpty else { return }
                if needsSpace, piece.first != " ", !paragraph.text.isEmpty, paragraph.text.last != " " {
                    paragraph.text += " "
                }
                needsSpace = false
                paragraph.text += piece
            }, open: { span in
                if case .image = span.style {
                    // An image stands apart from the words beside it.
                    if !paragraph.text.isEmpty, paragraph.text.last != " " { paragraph.text += " " }
                    needsSpace = false
                    starts.append(paragraph.text.utf8.count)
                    paragraph.append(added: "[" + imageLabel + (span.range.isEmpty ? "" : ": "))
                } else {
                    starts.append(paragraph.text.utf8.count + (needsSpace ? 1 : 0))
                }
            }, close: { span in
                let start = starts.popLast() ?? paragraph.text.utf8.count
                let style: TextStyle
                switch span.style {
                case .strong: style = .strong
                case .emphasis: style = .emphasis
                case .code: style = .code
                case let .link(number):
                    paragraph.append(added: "[\(number)]")
                    style = .link
                case let .image(link):
                    paragraph.append(added: "]" + (link.map { "[\($0)]" } ?? ""))
                    needsSpace = true
                    style = .image
                }
                let end = paragraph.text.utf8.count
                if end > start { paragraph.styles.append(.init(start..<end, style)) }
            })
            if let extraStyle, !paragraph.text.isEmpty {
                paragraph.styles.insert(.init(0..<paragraph.text.utf8.count, extraStyle), at: 0)
            }
            return paragraph
        }

        /// A paragraph wrapped to the width inside its margin.
        mutating func wrap(_ paragraph: Paragraph, _ margin: Margin) {
            guard let width else {
                lines.append(margin.line(paragraph, first: true))
                return
            }
            let ranges = TextWrapper.lineRanges(paragraph.text, firstWidth: width - margin.firstWidth(of: width),
                                                width: width - margin.restWidth(of: width))
            for (index, range) in ranges.enumerated() {
                lines.append(margin.line(paragraph, range: range, first: index == 0))
            }
        }

        // MARK: Tables

        mutating func table(_ table: ArticleBody.Table, _ margin: Margin) {
            let cells = table.rows.map { row in row.map { cell -> Paragraph in
                var paragraph = self.paragraph(cell.range, extraStyle: nil)
                if cell.isHeader, !paragraph.text.isEmpty {
                    paragraph.styles.insert(.init(0..<paragraph.text.utf8.count, .strong), at: 0)
                }
                return paragraph
            } }
            let columnCount = table.columnCount
            var columnWidths = Array(repeating: 0, count: columnCount)
            for row in cells {
                for (column, cell) in row.enumerated() { columnWidths[column] = max(columnWidths[column], DisplayWidth.of(cell.text)) }
            }
            let total = columnWidths.reduce(0, +) + 2 * max(0, columnCount - 1)
            if let width, total > width - margin.firstWidth(of: width) {
                labelled(table, cells, margin)
                return
            }
            for (rowIndex, row) in cells.enumerated() {
                var line = Paragraph()
                for (column, cell) in row.enumerated() {
                    if column > 0 { line.text += "  " }
                    line.append(cell)
                    if column < row.count - 1 {
                        line.text += String(repeating: " ", count: columnWidths[column] - DisplayWidth.of(cell.text))
                    }
                }
                lines.append(margin.line(line, first: rowIndex == 0))
                if rowIndex == 0, table.hasHeaderRow {
                    let rule = columnWidths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
                    lines.append(margin.line(Paragraph(text: rule, styles: [.init(0..<rule.utf8.count, .margin)]), first: false))
                }
            }
        }

        /// A table too wide for the width: a `label: value` line per cell
        /// (labels from the header row), rows apart.
        mutating func labelled(_ table: ArticleBody.Table, _ cells: [[Paragraph]], _ margin: Margin) {
            let labels = table.hasHeaderRow ? cells[0] : []
            var first = true
            for row in cells.dropFirst(table.hasHeaderRow ? 1 : 0) {
                if !first { lines.append(margin.blankLine) }
                for (column, cell) in row.enumerated() where !cell.text.isEmpty {
                    var line = Paragraph()
                    if column < labels.count, !labels[column].text.isEmpty {
                        line.text = labels[column].text + ": "
                        line.styles = [.init(0..<labels[column].text.utf8.count, .strong)]
                    }
                    line.append(cell)
                    // Wrapped lines hang under the value.
                    let lineMargin = first ? margin : margin.continuing
                    wrap(line, Margin(first: lineMargin.first, rest: lineMargin.rest + "  "))
                    first = false
                }
            }
        }
    }

    /// The margin of a block: quote marks, list markers, indents.
    struct Margin {
        /// Before the block's first line, and before its other lines.
        var first: String
        var rest: String

        /// Within `width`, a margin takes at most half of it (its inner end
        /// kept): deep nesting leaves room for the words.
        init(_ containers: [ArticleBody.Container], width: Int?) {
            var first = "", rest = ""
            for container in containers {
                switch container {
                case .quote:
                    first += "> "
                    rest += "> "
                case let .item(marker, isFirstBlock):
                    let pad = String(repeating: " ", count: marker.count + 1)
                    first += isFirstBlock ? marker + " " : pad
                    rest += pad
                case .indent:
                    first += "  "
                    rest += "  "
                }
            }
            if let width {
                let limit = width / 2
                if first.count > limit { first = String(first.suffix(limit)) }
                if rest.count > limit { rest = String(rest.suffix(limit)) }
            }
            self.first = first
            self.rest = rest
        }

        init(first: String, rest: String) {
            self.first = first
            self.rest = rest
        }

        /// The same margin for a block that continues the one before (no marker).
        var continuing: Margin { Margin(first: rest, rest: rest) }

        func firstWidth(of width: Int) -> Int { DisplayWidth.of(first) }
        func restWidth(of width: Int) -> Int { DisplayWidth.of(rest) }

        var blankLine: ArticleLine {
            var text = rest
            while text.last == " " { text.removeLast() }
            return ArticleLine(text, styles: text.isEmpty ? [] : [.init(0..<text.utf8.count, .margin)])
        }

        func line(_ paragraph: Paragraph, first isFirst: Bool) -> ArticleLine {
            line(paragraph, range: 0..<paragraph.text.utf8.count, first: isFirst)
        }

        /// Part of a paragraph (UTF-8 offsets) after the margin.
        func line(_ paragraph: Paragraph, range: Range<Int>, first isFirst: Bool) -> ArticleLine {
            let margin = isFirst ? first : rest
            let utf8 = paragraph.text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let end = utf8.index(start, offsetBy: range.count)
            let text = margin + String(paragraph.text[start..<end])
            let shift = margin.utf8.count - range.lowerBound
            var styles: [ArticleLine.Styled] = margin.isEmpty || margin.allSatisfy({ $0 == " " })
                ? [] : [.init(0..<margin.utf8.count, .margin)]
            for styled in paragraph.styles where styled.range.overlaps(range) {
                let clipped = styled.range.clamped(to: range)
                styles.append(.init((clipped.lowerBound + shift)..<(clipped.upperBound + shift), styled.style))
            }
            var added = margin.isEmpty ? [] : [0..<margin.utf8.count]
            for part in paragraph.added where part.overlaps(range) {
                let clipped = part.clamped(to: range)
                added.append((clipped.lowerBound + shift)..<(clipped.upperBound + shift))
            }
            return ArticleLine(text, styles: styles, added: added)
        }
    }
}

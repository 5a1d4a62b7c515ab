/// A post's body as the reader shows it, rendered once from its HTML: the
/// words, the blocks they form, their styles and the links they point to.
/// A layout (`ArticleLayout`) turns it into lines of any width; nothing is
/// parsed back out of laid-out text.
///
/// `text` is what the search index holds: the words of each block on a line
/// of their own, an empty line where a blank line separates blocks. It has no
/// list markers, quote marks, link numbers or labels: those belong to the
/// display (and to its language), and are added by the layout.
public struct ArticleBody: Hashable, Sendable {
    public var text: String
    /// In the order they are shown.
    public var blocks: [Block]
    /// Inline styles, in UTF-8 offsets of `text`, by where they start.
    public var spans: [Span]
    /// Every link the body points to, numbered from 1 in order of first
    /// appearance: `[1]` is `links[0]`. Resolved where the post's base URL
    /// allowed it, else as written.
    public var links: [String]
    /// The data tables that `Block.Kind.table` refers to.
    public var tables: [Table]

    public init(text: String = "", blocks: [Block] = [], spans: [Span] = [], links: [String] = [], tables: [Table] = []) {
        self.text = text
        self.blocks = blocks
        self.spans = spans
        self.links = links
        self.tables = tables
    }

    public static let empty = ArticleBody()

    /// The words of a range of `text`.
    public func text(_ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        return text[start..<end]
    }

    /// One line of the body before it is wrapped: a paragraph, a heading,
    /// one line of preformatted text, a rule, a blank line or a table.
    public struct Block: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// Wrapped to the width.
            case paragraph
            /// Wrapped, set apart, styled; `level` 1–6 as in `<h1>`–`<h6>`.
            case heading(level: Int)
            /// One line of `<pre>`: never wrapped, spaces kept (tabs expanded).
            case preformatted
            /// `<hr>`.
            case rule
            /// The blank line between two blocks.
            case blank
            /// A data table: `tables[index]`.
            case table(Int)
        }

        public var kind: Kind
        /// The block's words in UTF-8 offsets of `text` (for a table, its cells').
        public var range: Range<Int>
        /// What the block sits in, outermost first: they give its margin.
        public var containers: [Container]

        public init(kind: Kind, range: Range<Int>, containers: [Container] = []) {
            self.kind = kind
            self.range = range
            self.containers = containers
        }
    }

    /// What a block is inside of; each puts something in the block's margin.
    public enum Container: Hashable, Sendable {
        /// `<blockquote>`: `> ` before every line.
        case quote
        /// A list item, with its marker (`•`, `◦`, `3.`): the marker before
        /// the first line of the item's first block, spaces as wide elsewhere.
        case item(marker: String, isFirstBlock: Bool)
        /// `<dd>`: indented.
        case indent

        public var isOrderedItem: Bool {
            if case let .item(marker, _) = self { return marker.hasSuffix(".") }
            return false
        }
    }

    /// A style over a range of `text`.
    public struct Span: Hashable, Sendable {
        public enum Style: Hashable, Sendable {
            /// `<b>`, `<strong>`.
            case strong
            /// `<i>`, `<em>`, `<cite>`, `<u>`.
            case emphasis
            /// `<code>`, `<kbd>`, `<samp>`, `<tt>` (and every line of `<pre>`).
            case code
            /// `<a href>`: link `number` (1-based) of `links`.
            case link(number: Int)
            /// `<img>`: the range is its alt text; `link` numbers its source.
            case image(link: Int?)
        }

        public var range: Range<Int>
        public var style: Style

        public init(_ range: Range<Int>, _ style: Style) {
            self.range = range
            self.style = style
        }
    }

    /// A table of single-line cells, laid out as aligned columns when they
    /// fit, else as one `label: value` line per cell.
    public struct Table: Hashable, Sendable {
        public struct Cell: Hashable, Sendable {
            /// UTF-8 offsets of `text`; empty for an empty cell.
            public var range: Range<Int>
            public var isHeader: Bool

            public init(range: Range<Int>, isHeader: Bool) {
                self.range = range
                self.isHeader = isHeader
            }
        }

        public var rows: [[Cell]]

        public init(rows: [[Cell]]) {
            self.rows = rows
        }

        /// Whether the first row names the columns (every cell of it a `<th>`).
        public var hasHeaderRow: Bool {
            rows.count > 1 && !rows[0].isEmpty && rows[0].allSatisfy(\.isHeader)
        }

        public var columnCount: Int { rows.map(\.count).max() ?? 0 }
    }
}

extension ArticleBody {
    /// Where a walk through the blocks is among the spans: those that may
    /// still reach into the next range, and the next to look at. Ranges are
    /// walked in order, so all of a body's walks together are linear.
    public struct SpanCursor {
        var active: [Span] = []
        var next = 0
        public init() {}
    }

    /// The words of `range` with the spans over it, in order: `text` for
    /// each stretch of words, `open` and `close` where a span starts and ends
    /// (a span reaching beyond the range is cut to it). At one position, ends
    /// come first (the innermost first), then starts (the outermost first),
    /// then empty spans (a link or an image without words) open and close.
    public func walk(_ range: Range<Int>, cursor: inout SpanCursor, text: (Substring) -> Void,
              open: (Span) -> Void, close: (Span) -> Void) {
        while cursor.next < spans.count, spans[cursor.next].range.lowerBound <= range.upperBound {
            cursor.active.append(spans[cursor.next])
            cursor.next += 1
        }
        cursor.active.removeAll { $0.range.upperBound < range.lowerBound }
        var events: [(position: Int, rank: Int, order: Int, span: Span, isStart: Bool)] = []
        for (order, span) in cursor.active.enumerated() {
            let touches = span.range.isEmpty
                ? range.contains(span.range.lowerBound) || span.range.lowerBound == range.upperBound
                : span.range.overlaps(range)
            guard touches else { continue }
            if span.range.isEmpty {
                events.append((span.range.lowerBound, 2, order, span, true))
                events.append((span.range.lowerBound, 2, order, span, false))
            } else {
                events.append((max(span.range.lowerBound, range.lowerBound), 1, order, span, true))
                events.append((min(span.range.upperBound, range.upperBound), 0, -order, span, false))
            }
        }
        events.sort { a, b in
            if a.position != b.position { return a.position < b.position }
            if a.rank != b.rank { return a.rank < b.rank }
            if a.order != b.order { return a.order < b.order }
            return a.isStart && !b.isStart
        }
        var position = range.lowerBound
        for event in events {
            if event.position > position {
                text(self.text(position..<event.position))
                position = event.position
            }
            if event.isStart { open(event.span) } else { close(event.span) }
        }
        if position < range.upperBound { text(self.text(position..<range.upperBound)) }
    }
}

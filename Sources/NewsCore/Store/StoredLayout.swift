import NewsModel

/// An `ArticleBody`'s layout (everything but its text: blocks, styles,
/// links, tables) as compact bytes, stored beside the text in `StoredBody`
/// so that reading a post back (export, the reader) needs no HTML parser.
///
/// Numbers are LEB128 varints; offsets into the text go as the distance
/// from the previous one (zigzag, so a step back costs no more), which
/// keeps most of them one byte. Strings (list markers, links) are a
/// length and their UTF-8 bytes: deflate finds a link in the HTML before it.
///
/// `decode` checks every count, tag and range against the bytes and the
/// text, and answers nil for anything that does not fit: the caller then
/// renders the HTML again.
enum StoredLayout {
    // Block kinds.
    private static let paragraph: UInt8 = 0, heading: UInt8 = 1, preformatted: UInt8 = 2,
                       rule: UInt8 = 3, blank: UInt8 = 4, table: UInt8 = 5
    // Containers.
    private static let quote: UInt8 = 0, item: UInt8 = 1, firstItem: UInt8 = 2, indent: UInt8 = 3
    // Span styles.
    private static let strong: UInt8 = 0, emphasis: UInt8 = 1, code: UInt8 = 2, link: UInt8 = 3,
                       image: UInt8 = 4, linkedImage: UInt8 = 5

    static func encode(_ body: ArticleBody, into out: inout [UInt8]) {
        var writer = Writer(out: out)
        out = []
        defer { out = writer.out }
        writer.count(body.blocks.count)
        var position = 0
        for block in body.blocks {
            switch block.kind {
            case .paragraph: writer.byte(paragraph)
            case .heading(let level):
                writer.byte(heading)
                writer.number(level)
            case .preformatted: writer.byte(preformatted)
            case .rule: writer.byte(rule)
            case .blank: writer.byte(blank)
            case .table(let index):
                writer.byte(table)
                writer.number(index)
            }
            writer.range(block.range, after: &position)
            writer.count(block.containers.count)
            for container in block.containers {
                switch container {
                case .quote: writer.byte(quote)
                case let .item(marker, isFirstBlock):
                    writer.byte(isFirstBlock ? firstItem : item)
                    writer.string(marker)
                case .indent: writer.byte(indent)
                }
            }
        }
        writer.count(body.spans.count)
        position = 0
        for span in body.spans {
            switch span.style {
            case .strong: writer.byte(strong)
            case .emphasis: writer.byte(emphasis)
            case .code: writer.byte(code)
            case .link(let number):
                writer.byte(link)
                writer.number(number)
            case .image(let number?):
                writer.byte(linkedImage)
                writer.number(number)
            case .image(nil): writer.byte(image)
            }
            // Spans go by where they start: each from the previous one's start.
            writer.signed(span.range.lowerBound - position)
            writer.number(span.range.count)
            position = span.range.lowerBound
        }
        writer.count(body.links.count)
        for link in body.links { writer.string(link) }
        writer.count(body.tables.count)
        position = 0
        for table in body.tables {
            writer.count(table.rows.count)
            for row in table.rows {
                writer.count(row.count)
                for cell in row {
                    writer.byte(cell.isHeader ? 1 : 0)
                    writer.range(cell.range, after: &position)
                }
            }
        }
    }

    /// The body of `text` with the layout in `bytes`, or nil when they do not make one.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, text: String) -> ArticleBody? {
        var reader = Reader(bytes: bytes, textLength: text.utf8.count)
        var body = ArticleBody(text: text)
        guard let blockCount = reader.count() else { return nil }
        body.blocks.reserveCapacity(blockCount)
        var position = 0
        for _ in 0..<blockCount {
            let kind: ArticleBody.Block.Kind
            switch reader.byte() {
            case paragraph: kind = .paragraph
            case heading:
                guard let level = reader.number() else { return nil }
                kind = .heading(level: level)
            case preformatted: kind = .preformatted
            case rule: kind = .rule
            case blank: kind = .blank
            case table:
                guard let index = reader.number() else { return nil }
                kind = .table(index)
            default: return nil
            }
            guard let range = reader.range(after: &position), let containerCount = reader.count() else { return nil }
            var containers: [ArticleBody.Container] = []
            containers.reserveCapacity(containerCount)
            for _ in 0..<containerCount {
                let tag = reader.byte()
                switch tag {
                case quote: containers.append(.quote)
                case item, firstItem:
                    guard let marker = reader.string() else { return nil }
                    containers.append(.item(marker: marker, isFirstBlock: tag == firstItem))
                case indent: containers.append(.indent)
                default: return nil
                }
            }
            body.blocks.append(ArticleBody.Block(kind: kind, range: range, containers: containers))
        }
        guard let spanCount = reader.count() else { return nil }
        body.spans.reserveCapacity(spanCount)
        position = 0
        for _ in 0..<spanCount {
            let style: ArticleBody.Span.Style
            switch reader.byte() {
            case strong: style = .strong
            case emphasis: style = .emphasis
            case code: style = .code
            case link:
                guard let number = reader.number() else { return nil }
                style = .link(number: number)
            case linkedImage:
                guard let number = reader.number() else { return nil }
                style = .image(link: number)
            case image: style = .image(link: nil)
            default: return nil
            }
            guard let start = reader.signed().map({ position + $0 }), let length = reader.number(),
                  start >= 0, length <= reader.textLength - start else { return nil }
            position = start
            body.spans.append(ArticleBody.Span(start..<start + length, style))
        }
        guard let linkCount = reader.count() else { return nil }
        body.links.reserveCapacity(linkCount)
        for _ in 0..<linkCount {
            guard let link = reader.string() else { return nil }
            body.links.append(link)
        }
        guard let tableCount = reader.count() else { return nil }
        position = 0
        for _ in 0..<tableCount {
            guard let rowCount = reader.count() else { return nil }
            var rows: [[ArticleBody.Table.Cell]] = []
            for _ in 0..<rowCount {
                guard let cellCount = reader.count() else { return nil }
                var row: [ArticleBody.Table.Cell] = []
                for _ in 0..<cellCount {
                    let header = reader.byte()
                    guard header <= 1, let range = reader.range(after: &position) else { return nil }
                    row.append(ArticleBody.Table.Cell(range: range, isHeader: header == 1))
                }
                rows.append(row)
            }
            body.tables.append(ArticleBody.Table(rows: rows))
        }
        // Every reference inside the body must point at something it holds.
        for block in body.blocks {
            switch block.kind {
            case .table(let index): guard index >= 0, index < body.tables.count else { return nil }
            case .heading(let level): guard (1...6).contains(level) else { return nil }
            default: break
            }
        }
        for span in body.spans {
            switch span.style {
            case .link(let number), .image(let number?):
                guard number >= 1, number <= body.links.count else { return nil }
            default: break
            }
        }
        guard reader.index == bytes.count, !reader.failed else { return nil }
        return body
    }

    private struct Writer {
        var out: [UInt8]

        mutating func byte(_ value: UInt8) { out.append(value) }

        mutating func number(_ value: Int) {
            var value = UInt64(bitPattern: Int64(value))
            while value >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            out.append(UInt8(value))
        }

        mutating func count(_ value: Int) { number(value) }

        mutating func signed(_ value: Int) {
            number((value << 1) ^ (value >> (Int.bitWidth - 1)))
        }

        /// A range as the step from `position` to its start and its length; `position` moves to its end.
        mutating func range(_ range: Range<Int>, after position: inout Int) {
            signed(range.lowerBound - position)
            number(range.count)
            position = range.upperBound
        }

        mutating func string(_ text: String) {
            number(text.utf8.count)
            out.append(contentsOf: text.utf8)
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let textLength: Int
        var index = 0
        /// Set by a read past the end (which reads as 0xFF, an unknown tag).
        var failed = false

        init(bytes: UnsafeBufferPointer<UInt8>, textLength: Int) {
            self.bytes = bytes
            self.textLength = textLength
        }

        mutating func byte() -> UInt8 {
            guard index < bytes.count else {
                failed = true
                return 0xFF
            }
            defer { index += 1 }
            return bytes[index]
        }

        /// A varint of at most 63 bits (a non-negative Int).
        mutating func number() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count, shift < 63 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
                shift += 7
            }
            failed = true
            return nil
        }

        /// A count of things each at least one byte long: never more than the bytes left.
        mutating func count() -> Int? {
            guard let value = number(), value <= bytes.count - index else { return nil }
            return value
        }

        mutating func signed() -> Int? {
            guard let raw = number() else { return nil }
            let value = UInt(raw)
            return Int(bitPattern: value >> 1) ^ -Int(bitPattern: value & 1)
        }

        /// A range within the text, from `position` (see `Writer.range`).
        mutating func range(after position: inout Int) -> Range<Int>? {
            guard let step = signed(), let length = number() else { return nil }
            let (start, overflow) = position.addingReportingOverflow(step)
            guard !overflow, start >= 0, start <= textLength, length <= textLength - start else { return nil }
            position = start + length
            return start..<position
        }

        mutating func string() -> String? {
            guard let length = number(), length <= bytes.count - index else { return nil }
            defer { index += length }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
        }
    }
}

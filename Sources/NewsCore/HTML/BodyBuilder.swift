import Foundation
import NewsModel

/// Builds an `ArticleBody` from the elements and text of an HTML document,
/// as `HTMLStream` (or a walk over a tree) reports them: opening an element
/// says what its end will do (`Close`), text arrives as UTF-8 bytes.
///
/// The words go straight into one byte buffer, a line per block. With
/// `recordsLayout` off (the search index, titles) that buffer is all there
/// is; with it on (an article) blocks, styles, links and tables are noted
/// beside it. The bytes are the same either way, so the index holds exactly
/// the text an article shows.
struct BodyBuilder {
    /// Deeper nesting is flattened: its text is kept, its structure ignored.
    static let maximumDepth = 64
    /// Text beyond this many bytes of UTF-8 is cut (with `…`); a post is not a book.
    static let maximumLength = 1_000_000
    /// Spaces a tab in preformatted text reaches to the next multiple of.
    static let tabStop = 8

    let baseURL: String?
    let recordsLayout: Bool

    var text: [UInt8] = []
    var blocks: [ArticleBody.Block] = []
    var spans: [ArticleBody.Span] = []
    var links: [String] = []
    var linkNumbers: [String: Int] = [:]
    var tables: [ArticleBody.Table] = []

    // MARK: Lines

    /// What the last line was: none yet, words, or empty (a blank line, or an
    /// empty line a `<br>` asked for). Two empty lines never follow each other.
    enum LastLine { case none, words, empty }
    var lastLine = LastLine.none
    /// Whether a line is open: the next words go on it unless a break is pending.
    var lineIsOpen = false
    /// Where the open line's words start, its kind and containers (recorded mode).
    var lineStart = 0
    var lineKind = ArticleBody.Block.Kind.paragraph
    var lineContainers: [ArticleBody.Container] = []
    /// 0: nothing, 1: line break, 2: blank line, before the next words.
    var pendingBreak = 0
    var pendingSpace = false
    /// The containers (by id) when a blank line was first asked for: the blank
    /// line belongs to the blocks on both sides, so it keeps what they share.
    var breakContainerIDs: [Int] = []
    /// Whether the text reached `maximumLength`.
    var isFull = false

    // MARK: Containers, styles, lists, tables

    struct ContainerFrame {
        var id: Int
        var container: ArticleBody.Container
        var markerIsPending = false
    }
    var containers: [ContainerFrame] = []
    var nextContainerID = 0
    /// The innermost heading's level, 0 outside headings.
    var headingLevel = 0
    /// Open inline styles; a start of -1 waits for the first words.
    var openSpans: [(style: ArticleBody.Span.Style, start: Int)] = []
    var spansWaitingForWords = 0
    /// Per open list: the next number (nil for bullets) and the step (-1 for `reversed`).
    var lists: [(next: Int?, step: Int)] = []
    var bulletLevel = 0

    struct TableFrame {
        var containers: [ArticleBody.Container]
        var firstBlock: Int
        /// Rows of cells, each cell the blocks it made and whether it is a header.
        var rows: [[(blocks: Range<Int>, isHeader: Bool)]] = []
        var cellStart: (block: Int, isHeader: Bool)?
    }
    var tableFrames: [TableFrame] = []

    // MARK: Preformatted text

    /// Open `<pre>` elements.
    var preformatted = 0
    /// Scalars on the current preformatted line (for tab stops).
    var preColumn = 0
    /// Whether the current `<pre>` has shown a line yet: line breaks before it are dropped.
    var preHasLine = false
    /// Empty lines of the current `<pre>` not yet written: dropped at its end.
    var preEmptyLines = 0

    var scratch: [UInt8] = []

    init(baseURL: String?, recordsLayout: Bool, capacity: Int) {
        // Relative links resolve only against a web address: a file's path is never a link.
        self.baseURL = baseURL.flatMap { FeedURL.isWebAddress($0) ? $0 : nil }
        self.recordsLayout = recordsLayout
        text.reserveCapacity(min(capacity, Self.maximumLength + 16))
    }

    /// Whether a node may still add text: once the text is this long, the
    /// nodes after are skipped (the open elements still close).
    var hasRoom: Bool { !isFull }

    /// What closing an element does.
    enum Close {
        case blankLine, lineBreak, heading(previousLevel: Int), definition, quote, preformatted
        case list(level: Int), item, span, table, tableRow, cell(isHeader: Bool)
    }

    // MARK: - Elements

    /// An element starts at `depth` (the document element is at 0): whether
    /// its children count, and what its end does.
    mutating func open(_ tag: HTMLTag, depth: Int, attribute: (String) -> String?) -> (children: Bool, close: Close?) {
        if depth > Self.maximumDepth { return (true, nil) }
        switch tag {
        // The fallback text inside <iframe>, <object> and <noscript> is kept:
        // a terminal is exactly the reader it was written for.
        case .dropped:
            return (false, nil)
        case .lineBreak:
            lineBreak()
            return (false, nil)
        case .block:
            breakLine(2)
            return (true, .blankLine)
        case let .heading(level):
            breakLine(2)
            let previous = headingLevel
            headingLevel = level
            return (true, .heading(previousLevel: previous))
        case .row:
            breakLine(1)
            return (true, .lineBreak)
        case .definition:
            breakLine(1)
            pushContainer(.indent)
            return (true, .definition)
        case .rule:
            breakLine(2)
            appendWord(Self.rule, kind: .rule)
            breakLine(2)
            return (false, nil)
        case .quote:
            breakLine(2)
            pushContainer(.quote)
            return (true, .quote)
        case .preformatted:
            breakLine(2)
            preformatted += 1
            if preformatted == 1 {
                preHasLine = false
                preEmptyLines = 0
            }
            openSpan(.code)
            return (true, .preformatted)
        case .list, .orderedList:
            var next: Int?
            var step = 1
            if tag == .orderedList {
                next = Int(Whitespace.trim(attribute("start") ?? "")) ?? 1
                if attribute("reversed") != nil { step = -1 }
            } else {
                bulletLevel += 1
            }
            lists.append((next, step))
            let level = lists.count > 1 ? 1 : 2
            breakLine(level)
            return (true, .list(level: level))
        case .item:
            breakLine(1)
            var marker = Self.bullets[min(max(bulletLevel - 1, 0), Self.bullets.count - 1)]
            if let list = lists.last, var number = list.next {
                if let value = attribute("value").flatMap({ Int(Whitespace.trim($0)) }) { number = value }
                marker = "\(number)."
                lists[lists.count - 1].next = number &+ list.step
            }
            pushContainer(.item(marker: marker, isFirstBlock: true), markerIsPending: true)
            return (true, .item)
        case .link:
            guard recordsLayout, let href = attribute("href").map(Whitespace.trim), !href.isEmpty,
                  HTMLText.isFollowable(href) else { return (true, nil) }
            openSpan(.link(number: linkNumber(resolved(href))))
            return (true, .span)
        case .strong:
            openSpan(.strong)
            return (true, .span)
        case .emphasis:
            openSpan(.emphasis)
            return (true, .span)
        case .code:
            openSpan(.code)
            return (true, .span)
        case .image:
            image(attribute)
            return (false, nil)
        case .table:
            breakLine(2)
            if recordsLayout {
                endLine()
                tableFrames.append(TableFrame(containers: containerSnapshot(marking: false), firstBlock: blocks.count))
            }
            return (true, .table)
        case .tableRow:
            breakLine(1)
            if recordsLayout, !tableFrames.isEmpty { tableFrames[tableFrames.count - 1].rows.append([]) }
            return (true, .tableRow)
        case let .cell(isHeader):
            breakLine(1)
            if recordsLayout, !tableFrames.isEmpty {
                endLine()
                tableFrames[tableFrames.count - 1].cellStart = (blocks.count, isHeader)
            }
            if isHeader { openSpan(.strong) }
            return (true, .cell(isHeader: isHeader))
        case .other:
            return (true, nil)
        }
    }

    mutating func close(_ close: Close) {
        switch close {
        case .blankLine:
            breakLine(2)
        case .lineBreak:
            breakLine(1)
        case let .heading(previousLevel):
            breakLine(2)
            headingLevel = previousLevel
        case .definition:
            popContainer()
            breakLine(1)
        case .quote:
            breakLine(2)
            popContainer()
        case .preformatted:
            closeSpan()
            preformatted -= 1
            if preformatted == 0 { preEmptyLines = 0 }
            breakLine(2)
        case let .list(level):
            breakLine(level)
            if lists.removeLast().next == nil { bulletLevel -= 1 }
        case .item:
            popContainer()
            breakLine(1)
        case .span:
            closeSpan()
        case .table:
            breakLine(2)
            if recordsLayout, let frame = tableFrames.popLast() {
                endLine()
                finishTable(frame)
            }
        case .tableRow:
            breakLine(1)
        case let .cell(isHeader):
            if isHeader { closeSpan() }
            breakLine(1)
            if recordsLayout, !tableFrames.isEmpty {
                endLine()
                let index = tableFrames.count - 1
                if let start = tableFrames[index].cellStart {
                    if tableFrames[index].rows.isEmpty { tableFrames[index].rows.append([]) }
                    tableFrames[index].rows[tableFrames[index].rows.count - 1]
                        .append((start.block..<blocks.count, start.isHeader))
                    tableFrames[index].cellStart = nil
                }
            }
        }
    }

    static let bullets = ["•", "◦", "▪"]
    static let rule = Array("———".utf8)

    // MARK: - Containers and spans

    mutating func pushContainer(_ container: ArticleBody.Container, markerIsPending: Bool = false) {
        containers.append(ContainerFrame(id: nextContainerID, container: container, markerIsPending: markerIsPending))
        nextContainerID += 1
    }

    mutating func popContainer() {
        if !containers.isEmpty { containers.removeLast() }
    }

    /// The containers as a block beginning now sees them; with `marking`, a
    /// list item's marker is used up by this block.
    mutating func containerSnapshot(marking: Bool) -> [ArticleBody.Container] {
        guard !containers.isEmpty else { return [] }
        var snapshot: [ArticleBody.Container] = []
        snapshot.reserveCapacity(containers.count)
        for index in containers.indices {
            let frame = containers[index]
            if case let .item(marker, _) = frame.container {
                snapshot.append(.item(marker: marker, isFirstBlock: frame.markerIsPending))
                if marking { containers[index].markerIsPending = false }
            } else {
                snapshot.append(frame.container)
            }
        }
        return snapshot
    }

    mutating func openSpan(_ style: ArticleBody.Span.Style) {
        guard recordsLayout else { return }
        openSpans.append((style, -1))
        spansWaitingForWords += 1
    }

    mutating func closeSpan() {
        guard recordsLayout, let span = openSpans.popLast() else { return }
        if span.start < 0 {
            spansWaitingForWords -= 1
            // A link or an image without words still shows, where it stood.
            switch span.style {
            case .link, .image: spans.append(ArticleBody.Span(text.count..<text.count, span.style))
            default: break
            }
            return
        }
        if text.count > span.start { spans.append(ArticleBody.Span(span.start..<text.count, span.style)) }
    }

    /// The spans still waiting for words start here.
    mutating func startWaitingSpans() {
        let position = text.count
        for index in openSpans.indices.reversed() where openSpans[index].start < 0 {
            openSpans[index].start = position
            spansWaitingForWords -= 1
            if spansWaitingForWords == 0 { break }
        }
    }

    // MARK: - Links and images

    /// `href` resolved against the base URL (a web address), else as written.
    func resolved(_ href: String) -> String {
        let url = FeedURL.resolve(href, against: baseURL) ?? href
        return NFC.normalize(url)
    }

    /// The link's number, the first time it was seen; a new one for a new link.
    mutating func linkNumber(_ url: String) -> Int {
        if let known = linkNumbers[url] { return known }
        links.append(url)
        linkNumbers[url] = links.count
        return links.count
    }

    /// `<img>`: its alt text, marked as an image with its source's number.
    /// Invisible images (tracking pixels, `width="1"`) are dropped.
    mutating func image(_ attribute: (String) -> String?) {
        for dimension in ["width", "height"] {
            if let value = attribute(dimension).flatMap({ Int(Whitespace.trim($0)) }), value <= 1 { return }
        }
        var link: Int?
        if recordsLayout, let source = attribute("src").map(Whitespace.trim), !source.isEmpty, HTMLText.isFollowable(source),
           !source.lowercased().hasPrefix("data:") {
            link = linkNumber(resolved(source))
        }
        // An image stands apart from the words beside it, and where no line
        // is open, it begins one (with or without words).
        pendingSpace = true
        if pendingBreak > 0 || !lineIsOpen, !isFull {
            beginLine(kind: headingLevel > 0 ? .heading(level: headingLevel) : .paragraph)
        }
        openSpan(.image(link: link))
        text(NFC.normalize(Whitespace.collapse(attribute("alt") ?? "")))
        closeSpan()
        pendingSpace = true
    }

    // MARK: - Text

    /// A text node's bytes, as libxml2 has them (`String(cString:)` semantics:
    /// invalid UTF-8 is repaired the way `String` repairs it).
    mutating func textNode(_ bytes: UnsafeBufferPointer<UInt8>) {
        let scan = UTF8Scan.of(bytes)
        if scan.contains(.invalid) {
            text(NFC.normalize(HTMLText.replacingC1Controls(String(decoding: bytes, as: UTF8.self))))
        } else if scan.contains(.c1Control) {
            var replaced = scratch
            scratch = []
            HTMLText.replacingC1Controls(bytes, into: &replaced)
            if replaced.withUnsafeBufferPointer(NFC.isSurelyNFC) {
                replaced.withUnsafeBufferPointer { text($0) }
            } else {
                text(NFC.normalize(String(decoding: replaced, as: UTF8.self)))
            }
            scratch = replaced
        } else if scan.contains(.fromU0300), !NFC.isSurelyNFC(bytes) {
            text(NFC.normalize(String(decoding: bytes, as: UTF8.self)))
        } else {
            text(bytes)
        }
    }

    mutating func text(_ raw: String) {
        var raw = raw
        raw.withUTF8 { text($0) }
    }

    /// Valid UTF-8 in NFC: words, or preformatted lines.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !isFull else { return }
        if preformatted > 0 {
            preformattedText(bytes)
            return
        }
        let count = bytes.count
        guard count > 0 else { return }
        var index = 0
        let leading = Whitespace.length(bytes, at: 0) > 0
        var first = true
        var trailing = false
        while index < count {
            let space = Whitespace.length(bytes, at: index)
            if space > 0 {
                index += space
                if index == count { trailing = true }
                continue
            }
            let start = index
            index = Self.endOfWord(bytes, from: index + 1)
            append(UnsafeBufferPointer(rebasing: bytes[start..<index]), spaceBefore: !first || leading || pendingSpace)
            first = false
            if pendingBreak == 0, !isFull {
                // Every later word goes on this line after one space: copy
                // the rest as runs of words that single spaces already separate.
                trailing = appendWords(bytes, from: index)
                pendingSpace = false
                index = count
            }
        }
        if first {
            // Only whitespace.
            pendingSpace = true
            return
        }
        if trailing { pendingSpace = true }
    }

    /// Where the word that goes on at `index` ends.
    @inline(__always)
    static func endOfWord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte > 0x20 && byte < 0x80 {
                index += 1
            } else if Whitespace.length(bytes, at: index) == 0 {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    /// The words of `bytes` from `start` (just after a word), each after
    /// one space; whether `bytes` end with whitespace.
    mutating func appendWords(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        let count = bytes.count
        var index = start
        while index < count {
            // At whitespace after a word.
            let spaceStart = index
            repeat {
                index += Whitespace.length(bytes, at: index)
            } while index < count && Whitespace.length(bytes, at: index) > 0
            if index == count { return true }
            // A run from here: words with single spaces between them.
            var runStart = index
            var separated = false
            if index == spaceStart + 1, bytes[spaceStart] == 0x20 {
                runStart = spaceStart
            } else {
                separated = true
            }
            index = Self.endOfWord(bytes, from: index)
            while index + 1 < count, bytes[index] == 0x20, Whitespace.length(bytes, at: index + 1) == 0 {
                index = Self.endOfWord(bytes, from: index + 1)
            }
            if separated { appendBytes(CollectionOfOne(0x20)) }
            appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            if isFull { return false }
        }
        return false
    }

    /// A word, after a space when asked and the line has words.
    @inline(__always)
    mutating func append(_ word: UnsafeBufferPointer<UInt8>, spaceBefore: Bool) {
        if pendingBreak > 0 || !lineIsOpen {
            beginLine(kind: headingLevel > 0 ? .heading(level: headingLevel) : .paragraph)
        } else if spaceBefore, lastLineHasWords {
            appendBytes(CollectionOfOne(0x20))
        }
        if spansWaitingForWords > 0 { startWaitingSpans() }
        appendBytes(word)
        lastLine = .words
        pendingSpace = false
    }

    /// Whether the open line holds any words yet.
    var lastLineHasWords: Bool { text.count > lineStart }

    mutating func appendWord(_ word: [UInt8], kind: ArticleBody.Block.Kind) {
        guard !isFull else { return }
        beginLine(kind: kind)
        word.withUnsafeBufferPointer { appendBytes($0) }
        lastLine = .words
    }

    /// Bytes onto the text, cut at `maximumLength` (on a scalar boundary, then `…`).
    @inline(__always)
    mutating func appendBytes<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        guard !isFull else { return }
        if text.count + bytes.count <= Self.maximumLength {
            text.append(contentsOf: bytes)
            return
        }
        var room = max(0, Self.maximumLength - text.count)
        let array = Array(bytes)
        // Not inside a scalar: continuation bytes are 10xxxxxx.
        while room > 0, room < array.count, array[room] & 0xC0 == 0x80 { room -= 1 }
        text.append(contentsOf: array[0..<room])
        text.append(contentsOf: "…".utf8)
        isFull = true
    }

    // MARK: - Lines and blocks

    mutating func breakLine(_ level: Int) {
        if level >= 2, pendingBreak < 2, recordsLayout {
            breakContainerIDs = containers.map(\.id)
        }
        pendingBreak = max(pendingBreak, level)
        pendingSpace = false
    }

    /// `<br>`: ends the line, or makes an empty one when no line is open.
    mutating func lineBreak() {
        if preformatted > 0 {
            preformattedLineBreak()
            return
        }
        if lineIsOpen, pendingBreak == 0 {
            endLine()
        } else if lastLine == .words, pendingBreak < 2, !isFull {
            beginLine(kind: .paragraph)
            lastLine = .empty
            endLine()
        }
        pendingBreak = max(pendingBreak, 1)
        pendingSpace = false
    }

    /// Starts a line (a block) for words to come: after the open one, and
    /// after a blank line when one is pending and the last line was not empty.
    mutating func beginLine(kind: ArticleBody.Block.Kind) {
        endLine()
        if lastLine != .none {
            if pendingBreak >= 2, lastLine != .empty {
                text.append(0x0A)
                if recordsLayout {
                    let ids = containers.map(\.id)
                    var common = 0
                    while common < ids.count, common < breakContainerIDs.count, ids[common] == breakContainerIDs[common] {
                        common += 1
                    }
                    var shared = containerSnapshot(marking: false)
                    shared.removeSubrange(common...)
                    // A blank line shows no list marker.
                    shared = shared.map { if case let .item(marker, _) = $0 { return .item(marker: marker, isFirstBlock: false) }; return $0 }
                    blocks.append(ArticleBody.Block(kind: .blank, range: text.count..<text.count, containers: shared))
                }
            }
            text.append(0x0A)
        }
        pendingBreak = 0
        lineIsOpen = true
        lineStart = text.count
        lastLine = .words
        if recordsLayout {
            lineKind = kind
            lineContainers = containerSnapshot(marking: true)
        }
    }

    /// Ends the open line, if any: its block is complete.
    mutating func endLine() {
        guard lineIsOpen else { return }
        lineIsOpen = false
        if recordsLayout {
            blocks.append(ArticleBody.Block(kind: lineKind, range: lineStart..<text.count, containers: lineContainers))
        }
    }

    // MARK: - Preformatted text

    /// Lines kept as they are, tabs to the next tab stop; CR LF and CR are line breaks.
    mutating func preformattedText(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D || byte == 0x09 {
                appendPreformatted(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                if byte == 0x09 {
                    let spaces = Self.tabStop - preColumn % Self.tabStop
                    appendPreformatted(Array(repeating: 0x20, count: spaces))
                } else {
                    if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                    preformattedLineBreak()
                }
                start = index + 1
            }
            index += 1
        }
        appendPreformatted(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    /// The end of a preformatted line (those before its first line are dropped).
    mutating func preformattedLineBreak() {
        guard preHasLine else { return }
        if lineIsOpen, pendingBreak == 0 {
            endLine()
        } else {
            preEmptyLines += 1
        }
        pendingBreak = max(pendingBreak, 1)
        preColumn = 0
    }

    mutating func appendPreformatted<Bytes: Collection>(_ piece: Bytes) where Bytes.Element == UInt8 {
        guard !piece.isEmpty, !isFull else { return }
        if pendingBreak > 0 || !lineIsOpen {
            // Empty lines inside the block are kept; those at its edges are not.
            if preHasLine {
                for _ in 0..<preEmptyLines {
                    beginLine(kind: .preformatted)
                    endLine()
                    pendingBreak = 1
                }
            }
            preEmptyLines = 0
            preHasLine = true
            beginLine(kind: .preformatted)
        }
        if spansWaitingForWords > 0 { startWaitingSpans() }
        appendBytes(piece)
        for byte in piece where byte & 0xC0 != 0x80 { preColumn += 1 }
        lastLine = .words
    }

    // MARK: - Tables

    /// A table of single-line cells becomes one table block; any other (a
    /// layout table, a table of paragraphs) keeps its cells' blocks as they are.
    mutating func finishTable(_ frame: TableFrame) {
        let rows = frame.rows.filter { !$0.isEmpty }
        var cells: [[ArticleBody.Table.Cell]] = []
        var cellBlocks = IndexSet()
        var isData = !rows.isEmpty && rows.contains { $0.count >= 2 }
        for row in rows where isData {
            var cellRow: [ArticleBody.Table.Cell] = []
            for cell in row {
                cellBlocks.insert(integersIn: cell.blocks)
                let content = cell.blocks.filter { blocks[$0].kind != .blank }
                guard content.count <= 1 else { isData = false; break }
                if let only = content.first {
                    let block = blocks[only]
                    guard block.kind == .paragraph || block.kind.isHeading, block.containers == frame.containers else {
                        isData = false
                        break
                    }
                    cellRow.append(.init(range: block.range, isHeader: cell.isHeader))
                } else {
                    let position = cell.blocks.isEmpty || cell.blocks.lowerBound >= blocks.count
                        ? text.count : blocks[cell.blocks.lowerBound].range.lowerBound
                    cellRow.append(.init(range: position..<position, isHeader: cell.isHeader))
                }
            }
            cells.append(cellRow)
        }
        // A table whose cells are all empty shows nothing, as the search text has nothing of it.
        guard isData, frame.firstBlock <= blocks.count, cells.joined().contains(where: { !$0.range.isEmpty }) else { return }
        // What is not in a cell (a caption, the blank line before) stays, before the table.
        var kept: [ArticleBody.Block] = []
        for index in frame.firstBlock..<blocks.count {
            let isBlank = blocks[index].kind == .blank
            if isBlank ? index == frame.firstBlock : !cellBlocks.contains(index) { kept.append(blocks[index]) }
        }
        let ranges = cells.joined().map(\.range)
        let start = ranges.map(\.lowerBound).min() ?? text.count
        let end = ranges.map(\.upperBound).max() ?? text.count
        blocks.removeSubrange(frame.firstBlock...)
        blocks.append(contentsOf: kept)
        tables.append(ArticleBody.Table(rows: cells))
        blocks.append(ArticleBody.Block(kind: .table(tables.count - 1), range: start..<end, containers: frame.containers))
        lastLine = .words
    }

    // MARK: - The end

    mutating func finish() -> ArticleBody {
        endLine()
        // Empty lines at the end carry nothing.
        while text.last == 0x0A { text.removeLast() }
        if recordsLayout {
            while let last = blocks.last, last.range.isEmpty, last.kind == .blank || last.kind == .paragraph {
                blocks.removeLast()
            }
            // Styles still open at the end close there.
            while !openSpans.isEmpty { closeSpan() }
            let end = text.count
            spans = spans.map { ArticleBody.Span(min($0.range.lowerBound, end)..<min($0.range.upperBound, end), $0.style) }
            // By start, the outer of two that start together first: the longer,
            // or of two alike the one that closed later (spans are added as they close).
            spans = spans.enumerated().sorted {
                ($0.element.range.lowerBound, -$0.element.range.upperBound, -$0.offset)
                    < ($1.element.range.lowerBound, -$1.element.range.upperBound, -$1.offset)
            }.map(\.element)
        }
        return ArticleBody(text: String(decoding: text, as: UTF8.self), blocks: blocks, spans: spans,
                           links: links, tables: tables)
    }
}

extension ArticleBody.Block.Kind {
    var isHeading: Bool {
        if case .heading = self { return true }
        return false
    }
}

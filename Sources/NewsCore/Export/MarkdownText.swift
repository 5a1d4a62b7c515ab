import NewsModel

/// An `ArticleBody` as CommonMark: paragraphs, `#` headings, `-` and `1.`
/// lists (nested), `>` quotes, fenced code blocks, `[text](url)` links,
/// `![alt](src)` images, `**bold**`, `*italic*`, `` `code` ``, and every
/// character that would read as markup escaped. Tables, which CommonMark
/// has not, become one list item per row.
enum MarkdownText {
    static func body(_ body: ArticleBody) -> String {
        var writer = Writer(body: body)
        writer.run()
        while writer.lines.last?.allSatisfy({ $0 == " " || $0 == ">" }) == true { writer.lines.removeLast() }
        return writer.lines.joined(separator: "\n")
    }

    /// Inline text with every character that could start markup escaped;
    /// `atLineStart` also escapes what only counts there (`#`, `-`, `1.`, `>`…).
    static func escaped(_ raw: Substring, atLineStart: Bool) -> String {
        // Most runs of words hold nothing to escape or clean: as they are.
        let isPlain = raw.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first else { return true }
            // At a line's start, only a letter is surely no markup.
            if atLineStart, !((first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")) { return false }
            return !bytes.contains(where: mayStartMarkup) && !TerminalSafe.needsAttention(bytes, keepingNewlines: true)
        }
        if isPlain == true { return String(raw) }
        // Control characters shown as the reader shows them (`^[`, `<U+009D>`), then escaped.
        let cleaned = TerminalSafe.clean(String(raw), keepNewlines: true)
        let text = cleaned[...]
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var lineStart = atLineStart
        var index = text.startIndex
        let bytes = text.utf8
        while index < text.endIndex {
            if !lineStart {
                // Most text is plain: copy up to the next byte that could start
                // markup in one go, then that character the slow way below.
                var special = index
                while special < bytes.endIndex, !mayStartMarkup(bytes[special]) { bytes.formIndex(after: &special) }
                if special == index {
                    // A character that may be markup comes first.
                } else if special == bytes.endIndex || bytes[bytes.index(before: special)] < 0x80 {
                    // After an ASCII byte a new character starts (none is a prepended one).
                    out += text[index..<special]
                    index = special
                } else {
                    // A character before it may reach over it (a prepended or joining
                    // scalar): whole characters up to it only.
                    while index < special {
                        let next = text.index(after: index)
                        if next > special { break }
                        out += text[index..<next]
                        index = next
                    }
                }
                if index == text.endIndex { break }
            }
            let character = text[index]
            let next = text.index(after: index)
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">":
                out += "\\"
                out.append(character)
            case "&":
                // Only what would read as an entity reference.
                if next < text.endIndex, text[next].isLetter || text[next] == "#" { out += "\\" }
                out.append(character)
            default:
                if lineStart, "#+-=~|".contains(character) {
                    out += "\\"
                    out.append(character)
                } else if lineStart, character.isASCII, character.isNumber {
                    // `1.` or `1)` at the start of a line is an ordered list item.
                    var end = index
                    while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
                    out += text[index..<end]
                    if end < text.endIndex, text[end] == "." || text[end] == ")" {
                        out += "\\"
                        out.append(text[end])
                        end = text.index(after: end)
                    }
                    index = end
                    lineStart = false
                    continue
                } else {
                    out.append(character)
                }
            }
            lineStart = false
            index = next
        }
        return out
    }

    /// The ASCII bytes of the characters `escaped` may escape anywhere in a line.
    private static func mayStartMarkup(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): return true
        default: return false
        }
    }

    /// `` `code` ``, delimited by more backticks than any run inside, and
    /// padded with a space where the code starts or ends with a backtick.
    static func codeSpan(_ raw: String) -> String {
        let code = TerminalSafe.clean(raw)
        guard !code.isEmpty else { return "" }
        var longest = 0, run = 0
        for character in code {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = code.first == "`" || code.last == "`" || (code.first == " " && code.last == " ") ? " " : ""
        return fence + pad + code + pad + fence
    }

    /// A link destination: as it is, or in angle brackets when it holds
    /// spaces or parentheses (`<`, `>`, backslashes and line breaks escaped).
    static func destination(_ raw: String) -> String {
        // Most links are printable ASCII without a character that needs care: as they are.
        if !raw.isEmpty, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Self.wrapsDestination($0) }) { return raw }
        // Control and invisible characters percent-encoded: the link still
        // goes where it went, and nothing raw reaches a terminal.
        var url = ""
        for scalar in raw.unicodeScalars {
            if TerminalSafe.needsAttention(scalar) {
                url += String(scalar).utf8.map { "%" + String($0, radix: 16, uppercase: true) }.joined()
            } else {
                url.unicodeScalars.append(scalar)
            }
        }
        guard url.isEmpty || url.contains(where: { " ()<>\\\n\r\t".contains($0) }) else { return url }
        var out = "<"
        for character in url {
            switch character {
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "\n", "\r": out += "%0A"
            case "\\": out += "%5C"
            default: out.append(character)
            }
        }
        return out + ">"
    }

    /// The ASCII bytes that make `destination` write `<…>` (or percent-encode within it).
    static func wrapsDestination(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"): return true
        default: return false
        }
    }

    struct Writer {
        let body: ArticleBody
        var lines: [String] = []
        var cursor = ArticleBody.SpanCursor()
        /// The last block written, for line breaks inside a paragraph.
        var previous: ArticleBody.Block?
        /// The fence of the code block being written, if any.
        var fence: String?

        init(body: ArticleBody) {
            self.body = body
        }

        mutating func run() {
            for block in body.blocks {
                if case .preformatted = block.kind {
                    if fence == nil || previous?.containers != block.containers {
                        closeFence()
                        openFence(block)
                    }
                    lines.append(prefix(block.containers, first: false) + TerminalSafe.clean(String(body.text(block.range))))
                    previous = block
                    continue
                }
                closeFence()
                if let previous, previous.kind != .blank, block.kind != .blank,
                   !Self.continues(previous.containers, block.containers),
                   !Self.mayFollowDirectly(previous.containers, block.containers) {
                    // Without a blank line, the block would read as part of the one before.
                    lines.append(blankLine(Self.shared(previous.containers, block.containers)))
                }
                switch block.kind {
                case .blank:
                    lines.append(blankLine(block.containers))
                case .paragraph where block.range.isEmpty && !body.spans.contains(where: { $0.range.lowerBound == block.range.lowerBound }):
                    // An empty line (two <br> in a row) is a blank line.
                    lines.append(blankLine(block.containers))
                case .paragraph:
                    // A line right after another of the same paragraph: a hard line break.
                    if let previous, previous.kind == .paragraph, !previous.range.isEmpty,
                       Self.continues(previous.containers, block.containers), let last = lines.last, !last.isEmpty {
                        lines[lines.count - 1] = last + "\\"
                    }
                    lines.append(prefix(block.containers, first: true) + inline(block.range))
                case let .heading(level):
                    lines.append(prefix(block.containers, first: true) + String(repeating: "#", count: min(6, max(1, level)))
                                 + " " + inline(block.range, atLineStart: false))
                case .rule:
                    lines.append(prefix(block.containers, first: true) + "***")
                case .preformatted:
                    break
                case let .table(index):
                    table(body.tables[index], block.containers)
                }
                previous = block
            }
            closeFence()
        }

        /// Whether a block goes on the paragraph of the one before (same
        /// containers, no new list item).
        static func continues(_ before: [ArticleBody.Container], _ after: [ArticleBody.Container]) -> Bool {
            guard before.count == after.count else { return false }
            for (a, b) in zip(before, after) {
                switch (a, b) {
                case (.quote, .quote), (.indent, .indent): continue
                case let (.item(markerA, _), .item(markerB, isFirst)):
                    if isFirst || markerA != markerB { return false }
                default: return false
                }
            }
            return true
        }

        /// Whether a block may follow the one before on the next line: a
        /// sibling list item, or a list that can interrupt a paragraph (bullets,
        /// or numbers from 1) starting inside it.
        static func mayFollowDirectly(_ before: [ArticleBody.Container], _ after: [ArticleBody.Container]) -> Bool {
            guard let last = after.last, case let .item(marker, isFirst) = last, isFirst else { return false }
            let outer = Array(after.dropLast()).map(continued)
            if after.count == before.count + 1 {
                let opensList = !marker.hasSuffix(".") || marker == "1."
                return opensList && continues(before, outer)
            }
            // The next item of a list at this level, after what was inside the one before.
            guard after.count <= before.count, case .item = before[after.count - 1] else { return false }
            return continues(Array(before.prefix(after.count - 1)), outer)
        }

        /// A container as the blocks after an item's first see it.
        static func continued(_ container: ArticleBody.Container) -> ArticleBody.Container {
            if case let .item(marker, _) = container { return .item(marker: marker, isFirstBlock: false) }
            return container
        }

        /// What two blocks' containers share (for the blank line between them).
        static func shared(_ a: [ArticleBody.Container], _ b: [ArticleBody.Container]) -> [ArticleBody.Container] {
            var shared: [ArticleBody.Container] = []
            for (x, y) in zip(a, b) {
                switch (x, y) {
                case (.quote, .quote), (.indent, .indent): shared.append(x)
                case let (.item(markerA, _), .item(markerB, isFirst)) where markerA == markerB && !isFirst:
                    shared.append(.item(marker: markerA, isFirstBlock: false))
                default: return shared
                }
            }
            return shared
        }

        // MARK: Containers

        /// Quote marks and list markers (or the indent that continues an item).
        func prefix(_ containers: [ArticleBody.Container], first: Bool) -> String {
            var out = ""
            for container in containers {
                switch container {
                case .quote:
                    out += "> "
                case let .item(marker, isFirstBlock):
                    let markdown = marker.hasSuffix(".") ? marker + " " : "- "
                    out += first && isFirstBlock ? markdown : String(repeating: " ", count: markdown.count)
                case .indent:
                    break
                }
            }
            return out
        }

        func blankLine(_ containers: [ArticleBody.Container]) -> String {
            var line = prefix(containers, first: false)
            while line.last == " " { line.removeLast() }
            return line
        }

        // MARK: Code

        mutating func openFence(_ block: ArticleBody.Block) {
            // Longer than any run of backticks in the block.
            var longest = 0
            var index = body.blocks.firstIndex(of: block) ?? 0
            while index < body.blocks.count, case .preformatted = body.blocks[index].kind,
                  body.blocks[index].containers == block.containers {
                var run = 0
                for character in body.text(body.blocks[index].range) {
                    run = character == "`" ? run + 1 : 0
                    longest = max(longest, run)
                }
                index += 1
            }
            let fence = String(repeating: "`", count: max(3, longest + 1))
            lines.append(prefix(block.containers, first: true) + fence)
            self.fence = fence
        }

        mutating func closeFence() {
            guard let fence, let previous else { return }
            lines.append(prefix(previous.containers, first: false) + fence)
            self.fence = nil
        }

        // MARK: Inline

        mutating func inline(_ range: Range<Int>, atLineStart: Bool = true) -> String {
            var out = ""
            var atStart = atLineStart
            /// Inside `<code>`: its words, verbatim (code spans take no escapes), and its depth.
            var code = ""
            var codeDepth = 0
            /// Open strong and emphasis spans: only the outermost of each writes its delimiters.
            var strong = 0
            var emphasis = 0
            body.walk(range, cursor: &cursor, text: { words in
                if codeDepth > 0 {
                    code += words
                } else {
                    out += MarkdownText.escaped(words, atLineStart: atStart && out.isEmpty)
                }
                atStart = false
            }, open: { span in
                if codeDepth > 0 {
                    if case .code = span.style { codeDepth += 1 }
                    return
                }
                switch span.style {
                case .strong:
                    strong += 1
                    if strong == 1 { out += "**" }
                case .emphasis:
                    emphasis += 1
                    if emphasis == 1 { out += "*" }
                case .code: codeDepth = 1
                case .link: out += "["
                case .image: out += "!["
                }
                atStart = false
            }, close: { span in
                if codeDepth > 0 {
                    guard case .code = span.style else { return }
                    codeDepth -= 1
                    if codeDepth == 0 {
                        out += MarkdownText.codeSpan(code)
                        code = ""
                    }
                    return
                }
                switch span.style {
                case .strong:
                    strong -= 1
                    if strong == 0 { out += "**" }
                case .emphasis:
                    emphasis -= 1
                    if emphasis == 0 { out += "*" }
                case .code: break
                case let .link(number):
                    out += "](" + MarkdownText.destination(body.links[number - 1]) + ")"
                case let .image(link):
                    out += "](" + (link.map { MarkdownText.destination(body.links[$0 - 1]) } ?? "") + ")"
                }
            })
            if codeDepth > 0 { out += MarkdownText.codeSpan(code) }
            return out
        }

        // MARK: Tables

        /// One list item per row: `label: value` for each cell under a header row, else the cells.
        mutating func table(_ table: ArticleBody.Table, _ containers: [ArticleBody.Container]) {
            let labels = table.hasHeaderRow ? table.rows[0].map { inline($0.range, atLineStart: false) } : []
            for row in table.rows.dropFirst(table.hasHeaderRow ? 1 : 0) {
                var cells: [String] = []
                for (column, cell) in row.enumerated() {
                    let value = inline(cell.range, atLineStart: false)
                    if column < labels.count, !labels[column].isEmpty {
                        cells.append("**" + labels[column] + ":** " + value)
                    } else if !value.isEmpty {
                        cells.append(value)
                    }
                }
                lines.append(prefix(containers, first: true) + "- " + cells.joined(separator: "; "))
            }
        }
    }
}

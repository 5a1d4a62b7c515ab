import CLibXML2
import Foundation

/// Renders a post's HTML body as plain text for the reader and for search:
/// paragraphs separated by blank lines, headings, bulleted and numbered
/// lists, `> ` block quotes, preformatted text kept as is, and links as
/// numbered references `[1]` listed under the text. Scripts, styles and
/// comments are dropped; entities are decoded by libxml2's HTML parser.
///
/// This runs for every post of an import (and again whenever the store
/// re-renders stored HTML), so it is built for speed without changing a byte
/// of its output (`ReferenceHTMLText` in the tests is the tree-walking,
/// `String`-based renderer it replaced, and the tests compare the two):
/// - libxml2's HTML parser reports to us through SAX instead of building a
///   tree we would walk once and free (`HTMLStream` follows the tree the
///   parser would have built, as far as it shows in the text);
/// - the text is built as UTF-8 bytes straight from the parser's strings; the
///   rare input where bytes and `String` semantics could part (a grapheme
///   cluster across a line break, invalid UTF-8, the cut at the length limit)
///   takes the `String` path.
public enum HTMLText {
    /// Deeper nesting is flattened: its text is kept, its structure ignored.
    static let maximumDepth = 64
    /// Text beyond this many characters is cut; a post is not a book.
    static let maximumLength = 1_000_000

    public static func render(_ html: String, baseURL: String? = nil) -> String {
        render(html, baseURL: baseURL, listingLinks: true)
    }

    static let parseOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue)

    static func render(_ html: String, baseURL: String?, listingLinks: Bool) -> String {
        var source = html
        let text = source.withUTF8 { bytes -> String? in
            // Plain text without markup or entities needs no parser: the common
            // case for titles and for feeds that send text bodies.
            guard bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return nil }
            return HTMLStream.render(bytes, baseURL: baseURL, listingLinks: listingLinks)
        }
        return text ?? NFC.normalize(Whitespace.collapse(html))
    }

    /// Text of an HTML fragment on one line, without link references (for titles).
    public static func line(_ html: String) -> String {
        Whitespace.collapse(render(html, baseURL: nil, listingLinks: false))
    }

    /// Whether a link's (trimmed, non-empty) reference is one to list: not
    /// `#fragment`, not `javascript:`. ASCII is compared as bytes (each of
    /// the first twelve bytes ASCII: each a character of its own).
    static func isFollowable(_ href: String) -> Bool {
        var copy = href
        let answer = copy.withUTF8 { bytes -> Bool? in
            for index in 0..<min(bytes.count, 12) where bytes[index] >= 0x80 { return nil }
            if bytes.first == UInt8(ascii: "#") { return false }
            guard bytes.count >= 11 else { return true }
            for (index, expected) in "javascript:".utf8.enumerated() {
                var byte = bytes[index]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte != expected { return true }
            }
            return false
        }
        return answer ?? (!href.hasPrefix("#") && !href.lowercased().hasPrefix("javascript:"))
    }

    /// `&#146;` in HTML means Windows-1252's ’, as browsers read it.
    static func replacingC1Controls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value), let mapped = Unicode.Scalar(FeedCharset.windows1252High[Int(scalar.value - 0x80)]) {
                result.append(mapped)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The same on valid UTF-8 bytes: C1 controls are `C2 80` to `C2 9F`.
    static func replacingC1Controls(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(bytes.count + 8)
        var copiedUpTo = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0xC2, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0x9F {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<index]))
                FeedCharset.appendUTF8(FeedCharset.windows1252High[Int(bytes[index + 1] - 0x80)], to: &output)
                index += 2
                copiedUpTo = index
            } else {
                index += 1
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
    }

    /// What an element does to the text.
    fileprivate enum Tag {
        case dropped, lineBreak, block, row, definition, cell, rule, quote, preformatted, list, orderedList, item, link, image, other
    }

    /// Element names, lowercased, packed as in `packedName`.
    private static let tags: [(UInt64, UInt64, Tag)] = {
        let table: [(String, Tag)] = [
            ("p", .block), ("a", .link), ("li", .item), ("br", .lineBreak), ("div", .block), ("ul", .list), ("ol", .orderedList),
            ("h1", .block), ("h2", .block), ("h3", .block), ("h4", .block), ("h5", .block), ("h6", .block),
            ("td", .cell), ("th", .cell), ("tr", .row), ("dt", .row), ("caption", .row), ("dd", .definition),
            ("img", .image), ("hr", .rule), ("blockquote", .quote), ("pre", .preformatted), ("menu", .list), ("dir", .list),
            ("script", .dropped), ("style", .dropped), ("head", .dropped), ("title", .dropped), ("template", .dropped),
            ("svg", .dropped), ("math", .dropped),
            ("section", .block), ("article", .block), ("header", .block), ("footer", .block), ("aside", .block),
            ("nav", .block), ("main", .block), ("figure", .block), ("figcaption", .block), ("address", .block),
            ("dl", .block), ("table", .block), ("form", .block), ("fieldset", .block), ("center", .block),
            ("details", .block), ("summary", .block),
        ]
        return table.map { name, tag in
            let packed = Array(name.utf8).withUnsafeBufferPointer { packedName($0)! }
            return (packed.0, packed.1, tag)
        }
    }()

    /// Up to 16 bytes in two words, zero-padded (names hold no NUL); nil when longer.
    private static func packedName(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        guard bytes.count <= 16 else { return nil }
        var low: UInt64 = 0, high: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { low |= UInt64(byte) << (8 * UInt64(index)) } else { high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        return (low, high)
    }

    /// What an element of this (local) name does; names are lowercased first, as `String` does.
    fileprivate static func tag(_ name: UnsafePointer<xmlChar>) -> Tag {
        var low: UInt64 = 0, high: UInt64 = 0
        var index = 0
        while true {
            var byte = name[index]
            if byte == 0 { break }
            if byte >= 0x80 { return slowTag(name) }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if index < 8 {
                low |= UInt64(byte) << (8 * UInt64(index))
            } else if index < 16 {
                high |= UInt64(byte) << (8 * UInt64(index - 8))
            }
            index += 1
        }
        guard index <= 16 else { return .other }
        for entry in tags where entry.0 == low && entry.1 == high { return entry.2 }
        return .other
    }

    /// Non-ASCII names lowercase as `String` does (the Kelvin sign becomes `k`).
    private static func slowTag(_ name: UnsafePointer<xmlChar>) -> Tag {
        let lowercased = Array(String(cString: name).lowercased().utf8)
        guard let packed = lowercased.withUnsafeBufferPointer(packedName) else { return .other }
        for entry in tags where entry.0 == packed.0 && entry.1 == packed.1 { return entry.2 }
        return .other
    }

    fileprivate struct Renderer {
        let baseURL: String?
        let listingLinks: Bool
        var output: [UInt8] = []
        var line: [UInt8] = []
        /// Prefixes of enclosing blocks (`> ` for quotes, spaces under list
        /// items), joined; each one's length, innermost last. Always ASCII.
        var prefix: [UInt8] = []
        var prefixLengths: [Int] = []
        /// A marker (`• `, `3. `) waiting for the first text of a list item,
        /// and its length in characters.
        var pendingMarker: [UInt8]?
        var pendingMarkerLength = 0
        /// 0: nothing, 1: line break, 2: blank line, before the next text.
        var pendingBreak = 0
        var pendingSpace = false
        var preformatted = 0
        var links: [String] = []
        var linkNumbers: [String: Int] = [:]
        var listCounters: [Int?] = []
        var lineHasText = false
        /// The prefix in force when a blank line was asked for.
        var breakPrefix: [UInt8] = []
        /// Whether the output may hold a scalar from U+0300 on that NFC could change.
        var mayNeedNFC = false
        var scratch: [UInt8] = []

        static let bullet = Array("• ".utf8)
        static let rule = Array("———".utf8)

        init(baseURL: String?, listingLinks: Bool, capacity: Int) {
            self.baseURL = baseURL
            self.listingLinks = listingLinks
            output.reserveCapacity(capacity)
            line.reserveCapacity(256)
        }

        /// Whether a node may still add text: once the text is this long,
        /// the nodes after are skipped (the open elements still close).
        var hasRoom: Bool { output.count + line.count < HTMLText.maximumLength }

        /// What closing an element does.
        enum Close {
            case blankLine, lineBreak, definition, cell, quote, preformatted, list(level: Int), item
            case link(href: String?)
        }

        /// A text node's bytes, as libxml2 has them (`String(cString:)` semantics:
        /// invalid UTF-8 is repaired the way `String` repairs it).
        mutating func textNode(_ bytes: UnsafeBufferPointer<UInt8>) {
            let scan = UTF8Scan.of(bytes)
            if scan.contains(.fromU0300) { mayNeedNFC = true }
            if scan.contains(.invalid) {
                text(HTMLText.replacingC1Controls(String(decoding: bytes, as: UTF8.self)))
            } else if scan.contains(.c1Control) {
                var replaced = scratch
                scratch = []
                HTMLText.replacingC1Controls(bytes, into: &replaced)
                if !mayNeedNFC { mayNeedNFC = replaced.contains { $0 >= 0xCC } }
                replaced.withUnsafeBufferPointer { text($0) }
                scratch = replaced
            } else {
                text(bytes)
            }
        }

        /// An element starts at `depth` (the document element is at 0):
        /// whether its children count, and what its end does.
        mutating func open(_ tag: Tag, depth: Int, attribute: (String) -> String?) -> (children: Bool, close: Close?) {
            if depth > HTMLText.maximumDepth { return (true, nil) }
            switch tag {
            // The fallback text inside <iframe>, <object> and <noscript> is kept:
            // a terminal is exactly the reader it was written for.
            case .dropped:
                return (false, nil)
            case .lineBreak:
                breakLine(1, force: true)
                return (false, nil)
            case .block:
                breakLine(2)
                return (true, .blankLine)
            case .row:
                breakLine(1)
                return (true, .lineBreak)
            case .definition:
                breakLine(1)
                pushPrefix("  ")
                return (true, .definition)
            case .cell:
                pendingSpace = true
                return (true, .cell)
            case .rule:
                breakLine(2)
                Self.rule.withUnsafeBufferPointer { text($0) }
                breakLine(2)
                return (false, nil)
            case .quote:
                breakLine(2)
                pushPrefix("> ")
                return (true, .quote)
            case .preformatted:
                breakLine(2)
                preformatted += 1
                return (true, .preformatted)
            case .list, .orderedList:
                var counter: Int?
                if case .orderedList = tag { counter = Int(attribute("start") ?? "") ?? 1 }
                listCounters.append(counter)
                let level = listCounters.count > 1 ? 1 : 2
                breakLine(level)
                return (true, .list(level: level))
            case .item:
                breakLine(1)
                var marker = Self.bullet
                var markerLength = 2
                if let counter = listCounters.last, let number = counter {
                    let text = "\(number). "
                    marker = Array(text.utf8)
                    markerLength = text.count
                    listCounters[listCounters.count - 1] = number + 1
                }
                pendingMarker = marker
                pendingMarkerLength = markerLength
                pushPrefix(String(repeating: " ", count: markerLength))
                return (true, .item)
            case .link:
                return (true, .link(href: listingLinks ? attribute("href") : nil))
            case .image:
                if let alt = attribute("alt"), !Whitespace.collapse(alt).isEmpty {
                    text(" [" + Whitespace.collapse(alt) + "] ")
                }
                return (false, nil)
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
            case .definition:
                popPrefix()
                breakLine(1)
            case .cell:
                pendingSpace = true
            case .quote:
                breakLine(1)
                popPrefix()
                breakLine(2)
            case .preformatted:
                preformatted -= 1
                breakLine(2)
            case .list(let level):
                breakLine(level)
                listCounters.removeLast()
            case .item:
                popPrefix()
                pendingMarker = nil
                breakLine(1)
            case .link(let href):
                if let href = href.map(Whitespace.trim), !href.isEmpty, HTMLText.isFollowable(href) {
                    let url = FeedURL.resolve(href, against: baseURL) ?? href
                    let number = linkNumber(url)
                    withDecimal(number, before: UInt8(ascii: "["), after: UInt8(ascii: "]")) { append($0, spaceBefore: false) }
                }
            }
        }

        /// The link's number, the first time it was seen; a new one for a new link.
        /// (Few links: a linear search; many: a dictionary. Both compare as String.)
        mutating func linkNumber(_ url: String) -> Int {
            if links.count <= 16 {
                if let index = links.firstIndex(of: url) { return index + 1 }
            } else if let known = linkNumbers[url] {
                return known
            }
            links.append(url)
            if links.count > 16 {
                if linkNumbers.isEmpty {
                    for (index, link) in links.enumerated() { linkNumbers[link] = index + 1 }
                } else {
                    linkNumbers[url] = links.count
                }
            }
            return links.count
        }

        /// `before`, the decimal digits of `number`, `after`, as bytes.
        func withDecimal<Result>(_ number: Int, before: UInt8, after: UInt8, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
                var end = 23
                buffer[end] = after
                var rest = number.magnitude
                repeat {
                    end -= 1
                    buffer[end] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                } while rest > 0
                if number < 0 {
                    end -= 1
                    buffer[end] = UInt8(ascii: "-")
                }
                end -= 1
                buffer[end] = before
                return body(UnsafeBufferPointer(rebasing: buffer[end..<24]))
            }
        }

        mutating func pushPrefix(_ text: String) {
            prefix.append(contentsOf: text.utf8)
            prefixLengths.append(text.utf8.count)
        }

        mutating func popPrefix() {
            prefix.removeLast(prefixLengths.removeLast())
        }

        mutating func breakLine(_ level: Int, force: Bool = false) {
            if force {
                // A <br> ends the current line even when it is empty.
                flushLine(allowEmpty: true)
                pendingBreak = 0
                pendingSpace = false
                return
            }
            if level >= 2, pendingBreak < 2 {
                breakPrefix.removeAll(keepingCapacity: true)
                breakPrefix.append(contentsOf: prefix)
            }
            pendingBreak = max(pendingBreak, level)
            pendingSpace = false
        }

        mutating func flushLine(allowEmpty: Bool = false) {
            guard !line.isEmpty || allowEmpty else { return }
            if !output.isEmpty { output.append(0x0A) }
            if line.isEmpty {
                appendTrimmedRight(prefix[...])
            } else {
                output.append(contentsOf: line)
            }
            line.removeAll(keepingCapacity: true)
        }

        /// `text` without its trailing spaces (prefixes are ASCII: bytes are characters).
        mutating func appendTrimmedRight(_ text: ArraySlice<UInt8>) {
            var end = text.endIndex
            while end > text.startIndex, text[end - 1] == 0x20 { end -= 1 }
            output.append(contentsOf: text[text.startIndex..<end])
        }

        mutating func startLineIfNeeded() {
            guard line.isEmpty else { return }
            if !output.isEmpty, pendingBreak >= 2 {
                // The blank line belongs to the blocks on both sides: only their common prefix.
                var common = 0
                while common < prefix.count, common < breakPrefix.count, prefix[common] == breakPrefix[common] { common += 1 }
                output.append(0x0A)
                appendTrimmedRight(prefix[0..<common])
            }
            pendingBreak = 0
            line.append(contentsOf: prefix)
            if let marker = pendingMarker {
                line.removeLast(min(pendingMarkerLength, line.count))
                line.append(contentsOf: marker)
                pendingMarker = nil
            }
            lineHasText = false
        }

        @inline(__always)
        mutating func append(_ word: UnsafeBufferPointer<UInt8>, spaceBefore: Bool) {
            if pendingBreak > 0, lineHasText {
                flushLine()
            }
            if line.isEmpty { startLineIfNeeded() }
            if spaceBefore, lineHasText { line.append(0x20) }
            line.append(contentsOf: word)
            lineHasText = true
            pendingSpace = false
        }

        mutating func text(_ raw: String) {
            var raw = raw
            raw.withUTF8 { bytes in
                if !mayNeedNFC, bytes.contains(where: { $0 >= 0xCC }) { mayNeedNFC = true }
                text(bytes)
            }
        }

        /// A text node's valid UTF-8.
        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
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
                if pendingBreak == 0 {
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
                if index == spaceStart + 1, bytes[spaceStart] == 0x20 {
                    runStart = spaceStart
                } else {
                    line.append(0x20)
                }
                index = Self.endOfWord(bytes, from: index)
                while index + 1 < count, bytes[index] == 0x20, Whitespace.length(bytes, at: index + 1) == 0 {
                    index = Self.endOfWord(bytes, from: index + 1)
                }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            return false
        }

        /// Lines kept as they are, tabs as four spaces.
        mutating func preformattedText(_ bytes: UnsafeBufferPointer<UInt8>) {
            if bytes.contains(0x0D) {
                // CR LF is one character, which a split on "\n" does not split:
                // split as characters, as ever.
                let raw = String(decoding: bytes, as: UTF8.self)
                var first = true
                for piece in raw.split(separator: "\n", omittingEmptySubsequences: false) {
                    newPreformattedPiece(first: first)
                    first = false
                    var text = String(piece)
                    text.withUTF8 { appendPreformatted($0) }
                }
                return
            }
            // Without CR every LF is a character of its own.
            var start = 0
            var first = true
            while true {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                newPreformattedPiece(first: first)
                first = false
                appendPreformatted(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                if end == bytes.count { break }
                start = end + 1
            }
        }

        mutating func newPreformattedPiece(first: Bool) {
            guard !first else { return }
            if lineHasText || line.isEmpty { flushLine(allowEmpty: true) }
            startLineIfNeeded()
        }

        mutating func appendPreformatted(_ piece: UnsafeBufferPointer<UInt8>) {
            guard !piece.isEmpty else { return }
            startLineIfNeeded()
            if piece.contains(0x09) {
                let expanded = String(decoding: piece, as: UTF8.self).replacingOccurrences(of: "\t", with: "    ")
                line.append(contentsOf: expanded.utf8)
            } else {
                line.append(contentsOf: piece)
            }
            lineHasText = true
        }

        mutating func finish() -> String {
            flushLine()
            // Lines made only of a prefix at the end carry nothing.
            if !trimOutput() {
                return finishAsString()
            }
            if output.count > HTMLText.maximumLength {
                return finishAsString()
            }
            if !links.isEmpty {
                output.append(contentsOf: "\n\n".utf8)
                for (index, link) in links.enumerated() {
                    if index > 0 { output.append(0x0A) }
                    withDecimal(index + 1, before: UInt8(ascii: "["), after: UInt8(ascii: "]")) { output.append(contentsOf: $0) }
                    output.append(0x20)
                    var link = link
                    link.withUTF8 { bytes in
                        output.append(contentsOf: bytes)
                        if !mayNeedNFC, bytes.contains(where: { $0 >= 0xCC }) { mayNeedNFC = true }
                    }
                }
            }
            let text = String(decoding: output, as: UTF8.self)
            if !mayNeedNFC { return text }
            return output.withUnsafeBufferPointer { NFC.isSurelyNFC($0) } ? text : text.precomposedStringWithCanonicalMapping
        }

        /// Trailing newlines and spaces, then leading newlines, removed as the
        /// `String`-based renderer removed them, character by character. False
        /// when a trailing space follows a non-ASCII byte (it might belong to
        /// that character, as after U+0600): then `finishAsString` decides.
        mutating func trimOutput() -> Bool {
            var end = output.count
            while end > 0 {
                let last = output[end - 1]
                guard last == 0x0A || last == 0x20 else { break }
                let previous: UInt8? = end >= 2 ? output[end - 2] : nil
                // `\r\n` is one character, not "\n".
                if last == 0x0A, previous == 0x0D { break }
                if last == 0x20, let previous, previous >= 0x80 {
                    return false
                }
                end -= 1
            }
            var start = 0
            while start < end, output[start] == 0x0A { start += 1 }
            if end < output.count { output.removeSubrange(end...) }
            if start > 0 { output.removeSubrange(..<start) }
            return true
        }

        /// The end of the `String`-based renderer, for the rare text that needs it.
        func finishAsString() -> String {
            var result = String(decoding: output, as: UTF8.self)
            while result.hasSuffix("\n") || result.hasSuffix(" ") { result.removeLast() }
            while result.hasPrefix("\n") { result.removeFirst() }
            if result.utf8.count > HTMLText.maximumLength {
                result = String(result.prefix(HTMLText.maximumLength)) + "…"
            }
            if !links.isEmpty {
                result += "\n\n" + links.enumerated().map { "[\($0.offset + 1)] \($0.element)" }.joined(separator: "\n")
            }
            return NFC.normalize(result)
        }
    }
}

/// Runs libxml2's HTML parser with SAX callbacks and renders as the events
/// come, following the tree the parser's default (tree-building) callbacks
/// would have built, wherever that tree shows in the text:
/// - an element's depth, and whether it is inside the document element at
///   all (the parser hangs elements that come after the document element
///   closed on that element, or, when a DOCTYPE or a comment is the
///   document's first child, beside it, where they are not rendered);
/// - text nodes as the tree holds them: consecutive character runs of one
///   kind in one element make one node, cut at 10,000,000 bytes as
///   libxml2's tree builder does (it then stops the parser);
/// - the nesting limit: elements go through libxml2's own `nodePush`, which
///   stops the parser past 256 levels, as it does for a tree.
/// The parser itself looks at the tree in one place, `areBlanks` (the
/// current element's last child that is not a comment), where with the
/// options we use (blanks kept) its answer shows nowhere; still, each open
/// element has a stand-in `xmlNode` whose last child answers as the tree's would.
private struct HTMLStream {
    var renderer: HTMLText.Renderer

    struct Frame {
        var depth: Int
        /// Whether this element's children are rendered.
        var children: Bool
        var close: HTMLText.Renderer.Close?
    }
    /// The open elements, as libxml2's node stack holds their stand-ins.
    var frames: [Frame] = []
    /// Stand-in nodes in fixed chunks (libxml2 keeps pointers to them): two
    /// per open element, the element and its last child that is not a comment.
    var chunks: [UnsafeMutablePointer<xmlNode>] = []
    static let framesPerChunk = 16

    /// Whether the document has a child yet, and whether the first is the document element.
    var documentHasChild = false
    var firstChildIsRoot = false
    var hasRoot = false

    /// The text node being read: its bytes, kind, and whether it is rendered.
    var run: [UInt8] = []
    var runType: xmlElementType?
    var runIsRendered = false

    init(baseURL: String?, listingLinks: Bool, capacity: Int) {
        renderer = HTMLText.Renderer(baseURL: baseURL, listingLinks: listingLinks, capacity: capacity)
        run.reserveCapacity(1024)
    }

    /// The text of `bytes`, or nil when libxml2 made no document of them.
    static func render(_ bytes: UnsafeBufferPointer<UInt8>, baseURL: String?, listingLinks: Bool) -> String? {
        LibXML.silenceErrors()
        // What htmlReadMemory(bytes, baseURL, "UTF-8", options) does, with our callbacks.
        let context = bytes.withMemoryRebound(to: CChar.self) { xmlCreateMemoryParserCtxt($0.baseAddress, Int32($0.count)) }
        guard let context else { return nil }
        htmlDefaultSAXHandlerInit()
        if let sax = context.pointee.sax {
            UnsafeMutableRawPointer(sax).copyMemory(from: __htmlDefaultSAXHandler(), byteCount: MemoryLayout<xmlSAXHandlerV1>.size)
            sax.pointee.startElement = startElement
            sax.pointee.endElement = endElement
            sax.pointee.characters = characters
            sax.pointee.cdataBlock = cdataBlock
            sax.pointee.comment = comment
            sax.pointee.processingInstruction = processingInstruction
            sax.pointee.internalSubset = internalSubset
        }
        // The callbacks reach the stream through the context (through a pointer: no exclusivity checks).
        var stream = HTMLStream(baseURL: baseURL, listingLinks: listingLinks, capacity: bytes.count)
        defer { for chunk in stream.chunks { chunk.deallocate() } }
        return withUnsafeMutablePointer(to: &stream) { stream in
            context.pointee._private = UnsafeMutableRawPointer(stream)
            return parse(context, baseURL: baseURL).map { _ in stream.pointee.finish() }
        }
    }

    /// htmlDoRead: the options, the encoding, the document's URL, the parse.
    /// Frees the context; returns whether there was a document.
    static func parse(_ context: xmlParserCtxtPtr, baseURL: String?) -> Void? {
        htmlCtxtUseOptions(context, HTMLText.parseOptions)
        context.pointee.html = 1
        if let handler = xmlFindCharEncodingHandler("UTF-8") {
            xmlSwitchToEncoding(context, handler)
            if let input = context.pointee.input {
                if let encoding = input.pointee.encoding { xmlFree(UnsafeMutableRawPointer(mutating: encoding)) }
                input.pointee.encoding = UnsafePointer(xmlCharStrdup("UTF-8"))
            }
        }
        if let baseURL, let input = context.pointee.input, input.pointee.filename == nil, let copy = xmlCharStrdup(baseURL) {
            input.pointee.filename = UnsafePointer(UnsafeMutableRawPointer(copy).assumingMemoryBound(to: CChar.self))
        }
        htmlParseDocument(context)
        let document = context.pointee.myDoc
        context.pointee.myDoc = nil
        if context.pointee.dictNames != 0, let document, document.pointee.dict == context.pointee.dict {
            context.pointee.dict = nil
        }
        context.pointee._private = nil
        xmlFreeParserCtxt(context)
        guard let document else { return nil }
        xmlFreeDoc(document)
        return ()
    }

    mutating func finish() -> String {
        endRun()
        // Elements still open at the end close as the tree's would.
        while let frame = frames.popLast() {
            if let close = frame.close { renderer.close(close) }
        }
        return renderer.finish()
    }

    static func stream(_ context: UnsafeMutableRawPointer?) -> (UnsafeMutablePointer<HTMLStream>, xmlParserCtxtPtr)? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let stream = parser.pointee._private else { return nil }
        return (stream.assumingMemoryBound(to: HTMLStream.self), parser)
    }

    /// The stand-ins of the element at `index` of the stack, and of its last child.
    mutating func standIns(_ index: Int) -> (element: UnsafeMutablePointer<xmlNode>, lastChild: UnsafeMutablePointer<xmlNode>) {
        let chunk = index / Self.framesPerChunk
        while chunks.count <= chunk {
            let nodes = UnsafeMutablePointer<xmlNode>.allocate(capacity: 2 * Self.framesPerChunk)
            nodes.initialize(repeating: xmlNode(), count: 2 * Self.framesPerChunk)
            chunks.append(nodes)
        }
        let element = chunks[chunk] + 2 * (index % Self.framesPerChunk)
        return (element, element + 1)
    }

    /// The current element's last child (for `areBlanks`) is now of this kind and name.
    mutating func setLastChild(_ type: xmlElementType, name: UnsafePointer<xmlChar>?) {
        guard !frames.isEmpty else { return }
        let (element, lastChild) = standIns(frames.count - 1)
        lastChild.pointee.type = type
        lastChild.pointee.name = name
        element.pointee.last = lastChild
    }

    /// The local name libxml2's tree gives an element (xmlSplitQName):
    /// what follows the first colon, unless the colon is first or last.
    static func localName(_ name: UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar> {
        guard name[0] != UInt8(ascii: ":") else { return name }
        var index = 1
        while name[index] != 0 {
            if name[index] == UInt8(ascii: ":") {
                return name[index + 1] == 0 ? name : name + index + 1
            }
            index += 1
        }
        return name
    }

    mutating func start(_ parser: xmlParserCtxtPtr, _ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        endRun()
        let local = Self.localName(name)
        // Where the tree would put it.
        var depth = 0
        var rendered = false
        if let parent = frames.last {
            depth = parent.depth + 1
            rendered = parent.children
        } else if !documentHasChild {
            documentHasChild = true
            firstChildIsRoot = true
            hasRoot = true
            rendered = true
        } else if firstChildIsRoot {
            depth = 1 // a child of the document element, after all the others
            rendered = true
        } else if !hasRoot {
            hasRoot = true
            rendered = true
        }
        let (element, lastChild) = standIns(frames.count)
        element.pointee = xmlNode()
        element.pointee.type = XML_ELEMENT_NODE
        element.pointee.name = local
        lastChild.pointee = xmlNode()
        // Past libxml2's nesting limit this stops the parser, and the element is not in the tree.
        guard nodePush(parser, element) >= 0 else { return }
        setLastChild(XML_ELEMENT_NODE, name: local)
        var frame = Frame(depth: depth, children: false, close: nil)
        if rendered, renderer.hasRoom {
            (frame.children, frame.close) = renderer.open(HTMLText.tag(local), depth: depth) { wanted in
                Self.attribute(wanted, in: attributes)
            }
        }
        frames.append(frame)
    }

    mutating func end(_ parser: xmlParserCtxtPtr) {
        endRun()
        guard nodePop(parser) != nil, let frame = frames.popLast() else { return }
        if let close = frame.close { renderer.close(close) }
    }

    mutating func text(_ parser: xmlParserCtxtPtr, _ bytes: UnsafePointer<xmlChar>?, _ count: Int32, type: xmlElementType) {
        // Text outside every element is not in the tree.
        guard !frames.isEmpty, let bytes, count > 0 else { return }
        let length = Int(count)
        if runType == type {
            // libxml2's tree builder refuses to grow a text node past
            // XML_MAX_TEXT_LENGTH (without XML_PARSE_HUGE) and stops the parser.
            if run.count + length > Int(XML_MAX_TEXT_LENGTH) {
                parser.pointee.errNo = Int32(XML_ERR_NO_MEMORY.rawValue)
                parser.pointee.instate = XML_PARSER_EOF
                parser.pointee.disableSAX = 1
                return
            }
        } else {
            endRun()
            runType = type
            runIsRendered = frames[frames.count - 1].children
            setLastChild(type, name: nil)
        }
        run.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }

    /// The text node read so far is complete: render it where the tree has it.
    mutating func endRun() {
        guard runType != nil else { return }
        runType = nil
        if runIsRendered, renderer.hasRoom {
            run.withUnsafeBufferPointer { bytes in
                // The tree's text is a C string: it ends at a NUL.
                let end = memchr(bytes.baseAddress!, 0, bytes.count)
                    .map { UnsafeRawPointer(bytes.baseAddress!).distance(to: $0) } ?? bytes.count
                renderer.textNode(UnsafeBufferPointer(rebasing: bytes[..<end]))
            }
        }
        run.removeAll(keepingCapacity: true)
    }

    /// A comment or processing instruction: a node of its own.
    mutating func otherNode(_ type: xmlElementType, name: UnsafePointer<xmlChar>?) {
        endRun()
        if frames.isEmpty {
            documentHasChild = true
        } else if type != XML_COMMENT_NODE {
            // areBlanks looks past comments to the child before.
            setLastChild(type, name: name)
        }
    }

    /// An attribute's value as the tree would have it: the first of that
    /// name (lowercased), empty when it has no value (a boolean attribute's
    /// value is its name).
    static func attribute(_ wanted: String, in attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> String? {
        guard let attributes else { return nil }
        var index = 0
        while let name = attributes[index] {
            if String(cString: name).lowercased() == wanted {
                if let value = attributes[index + 1] { return String(cString: value) }
                return htmlIsBooleanAttr(name) != 0 ? String(cString: name) : ""
            }
            index += 2
        }
        return nil
    }

    static let startElement: startElementSAXFunc = { context, name, attributes in
        guard let (stream, parser) = stream(context), let name else { return }
        stream.pointee.start(parser, name, attributes)
    }

    static let endElement: endElementSAXFunc = { context, _ in
        guard let (stream, parser) = stream(context) else { return }
        stream.pointee.end(parser)
    }

    static let characters: charactersSAXFunc = { context, bytes, count in
        guard let (stream, parser) = stream(context) else { return }
        stream.pointee.text(parser, bytes, count, type: XML_TEXT_NODE)
    }

    static let cdataBlock: cdataBlockSAXFunc = { context, bytes, count in
        guard let (stream, parser) = stream(context) else { return }
        stream.pointee.text(parser, bytes, count, type: XML_CDATA_SECTION_NODE)
    }

    static let comment: commentSAXFunc = { context, _ in
        guard let (stream, _) = stream(context) else { return }
        stream.pointee.otherNode(XML_COMMENT_NODE, name: nil)
    }

    static let processingInstruction: processingInstructionSAXFunc = { context, target, _ in
        guard let (stream, _) = stream(context) else { return }
        stream.pointee.otherNode(XML_PI_NODE, name: target)
    }

    /// A DOCTYPE: libxml2 puts it first among the document's children, once.
    static let internalSubset: internalSubsetSAXFunc = { context, name, externalID, systemID in
        guard let (stream, parser) = stream(context) else { return }
        let had = parser.pointee.myDoc.map { xmlGetIntSubset($0) != nil } ?? true
        xmlSAX2InternalSubset(context, name, externalID, systemID)
        if !had, let document = parser.pointee.myDoc, xmlGetIntSubset(document) != nil {
            stream.pointee.documentHasChild = true
            stream.pointee.firstChildIsRoot = false
        }
    }
}

/// Unicode canonical composition, skipped for the text that cannot need it.
enum NFC {
    static func normalize(_ text: String) -> String {
        if isSurelyNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// True when no character of `text` can change under NFC: no combining
    /// marks, no Hangul jamo, none of the singletons NFC replaces. Most text
    /// passes without Foundation (which costs more than the rest of a post).
    static func isSurelyNFC(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isSurelyNFC($0) }
    }

    /// The same on valid UTF-8: everything below U+0300 (lead bytes below 0xCC) passes.
    static func isSurelyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                // No byte from 0xCC on in these eight: (b & 0x7F) + 0x34 reaches
                // 0x80 exactly when b & 0x7F >= 0x4C, and b's own top bit must be set.
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x3434_3434_3434_3434) & word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0xCC {
                index += 1
                continue
            }
            var value: UInt32
            let length: Int
            switch lead {
            case 0xCC...0xDF: value = UInt32(lead & 0x1F); length = 2
            case 0xE0...0xEF: value = UInt32(lead & 0x0F); length = 3
            default: value = UInt32(lead & 0x07); length = 4
            }
            guard index + length <= count else { return false }
            for offset in 1..<length { value = value << 6 | UInt32(base[index + offset] & 0x3F) }
            guard let scalar = Unicode.Scalar(value), isSurelyNFC(scalar) else { return false }
            index += length
        }
        return true
    }

    static func isSurelyNFC(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x300 { return true }
        if (0x1100...0x11FF).contains(value) || (0x2126...0x212B).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x2F800...0x2FA1F).contains(value) || (0x0340...0x0344).contains(value) || value == 0x0374
            || value == 0x037E || value == 0x0387 || (0x1F71...0x1FFD).contains(value) || value == 0x2000
            || value == 0x2001 || value == 0x2329 || value == 0x232A || (0xAC00...0xD7A3).contains(value) {
            return false
        }
        if scalar.properties.canonicalCombiningClass != .notReordered { return false }
        // Characters that combine with a preceding one without a combining class
        // (some Indic vowel signs, Hangul) are below; be safe with them.
        if (0x0900...0x0DFF).contains(value) || (0x1000...0x10FF).contains(value) || (0x3099...0x309A).contains(value) {
            return false
        }
        return true
    }
}

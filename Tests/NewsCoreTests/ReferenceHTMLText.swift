import CLibXML2
import Foundation
@testable import NewsCore

// The HTML-to-text renderer as it was before its byte-buffer rewrite (commit
// 5feae05), kept verbatim but renamed, so that tests can check that the
// rewrite renders every input to exactly the same text: the store re-renders
// stored HTML and must get byte-identical text. A deliberate change of the
// rendering must change this copy too.


/// Renders a post's HTML body as plain text for the reader and for search:
/// paragraphs separated by blank lines, headings, bulleted and numbered
/// lists, `> ` block quotes, preformatted text kept as is, and links as
/// numbered references `[1]` listed under the text. Scripts, styles and
/// comments are dropped; entities are decoded by libxml2's HTML parser.
enum ReferenceHTMLText {
    /// Deeper nesting is flattened: its text is kept, its structure ignored.
    static let maximumDepth = 64
    /// Text beyond this many characters is cut; a post is not a book.
    static let maximumLength = 1_000_000

    static func render(_ html: String, baseURL: String? = nil) -> String {
        render(html, baseURL: baseURL, listingLinks: true)
    }

    static func render(_ html: String, baseURL: String?, listingLinks: Bool) -> String {
        // Plain text without markup or entities needs no parser: the common
        // case for titles and for feeds that send text bodies.
        if !html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return ReferenceNFC.normalize(ReferenceWhitespace.collapse(html))
        }
        LibXML.silenceErrors()
        var bytes = Array(html.utf8)
        if bytes.isEmpty { return "" }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue)
        let document = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), baseURL, "UTF-8", options)
            }
        }
        guard let document else { return ReferenceNFC.normalize(ReferenceWhitespace.collapse(html)) }
        defer { xmlFreeDoc(document) }
        var renderer = Renderer(baseURL: baseURL, listingLinks: listingLinks)
        if let root = xmlDocGetRootElement(document) {
            renderer.visit(XMLNode(pointer: root), depth: 0)
        }
        return ReferenceNFC.normalize(renderer.finish())
    }

    /// Text of an HTML fragment on one line, without link references (for titles).
    static func line(_ html: String) -> String {
        ReferenceWhitespace.collapse(render(html, baseURL: nil, listingLinks: false))
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

    private struct Renderer {
        let baseURL: String?
        let listingLinks: Bool
        var output = ""
        var line = ""
        /// Prefixes of enclosing blocks: `> ` for quotes, spaces under list items.
        var prefixes: [String] = []
        /// A marker (`• `, `3. `) waiting for the first text of a list item.
        var pendingMarker: String?
        /// 0: nothing, 1: line break, 2: blank line, before the next text.
        var pendingBreak = 0
        var pendingSpace = false
        var preformatted = 0
        var links: [String] = []
        var listCounters: [Int?] = []

        init(baseURL: String?, listingLinks: Bool) {
            self.baseURL = baseURL
            self.listingLinks = listingLinks
        }

        mutating func visit(_ node: XMLNode, depth: Int) {
            guard output.utf8.count + line.utf8.count < ReferenceHTMLText.maximumLength else { return }
            switch node.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                text(ReferenceHTMLText.replacingC1Controls(node.content ?? ""))
            case XML_ELEMENT_NODE:
                element(node, depth: depth)
            case XML_ENTITY_REF_NODE:
                text("&" + node.rawName + ";")
            default:
                break // comments, processing instructions
            }
        }

        mutating func visitChildren(_ node: XMLNode, depth: Int) {
            for child in node.children { visit(child, depth: depth + 1) }
        }

        mutating func element(_ node: XMLNode, depth: Int) {
            let name = node.name
            if depth > ReferenceHTMLText.maximumDepth {
                visitChildren(node, depth: depth)
                return
            }
            switch name {
            // The fallback text inside <iframe>, <object> and <noscript> is kept:
            // a terminal is exactly the reader it was written for.
            case "script", "style", "head", "title", "template", "svg", "math":
                return
            case "br":
                breakLine(1, force: true)
            case "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "figure",
                 "figcaption", "address", "dl", "table", "form", "fieldset", "center", "details", "summary":
                block { $0.visitChildren(node, depth: depth) }
            case "h1", "h2", "h3", "h4", "h5", "h6":
                block { $0.visitChildren(node, depth: depth) }
            case "tr", "dt", "caption":
                breakLine(1)
                visitChildren(node, depth: depth)
                breakLine(1)
            case "dd":
                breakLine(1)
                prefixes.append("  ")
                visitChildren(node, depth: depth)
                prefixes.removeLast()
                breakLine(1)
            case "td", "th":
                pendingSpace = true
                visitChildren(node, depth: depth)
                pendingSpace = true
            case "hr":
                block { $0.text("———") }
            case "blockquote":
                block {
                    $0.prefixes.append("> ")
                    $0.visitChildren(node, depth: depth)
                    $0.breakLine(1)
                    $0.prefixes.removeLast()
                }
            case "pre":
                block {
                    $0.preformatted += 1
                    $0.visitChildren(node, depth: depth)
                    $0.preformatted -= 1
                }
            case "ul", "ol", "menu", "dir":
                let start = Int(node.attribute("start") ?? "") ?? 1
                listCounters.append(name == "ol" ? start : nil)
                block(level: listCounters.count > 1 ? 1 : 2) { $0.visitChildren(node, depth: depth) }
                listCounters.removeLast()
            case "li":
                breakLine(1)
                var marker = "• "
                if let counter = listCounters.last, let number = counter {
                    marker = "\(number). "
                    listCounters[listCounters.count - 1] = number + 1
                }
                pendingMarker = marker
                prefixes.append(String(repeating: " ", count: marker.count))
                visitChildren(node, depth: depth)
                prefixes.removeLast()
                pendingMarker = nil
                breakLine(1)
            case "a":
                visitChildren(node, depth: depth)
                if listingLinks, let href = node.attribute("href").map(ReferenceWhitespace.trim),
                   !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") {
                    let url = FeedURL.resolve(href, against: baseURL) ?? href
                    let number: Int
                    if let index = links.firstIndex(of: url) {
                        number = index + 1
                    } else {
                        links.append(url)
                        number = links.count
                    }
                    append("[\(number)]", spaceBefore: false)
                }
            case "img":
                if let alt = node.attribute("alt"), !ReferenceWhitespace.collapse(alt).isEmpty {
                    text(" [" + ReferenceWhitespace.collapse(alt) + "] ")
                }
            default:
                visitChildren(node, depth: depth)
            }
        }

        mutating func block(level: Int = 2, _ body: (inout Renderer) -> Void) {
            breakLine(level)
            body(&self)
            breakLine(level)
        }

        mutating func breakLine(_ level: Int, force: Bool = false) {
            if force {
                // A <br> ends the current line even when it is empty.
                flushLine(allowEmpty: true)
                pendingBreak = 0
                pendingSpace = false
                return
            }
            if level >= 2, pendingBreak < 2 { breakPrefix = prefixes.joined() }
            pendingBreak = max(pendingBreak, level)
            pendingSpace = false
        }

        mutating func flushLine(allowEmpty: Bool = false) {
            guard !line.isEmpty || allowEmpty else { return }
            let prefix = prefixes.joined()
            if !output.isEmpty { output += "\n" }
            output += line.isEmpty ? trimmedRight(prefix) : line
            line = ""
        }

        func trimmedRight(_ text: String) -> String {
            String(text.reversed().drop(while: { $0 == " " }).reversed())
        }

        mutating func startLineIfNeeded() {
            guard line.isEmpty else { return }
            if !output.isEmpty, pendingBreak >= 2 {
                // The blank line belongs to the blocks on both sides: only their common prefix.
                let current = prefixes.joined()
                let common = String(zip(current, breakPrefix).prefix(while: { $0 == $1 }).map(\.0))
                output += "\n" + trimmedRight(common)
            }
            pendingBreak = 0
            var prefix = prefixes.joined()
            if let marker = pendingMarker {
                prefix = String(prefix.dropLast(marker.count)) + marker
                pendingMarker = nil
            }
            line = prefix
            lineHasText = false
        }

        var lineHasText = false
        /// The prefix in force when a blank line was asked for.
        var breakPrefix = ""

        mutating func append(_ word: String, spaceBefore: Bool) {
            if pendingBreak > 0, lineHasText {
                flushLine()
            }
            startLineIfNeeded()
            if spaceBefore, lineHasText { line += " " }
            line += word
            lineHasText = true
            pendingSpace = false
        }

        mutating func text(_ raw: String) {
            if preformatted > 0 {
                var first = true
                for piece in raw.split(separator: "\n", omittingEmptySubsequences: false) {
                    if !first {
                        if lineHasText || line.isEmpty { flushLine(allowEmpty: true) }
                        startLineIfNeeded()
                    }
                    first = false
                    if !piece.isEmpty {
                        startLineIfNeeded()
                        line += piece.replacingOccurrences(of: "\t", with: "    ")
                        lineHasText = true
                    }
                }
                return
            }
            var first = true
            var copy = raw
            let leading = copy.withUTF8 { $0.count > 0 && ReferenceWhitespace.length($0, at: 0) > 0 }
            let (_, trailing) = ReferenceWhitespace.forEachWord(in: raw) { word in
                append(word, spaceBefore: !first || leading || pendingSpace)
                first = false
            }
            if first {
                // Only whitespace.
                if !raw.isEmpty { pendingSpace = true }
                return
            }
            if trailing { pendingSpace = true }
        }

        mutating func finish() -> String {
            flushLine()
            var result = output
            // Lines made only of a prefix at the end carry nothing.
            while result.hasSuffix("\n") || result.hasSuffix(" ") { result.removeLast() }
            while result.hasPrefix("\n") { result.removeFirst() }
            if result.utf8.count > ReferenceHTMLText.maximumLength {
                result = String(result.prefix(ReferenceHTMLText.maximumLength)) + "…"
            }
            if !links.isEmpty {
                result += "\n\n" + links.enumerated().map { "[\($0.offset + 1)] \($0.element)" }.joined(separator: "\n")
            }
            return result
        }
    }
}

/// Unicode canonical composition, skipped for the text that cannot need it.
enum ReferenceNFC {
    static func normalize(_ text: String) -> String {
        if isSurelyNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// True when no character of `text` can change under NFC: no combining
    /// marks, no Hangul jamo, none of the singletons NFC replaces. Most text
    /// passes without Foundation (which costs more than the rest of a post).
    static func isSurelyNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x300 { continue }
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
        }
        return true
    }
}

/// Whitespace handling on UTF-8 bytes, for the per-post hot path of an
/// import (Character-based splitting and Foundation's trimming cost more than
/// the rest of the import together). Whitespace means Unicode's White_Space,
/// as `Character.isWhitespace`.
enum ReferenceWhitespace {
    /// The byte length of the whitespace character at `index`, or 0.
    @inline(__always)
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) ? 1 : 0 }
        let count = bytes.count
        switch lead {
        case 0xC2: // U+0085, U+00A0
            return index + 1 < count && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0) ? 2 : 0
        case 0xE1: // U+1680
            return index + 2 < count && bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2: // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
            guard index + 2 < count else { return 0 }
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80, (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF { return 3 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3: // U+3000
            return index + 2 < count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// Calls `word` for each run of non-whitespace; returns whether `text`
    /// starts and ends with whitespace.
    static func forEachWord(in text: String, _ word: (String) -> Void) -> (leading: Bool, trailing: Bool) {
        var copy = text
        return copy.withUTF8 { bytes -> (Bool, Bool) in
            guard bytes.count > 0 else { return (false, false) }
            var index = 0
            var start = -1
            var leading = false
            var trailing = false
            while index < bytes.count {
                let space = length(bytes, at: index)
                if space > 0 {
                    if index == 0 { leading = true }
                    if start >= 0 {
                        word(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                        start = -1
                    }
                    index += space
                    if index == bytes.count { trailing = true }
                } else {
                    if start < 0 { start = index }
                    index += 1
                }
            }
            if start >= 0 {
                word(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
            }
            return (leading, trailing)
        }
    }

    /// Runs of whitespace collapsed to one space, trimmed.
    static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        _ = forEachWord(in: text) { word in
            if !result.isEmpty { result += " " }
            result += word
        }
        return result
    }

    /// Leading and trailing whitespace removed.
    static func trim(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            var start = 0
            while start < bytes.count {
                let space = length(bytes, at: start)
                if space == 0 { break }
                start += space
            }
            // Find the end of the last non-whitespace character by scanning forward.
            var end = start
            var index = start
            while index < bytes.count {
                let space = length(bytes, at: index)
                if space > 0 {
                    index += space
                } else {
                    index += 1
                    end = index
                }
            }
            if start == 0 && end == bytes.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}

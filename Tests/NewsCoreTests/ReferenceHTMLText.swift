import CLibXML2
import Foundation
@testable import NewsCore
import NewsModel

// What the SAX renderer (`HTMLStream`) is compared with: libxml2's own tree
// of the same HTML (`htmlReadMemory`), walked node by node into the same
// `BodyBuilder`. The builder's output is specified by `HTMLTextTests`; this
// checks that the SAX events, as `HTMLStream` follows them, reach the
// builder exactly as the tree has them (depths, text nodes, what comes after
// the document element, what libxml2 drops).
//
// Until the article model, this file held the whole tree-walking,
// String-based renderer that the byte-buffer one replaced; the rendering
// has since changed on purpose (blocks, styles, tables, images), and the
// builder is shared, so the comparison is of the event source.

enum ReferenceHTMLText {
    /// The body of `html` from libxml2's tree. `huge` lifts libxml2's limits
    /// (nesting past 256 levels, text nodes past 10,000,000 bytes), which
    /// the SAX renderer does not stop at.
    static func body(_ html: String, baseURL: String?, recordsLayout: Bool = true, huge: Bool = false) -> ArticleBody {
        // Plain text without markup or entities needs no parser.
        if !html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return HTMLText.render(html, baseURL: baseURL, recordsLayout: recordsLayout)
        }
        LibXML.silenceErrors()
        var bytes = Array(html.utf8)
        let options = HTMLText.parseOptions | (huge ? Int32(XML_PARSE_HUGE.rawValue) : 0)
        let document = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), baseURL, "UTF-8", options)
            }
        }
        var builder = BodyBuilder(baseURL: baseURL, recordsLayout: recordsLayout, capacity: bytes.count)
        guard let document else { return builder.finish() }
        defer { xmlFreeDoc(document) }
        if let root = xmlDocGetRootElement(document) {
            visit(root, depth: 0, into: &builder)
        }
        return builder.finish()
    }

    static func visit(_ node: xmlNodePtr, depth: Int, into builder: inout BodyBuilder) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            guard builder.hasRoom, let content = node.pointee.content else { return }
            let count = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
            builder.textNode(UnsafeBufferPointer(start: content, count: count))
        case XML_ELEMENT_NODE:
            guard builder.hasRoom else { return }
            // The SAX renderer only counts elements this deep.
            if depth >= HTMLStream.trackedDepth {
                visitChildren(node, depth: depth, into: &builder)
                return
            }
            if hasHiddenAttribute(node) { return }
            // The tree's name is already the local one.
            let (children, close) = builder.open(HTMLTag.of(node.pointee.name), depth: depth) { attribute($0, of: node) }
            if children { visitChildren(node, depth: depth, into: &builder) }
            if let close { builder.close(close) }
        default:
            break // comments, processing instructions
        }
    }

    static func visitChildren(_ node: xmlNodePtr, depth: Int, into builder: inout BodyBuilder) {
        var child = node.pointee.children
        while let current = child {
            visit(current, depth: depth + 1, into: &builder)
            child = current.pointee.next
        }
    }

    /// An attribute as the SAX renderer reads it: the first of that name
    /// (lowercased), empty when it has no value (a boolean attribute's value is its name).
    static func attribute(_ wanted: String, of node: xmlNodePtr) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name, String(cString: name).lowercased() == wanted {
                guard let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) else {
                    return ""
                }
                defer { nr_xml_free(value) }
                let text = String(cString: value)
                if text.isEmpty, current.pointee.children == nil, htmlIsBooleanAttr(name) != 0 { return String(cString: name) }
                return text
            }
            property = current.pointee.next
        }
        return nil
    }

    /// `hidden`, or a `style` that hides: as `HTMLTag.isHidden` reads SAX attributes.
    static func hasHiddenAttribute(_ node: xmlNodePtr) -> Bool {
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name {
                if HTMLTag.matches(name, "hidden") { return true }
                if HTMLTag.matches(name, "style"),
                   let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                    defer { nr_xml_free(value) }
                    if HTMLTag.styleHides(value) { return true }
                }
            }
            property = current.pointee.next
        }
        return false
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

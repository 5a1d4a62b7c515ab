import CLibXML2
import Foundation
import NewsModel

/// Renders a post's HTML body for the reader and for search: an
/// `ArticleBody` of paragraphs, headings, lists, quotes, preformatted lines,
/// tables and rules, with its inline styles and numbered links. Scripts,
/// styles, comments and hidden elements are dropped; entities are decoded by
/// libxml2's HTML parser.
///
/// This runs for every post of an import (the search index holds
/// `searchText`) and for every article opened, so it is built for speed:
/// - libxml2's HTML parser reports to us through SAX (`HTMLStream`) instead
///   of building a tree we would walk once and free;
/// - the text is built as UTF-8 bytes straight from the parser's strings
///   (`BodyBuilder`), and only an article records its blocks and styles.
public enum HTMLText {
    /// The body, with its blocks, styles and links; relative links resolve
    /// against `baseURL` when it is a web address.
    public static func body(_ html: String, baseURL: String? = nil) -> ArticleBody {
        render(html, baseURL: baseURL, recordsLayout: true)
    }

    /// The words the search index holds for a body: exactly `body(html).text`.
    public static func searchText(_ html: String) -> String {
        render(html, baseURL: nil, recordsLayout: false).text
    }

    /// Text of an HTML fragment on one line (for titles).
    public static func line(_ html: String) -> String {
        Whitespace.collapse(searchText(html))
    }

    /// The body as plain text without a width limit: blocks with their
    /// markers, then the numbered links (what `show` prints, unwrapped).
    public static func render(_ html: String, baseURL: String? = nil) -> String {
        ArticleLayout.plainText(body(html, baseURL: baseURL))
    }

    static let parseOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue)

    static func render(_ html: String, baseURL: String?, recordsLayout: Bool) -> ArticleBody {
        var source = html
        let body = source.withUTF8 { bytes -> ArticleBody? in
            // Plain text without markup or entities needs no parser: the common
            // case for titles and for feeds that send text bodies.
            guard bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return nil }
            return HTMLStream.render(bytes, baseURL: baseURL, recordsLayout: recordsLayout)
        }
        if let body { return body }
        // One paragraph, under the same length limit as any other body.
        var builder = BodyBuilder(baseURL: baseURL, recordsLayout: recordsLayout, capacity: html.utf8.count)
        builder.text(NFC.normalize(html))
        return builder.finish()
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
}

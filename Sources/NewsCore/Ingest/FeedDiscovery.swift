import CLibXML2
import Foundation
import NewsModel

/// The feeds a web page names in its head, as browsers and feed readers
/// find them: `<link rel="alternate" type="application/rss+xml" href="…">`
/// (or Atom, or RDF).
public enum FeedDiscovery {
    public struct Alternate: Hashable, Sendable {
        /// Absolute, checked http(s) and normalised.
        public var url: String
        public var title: String?
    }

    static let parseOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)

    static let feedTypes: Set<String> = ["application/rss+xml", "application/atom+xml", "application/rdf+xml"]

    /// Whether a document is a web page rather than a feed: its Content-Type
    /// says HTML, or it starts like one.
    public static func looksLikeHTML(_ bytes: [UInt8], contentType: String?) -> Bool {
        if let type = contentType?.lowercased(), type.contains("text/html") || type.contains("application/xhtml") {
            return true
        }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        let start = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
            || (start.hasPrefix("<!--") && head.contains("<html"))
    }

    /// The page's feed links in document order, without duplicates; relative
    /// ones resolved against `<base href>` or `pageURL`; anything not http(s) left out.
    public static func alternates(in bytes: [UInt8], pageURL: String) -> [Alternate] {
        guard !bytes.isEmpty else { return [] }
        LibXML.silenceErrors()
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(clamping: buffer.count), pageURL, nil, parseOptions)
            }
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return [] }
        var links: [XMLNode] = []
        var base = pageURL
        // Depth-first, without recursion: a page may nest deeply.
        var stack = [XMLNode(pointer: root)]
        while let node = stack.popLast() {
            if node.name == "link" { links.append(node) }
            if node.name == "base", let href = node.attribute("href"), let resolved = FeedURL.resolve(href, against: pageURL) {
                base = resolved
            }
            stack.append(contentsOf: node.elements.reversed())
        }
        var found: [Alternate] = []
        var seen: Set<String> = []
        for link in links {
            let rel = (link.attribute("rel") ?? "").lowercased().split(whereSeparator: { $0.isWhitespace })
            let type = (link.attribute("type") ?? "").lowercased().split(separator: ";").first
                .map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            guard rel.contains("alternate"), feedTypes.contains(type), let href = link.attribute("href"),
                  let resolved = FeedURL.resolve(href, against: base), let url = try? HTTPURL(resolved).description,
                  seen.insert(url).inserted else { continue }
            let title = link.attribute("title").map(PlainText.collapsingWhitespace)
            found.append(Alternate(url: url, title: title?.isEmpty == false ? title : nil))
        }
        return found
    }
}

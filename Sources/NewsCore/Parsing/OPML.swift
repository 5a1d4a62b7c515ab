import CLibXML2
import GRDB
import Foundation
import NewsModel

/// OPML 2.0 subscription lists, as newsboat, newsraft and the web readers
/// write them: `<outline type="rss" text xmlUrl htmlUrl>`, possibly nested in
/// folders (which we flatten).
public enum OPML {
    public struct Subscription: Hashable, Sendable {
        public var url: String
        public var title: String?
        public var siteURL: String?

        public init(url: String, title: String? = nil, siteURL: String? = nil) {
            self.url = url
            self.title = title
            self.siteURL = siteURL
        }
    }

    /// Every outline with an `xmlUrl`, in document order, without duplicates.
    public static func parse(_ data: [UInt8]) throws -> [Subscription] {
        LibXML.silenceErrors()
        let bytes = FeedCharset.decode(data).bytes
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue)
        guard !bytes.isEmpty else { throw FeedParseError(line: 1, message: "the document is empty") }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { throw FeedParseError(line: nil, message: "not XML") }
        defer { xmlFreeDoc(document) }
        guard let rootPointer = xmlDocGetRootElement(document), XMLNode(pointer: rootPointer).name == "opml" else {
            throw FeedParseError(line: nil, message: "not an OPML document (no <opml> element)")
        }
        var result: [Subscription] = []
        var seen: Set<String> = []
        // Depth-first in document order, without recursion: folders nest as
        // deep as libxml2 reads (2,048 levels with XML_PARSE_HUGE), and none is dropped.
        var stack = [XMLNode(pointer: rootPointer)]
        while let node = stack.popLast() {
            if node.name == "outline", let url = (node.attribute("xmlurl") ?? node.attribute("url"))?
                .trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty, !seen.contains(url) {
                seen.insert(url)
                let title = (node.attribute("title") ?? node.attribute("text")).map { PlainText.collapsingWhitespace($0) }
                result.append(Subscription(url: url, title: title?.isEmpty == false ? title : nil,
                                           siteURL: node.attribute("htmlurl")))
            }
            stack.append(contentsOf: node.elements.filter { $0.name == "outline" || $0.name == "body" }.reversed())
        }
        return result
    }

    public static func export(_ subscriptions: [Subscription], title: String = "newsreader subscriptions",
                              created: Int64 = Int64(Date().timeIntervalSince1970)) -> String {
        func attribute(_ name: String, _ value: String?) -> String {
            guard let value else { return "" }
            return " \(name)=\"\(HTMLEscaping.escape(value))\""
        }
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head>
                <title>\(HTMLEscaping.escape(title))</title>
                <dateCreated>\(rfc822(created))</dateCreated>
              </head>
              <body>

            """
        for subscription in subscriptions {
            let name = subscription.title ?? subscription.url
            text += "    <outline type=\"rss\"\(attribute("text", name))\(attribute("title", name))"
                + "\(attribute("xmlUrl", subscription.url))\(attribute("htmlUrl", subscription.siteURL))/>\n"
        }
        text += "  </body>\n</opml>\n"
        return text
    }

    static func rfc822(_ seconds: Int64) -> String {
        let date = UTCDate(seconds: seconds)
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let weekday = days[Int(((seconds / 86_400) % 7 + 7) % 7)]
        let month = String(UTCDate.englishMonthNames[date.month - 1].prefix(3))
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(pad(date.day)) \(month) \(date.year) \(pad(date.hour)):\(pad(date.minute)):\(pad(date.second)) GMT"
    }
}

/// What importing an OPML list did.
public struct OPMLImportResult: Hashable, Sendable {
    public var added = 0
    public var existing = 0
    /// Outlines whose URL `add` would refuse too (not http(s), relative), with why.
    public var refused: [HTTPURL.Refusal] = []
}

extension AppDatabase {
    /// Subscribes to every feed of an OPML list whose URL passes the same
    /// check as `add` (`HTTPURL`), normalised; the others are refused.
    public func importOPML(_ subscriptions: [OPML.Subscription]) throws -> OPMLImportResult {
        var result = OPMLImportResult()
        var accepted: [(url: String, subscription: OPML.Subscription)] = []
        for subscription in subscriptions {
            do {
                accepted.append((try HTTPURL(subscription.url).description, subscription))
            } catch let refusal as HTTPURL.Refusal {
                result.refused.append(refusal)
            }
        }
        try writer.write { db in
            for (url, subscription) in accepted {
                if try Self.subscribedFeed(matching: url, in: db) != nil {
                    result.existing += 1
                    continue
                }
                var feed = Feed(url: url, title: subscription.title ?? url, link: subscription.siteURL)
                try feed.insert(db)
                result.added += 1
            }
        }
        return result
    }

    /// The subscribed feeds as an OPML list.
    public func opmlSubscriptions() throws -> [OPML.Subscription] {
        try subscribedFeeds().map { OPML.Subscription(url: $0.feed.url!, title: $0.feed.title, siteURL: $0.feed.link) }
    }
}

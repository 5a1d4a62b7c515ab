import CLibXML2
import Foundation
import NewsModel

/// Why a source could not be read.
public struct FeedParseError: Error, CustomStringConvertible, Hashable, Sendable {
    /// 1-based line of the problem in the source, when known.
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

/// Reads RSS 0.9x/2.0, Atom 1.0/0.3 and RSS 1.0 (RDF) with libxml2's
/// streaming reader: one item is expanded into a small tree at a time, so a
/// feed of any size is read in constant memory.
///
/// libxml2 recovers what it can (undefined entities, stray `&`, mismatched
/// tags). A document whose root element never closes (a truncated download)
/// or that is not a feed at all is rejected with the line where it broke.
/// Entity expansion and network access stay off: no XXE, no entity bombs.
public struct FeedParser {
    enum Input {
        /// UTF-8, repaired.
        case memory([UInt8])
        /// A large file read in pieces; `encoding` nil means UTF-8, repaired piece by piece.
        case file(URL, encoding: String?)
    }

    var input: Input
    public var documentURL: String?
    /// The encoding the document was read as (`utf-8`, `windows-1252`, ...).
    public var encoding: String
    /// Documents in memory up to this size are parsed into a tree, with
    /// libxml2's full recovery; larger ones are streamed.
    public var treeLimit = 16 << 20
    /// How much of a streamed file is read at a time.
    var pieceSize = 1 << 20

    /// - Parameters:
    ///   - contentType: the HTTP `Content-Type`, whose charset wins over the XML declaration.
    ///   - url: where the document came from; relative links resolve against it.
    public init(data: [UInt8], contentType: String? = nil, url: String? = nil) {
        let decoded = FeedCharset.decode(data, contentType: contentType)
        self.init(input: .memory(HTMLEntityRepair.repair(decoded.bytes)), encoding: decoded.encoding, documentURL: url)
    }

    public init(data: Data, contentType: String? = nil, url: String? = nil) {
        self.init(data: [UInt8](data), contentType: contentType, url: url)
    }

    /// A feed file. Files larger than `streamAbove` bytes are read in pieces
    /// as they are parsed, so memory stays flat however big the file is.
    /// The file's own path is never a base for links: give `url` when the
    /// file holds a download from that address.
    public init(contentsOf file: URL, contentType: String? = nil, url: String? = nil,
                streamAbove: Int = 16 << 20) throws {
        let handle = try FileHandle(forReadingFrom: file)
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        let head = [UInt8](handle.readData(ofLength: 4096))
        let sniffed = FeedCharset.claimedEncoding(head, contentType: contentType)
        // UTF-16 and UTF-32 are not ASCII-compatible: pieces cannot be cut on `>`.
        if size <= UInt64(streamAbove) || sniffed.hasPrefix("utf-16") || sniffed.hasPrefix("utf-32") {
            try handle.seek(toOffset: 0)
            let bytes = [UInt8](handle.readDataToEndOfFile())
            try? handle.close()
            self.init(data: bytes, contentType: contentType, url: url)
            return
        }
        try? handle.close()
        self.init(input: .file(file, encoding: sniffed == "utf-8" ? nil : sniffed), encoding: sniffed,
                  documentURL: url)
    }

    init(input: Input, encoding: String, documentURL: String?) {
        self.input = input
        self.encoding = encoding
        self.documentURL = documentURL
    }

    /// Parses the whole document into memory.
    public func parse() throws -> ParsedFeed {
        var entries: [ParsedEntry] = []
        var feed = try parse { entries.append($1) }
        feed.entries = entries
        return feed
    }

    static let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
        | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue
        | XML_PARSE_COMPACT.rawValue)

    static let errorHandler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<ErrorLog>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    /// Streams entries to `onEntry` as they are read, with the feed's
    /// metadata known so far; returns the feed's metadata (without entries).
    @discardableResult
    public func parse(_ onEntry: (ParsedFeed, ParsedEntry) throws -> Void) throws -> ParsedFeed {
        LibXML.silenceErrors()
        let errors = ErrorLog()
        let context = Unmanaged.passUnretained(errors).toOpaque()
        var walker = Walker()
        let tail: [UInt8]
        switch input {
        case .memory(let bytes):
            guard !bytes.isEmpty else { throw FeedParseError(line: 1, message: "the document is empty") }
            try bytes.withUnsafeBufferPointer { buffer in
                if buffer.count <= treeLimit {
                    // Small documents get libxml2's full recovery, which the
                    // streaming reader does not offer (it stops at the first fatal error).
                    xmlSetStructuredErrorFunc(context, Self.errorHandler)
                    defer { LibXML.silenceErrors() }
                    let document = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        xmlReadMemory($0, Int32(buffer.count), documentURL, "UTF-8", Self.options)
                    }
                    guard let document else {
                        throw FeedParseError(line: errors.first?.line, message: errors.first?.message ?? "not XML")
                    }
                    defer { xmlFreeDoc(document) }
                    try walker.walkTree(document, onEntry)
                    // A recovered tree does not say whether its root was closed: ask the bytes.
                    walker.rootClosed = errors.first == nil
                } else {
                    let reader = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        xmlReaderForMemory($0, Int32(clamping: buffer.count), documentURL, "UTF-8", Self.options)
                    }
                    try stream(reader, &walker, errors: errors, onEntry)
                }
            }
            tail = Array(bytes.suffix(Self.tailLength))
        case .file(let file, let fileEncoding):
            let pieces = try PieceReader(file: file, repairUTF8: fileEncoding == nil, pieceSize: pieceSize)
            try withExtendedLifetime(pieces) {
                let reader = xmlReaderForIO({ context, buffer, length in
                    guard let context, let buffer else { return -1 }
                    return Unmanaged<PieceReader>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: Int(length))
                }, { _ in 0 }, Unmanaged.passUnretained(pieces).toOpaque(), documentURL, fileEncoding ?? "UTF-8", Self.options)
                try stream(reader, &walker, errors: errors, onEntry)
            }
            tail = try PieceReader.tail(of: file)
        }
        guard let format = walker.format else {
            if let first = errors.first { throw FeedParseError(line: first.line, message: first.message) }
            throw FeedParseError(line: walker.rootLine, message: walker.rootName.map {
                "<\($0)> is not an RSS, Atom or RDF feed"
            } ?? "no XML element found")
        }
        guard walker.rootClosed || Self.endsWithClosingTag(tail, of: walker.rootName ?? "") else {
            let last = errors.last
            throw FeedParseError(line: last?.line ?? walker.lastLine,
                                 message: "the document ends before </\(walker.rootName ?? "")>"
                                    + (last.map { " (\($0.message))" } ?? ""))
        }
        var feed = walker.feed
        feed.format = format
        return feed
    }

    private func stream(_ reader: xmlTextReaderPtr?, _ walker: inout Walker, errors: ErrorLog,
                        _ onEntry: (ParsedFeed, ParsedEntry) throws -> Void) throws {
        guard let reader else { throw FeedParseError(line: nil, message: "libxml2 could not start reading") }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(reader, Self.errorHandler, Unmanaged.passUnretained(errors).toOpaque())
        let status = try walker.walkStream(reader, onEntry)
        // The reader stops at its first fatal error and drops what it had read
        // ahead, even after the root closed: whatever it was, reject the source.
        if status < 0, walker.format != nil {
            let error = errors.first
            throw FeedParseError(line: error?.line ?? walker.lastLine, message: error?.message ?? "malformed XML")
        }
    }

    /// Whether the document's end holds the root's closing tag (`</rss>`, or a
    /// sloppy `</rss` at the very end). A complete document with junk after
    /// its root passes; a download cut off before its end does not.
    static func endsWithClosingTag(_ bytes: [UInt8], of rootName: String) -> Bool {
        let tail = String(decoding: bytes.suffix(tailLength), as: UTF8.self)
        guard let range = tail.range(of: "</" + rootName, options: .backwards) else { return false }
        let rest = tail[range.upperBound...].drop(while: { $0.isWhitespace })
        return rest.isEmpty || rest.first == ">"
    }

    /// How much of a document's end is searched for the root's closing tag.
    static let tailLength = 65_536

    final class ErrorLog {
        struct Entry { var line: Int; var message: String }
        var first: Entry?
        var last: Entry?

        func record(_ error: xmlError) {
            guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = (error.message.map { String(cString: $0) } ?? "malformed XML")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let entry = Entry(line: Int(error.line), message: message)
            if first == nil { first = entry }
            last = entry
        }
    }
}

/// Finds the feed's metadata and entries, either in a whole tree or in the
/// reader's stream, where each is expanded into a subtree, read, then skipped.
private struct Walker {
    var format: ParsedFeed.Format?
    var feed = ParsedFeed(format: .rss)
    var rootName: String?
    var rootLine: Int?
    var rootClosed = false
    var lastLine: Int?
    var feedLinkIsAlternate = false

    /// Recognises the document element; false when it is not a feed.
    mutating func root(name: String, qualifiedName: String?, line: Int?) -> Bool {
        rootName = qualifiedName
        rootLine = line
        switch name {
        case "rss", "rss090", "rss091", "rss092": format = .rss
        case "feed": format = .atom
        case "rdf": format = .rdf
        case "channel": format = .rss // Netscape's bare <channel>, and CDF
        default: return false
        }
        return true
    }

    func isEntry(_ name: String) -> Bool { name == "item" || name == "entry" }

    func isFeedChild(_ name: String, parent: String, depth: Int) -> Bool {
        parent == "channel" || (format == .atom && depth == 1) || (parent == "rss" && name != "channel")
    }

    mutating func walkTree(_ document: xmlDocPtr, _ onEntry: (ParsedFeed, ParsedEntry) throws -> Void) throws {
        guard let rootPointer = xmlDocGetRootElement(document) else { return }
        let root = XMLNode(pointer: rootPointer)
        guard self.root(name: root.name, qualifiedName: root.rawName, line: root.line) else { return }
        let reader = EntryReader(document: document, format: format ?? .rss, feedLink: nil)
        if root.name == "channel", let href = root.attribute("href") {
            feed.link = reader.resolve(href, at: root) // CDF
        }
        func visit(_ node: XMLNode, parent: String, depth: Int) throws {
            for child in node.elements {
                let name = child.name
                if isEntry(name) {
                    try onEntry(feed, EntryReader(document: document, format: format ?? .rss, feedLink: feed.link).read(child))
                } else if isFeedChild(name, parent: parent, depth: depth) {
                    readFeedChild(child, document: document)
                } else if depth < 3 {
                    try visit(child, parent: name, depth: depth + 1)
                }
            }
        }
        try visit(root, parent: root.name, depth: 1)
    }

    /// Returns the reader's last status: 0 at the end, -1 after an error it could not recover from.
    mutating func walkStream(_ reader: xmlTextReaderPtr, _ onEntry: (ParsedFeed, ParsedEntry) throws -> Void) throws -> Int32 {
        /// Local names of the open elements, by depth.
        var path: [String] = []
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let type = xmlTextReaderNodeType(reader)
            let depth = Int(xmlTextReaderDepth(reader))
            if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue), depth == 0 {
                rootClosed = true
            }
            guard type == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                status = xmlTextReaderRead(reader)
                continue
            }
            let name = (LibXML.string(xmlTextReaderConstLocalName(reader)) ?? "").lowercased()
            lastLine = Int(xmlTextReaderGetParserLineNumber(reader))
            if path.count > depth { path.removeSubrange(depth...) }
            let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
            if depth == 0 {
                guard root(name: name, qualifiedName: LibXML.string(xmlTextReaderConstName(reader)), line: lastLine) else {
                    return 0
                }
                if isEmpty { rootClosed = true }
                path = [name]
                status = xmlTextReaderRead(reader)
                continue
            }
            let parent = path.last ?? ""
            let entry = isEntry(name)
            if entry || isFeedChild(name, parent: parent, depth: depth), let node = xmlTextReaderExpand(reader) {
                let element = XMLNode(pointer: node)
                let document = xmlTextReaderCurrentDoc(reader)
                if entry {
                    try onEntry(feed, EntryReader(document: document, format: format ?? .rss, feedLink: feed.link).read(element))
                } else {
                    readFeedChild(element, document: document)
                }
                status = xmlTextReaderNext(reader)
                continue
            }
            if !isEmpty { path.append(name) }
            status = xmlTextReaderRead(reader)
        }
        return status
    }

    mutating func readFeedChild(_ element: XMLNode, document: xmlDocPtr?) {
        let reader = EntryReader(document: document, format: format ?? .rss, feedLink: nil)
        switch element.name {
        case "title":
            if feed.title.isEmpty || element.namespaceURI == nil {
                feed.title = reader.titleText(element)
            }
        case "link":
            if let (link, isAlternate) = reader.link(element), feed.link == nil || (isAlternate && !feedLinkIsAlternate) {
                feed.link = link
                feedLinkIsAlternate = isAlternate
            }
        default:
            break
        }
    }
}

/// Reads one entry's subtree into a `ParsedEntry`.
struct EntryReader {
    let document: xmlDocPtr?
    let format: ParsedFeed.Format
    /// The feed's site, as far as the feed has said it yet.
    let feedLink: String?
    /// The address the document was fetched from, when it came over HTTP.
    let documentURL: String?

    init(document: xmlDocPtr?, format: ParsedFeed.Format, feedLink: String?) {
        self.document = document
        self.format = format
        self.feedLink = feedLink
        let url = document.flatMap { LibXML.string($0.pointee.URL) }
        documentURL = url.flatMap { FeedURL.isWebAddress($0) ? $0 : nil }
    }

    static let atomNamespaces: Set<String> = ["http://www.w3.org/2005/atom", "http://purl.org/atom/ns#"] // lowercased
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let dcNamespaces: Set<String> = ["http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"]
    static let mediaNamespace = "http://search.yahoo.com/mrss/"
    static let itunesNamespace = "http://www.itunes.com/dtds/podcast-1.0.dtd" // compared lowercased
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"

    /// Sources of each field, best first.
    private enum Rank: Int { case best = 0, good, fallback, last }

    /// A namespace (lowercased) and the vocabularies it stands for.
    struct NamespaceKinds {
        let namespace: String?
        let isDC: Bool
        let isMedia: Bool
        let isItunes: Bool
        let isCore: Bool

        init(_ namespace: String?) {
            self.namespace = namespace
            isDC = namespace.map { EntryReader.dcNamespaces.contains($0) } ?? false
            isMedia = namespace == EntryReader.mediaNamespace
            isItunes = namespace == EntryReader.itunesNamespace
            isCore = namespace == nil || namespace.map { EntryReader.atomNamespaces.contains($0) } ?? false
                || namespace == "http://purl.org/rss/1.0/" || namespace == "http://purl.org/atom/ns#" || namespace?.hasPrefix("http://backend.userland.com/rss") == true
                || namespace == "http://my.netscape.com/rdf/simple/0.9/"
        }
    }

    func read(_ item: XMLNode) -> ParsedEntry {
        var entry = ParsedEntry()
        /// The elements the bodies came from (their `xml:base` counts for their links).
        var contentNode: XMLNode?
        var summaryNode: XMLNode?
        // The rank of each field's value so far (a handful of fields: a list beats hashing).
        var ranks: [(field: String, rank: Int)] = []
        ranks.reserveCapacity(8)
        /// Keeps the value from the best-ranked source; the first of equals wins.
        func offer(_ field: String, _ rank: Rank, _ value: () -> String?, set: (String) -> Void) {
            // Among dates of equal rank the last one wins (feedparser does the same).
            let lastWins = field == "published" || field == "updated"
            let index = ranks.firstIndex { $0.field == field }
            if let index, lastWins ? ranks[index].rank < rank.rawValue : ranks[index].rank <= rank.rawValue { return }
            // An empty title is still the title element's answer: no text.
            guard let value = value(), !value.isEmpty || field == "title" else { return }
            if let index { ranks[index].rank = rank.rawValue } else { ranks.append((field, rank.rawValue)) }
            set(value)
        }
        /// What each namespace of the entry's children is, worked out once per namespace.
        var namespaces: [(ns: xmlNsPtr?, kinds: NamespaceKinds)] = []
        var alternateLink: String?
        var anyLink: String?
        var guidLink: String?
        if format == .rdf, let about = item.attribute("about") {
            offer("id", .good, { about }, set: { entry.id = $0 })
        }
        for child in item.elements {
            let kinds: NamespaceKinds
            if let known = namespaces.first(where: { $0.ns == child.pointer.pointee.ns }) {
                kinds = known.kinds
            } else {
                kinds = NamespaceKinds(child.namespaceURI?.lowercased())
                namespaces.append((child.pointer.pointee.ns, kinds))
            }
            let namespace = kinds.namespace, isDC = kinds.isDC, isMedia = kinds.isMedia
            let isItunes = kinds.isItunes, isCore = kinds.isCore
            switch child.name {
            case "title" where isCore:
                offer("title", .best, { titleText(child) }, set: { entry.title = $0 })
            case "title" where isDC || isMedia:
                offer("title", .fallback, { titleText(child) }, set: { entry.title = $0 })
            case "link" where isCore:
                if let (link, isAlternate) = link(child) {
                    if isAlternate, alternateLink == nil { alternateLink = link }
                    if anyLink == nil, child.attribute("rel").map({ $0 == "alternate" || $0.isEmpty }) ?? true {
                        anyLink = link
                    }
                }
            case "guid" where isCore:
                let value = plainText(child)
                offer("id", .best, { value }, set: { entry.id = $0 })
                // Only a guid that is a web address (and does not say it is no
                // permalink) is a link: `<guid>w1</guid>` is a name, not a place.
                let isPermaLink = child.attribute("ispermalink").map(Whitespace.trim)?.lowercased() ?? "true"
                if isPermaLink != "false", FeedURL.isWebAddress(value), guidLink == nil {
                    guidLink = value
                }
            case "id" where isCore:
                // Atom ids are IRIs; a relative one is resolved like a link.
                offer("id", .best, {
                    let id = plainText(child)
                    return id.hasPrefix("/") ? resolve(id, at: child) : id
                }, set: { entry.id = $0 })
            case "identifier" where isDC:
                offer("id", .last, { plainText(child) }, set: { entry.id = $0 })
            case "encoded" where namespace == Self.contentNamespace:
                offer("content", .best, { bodyHTML(child) }, set: { entry.contentHTML = $0; contentNode = child })
            case "fullitem" where namespace == nil:
                offer("content", .good, { bodyHTML(child) }, set: { entry.contentHTML = $0; contentNode = child })
            case "body" where namespace == Self.xhtmlNamespace || namespace == nil:
                offer("content", .good, { innerXML(child) }, set: { entry.contentHTML = $0; contentNode = child })
            case "content" where isCore:
                offer("content", .best, { bodyHTML(child) }, set: { entry.contentHTML = $0; contentNode = child })
            case "description" where isCore, "summary" where isCore, "abstract" where isCore:
                offer("summary", .best, { bodyHTML(child) }, set: { entry.summaryHTML = $0; summaryNode = child })
            case "description" where isDC:
                offer("summary", .good, { bodyHTML(child) }, set: { entry.summaryHTML = $0; summaryNode = child })
            case "summary" where isItunes:
                offer("summary", .fallback, { HTMLEscaping.escape(plainText(child)) }, set: {
                    entry.summaryHTML = $0
                    summaryNode = child
                })
            case "description" where isMedia:
                offer("summary", .last, { bodyHTML(child) }, set: { entry.summaryHTML = $0; summaryNode = child })
            case "group" where isMedia:
                for media in child.elements where media.namespaceURI == Self.mediaNamespace {
                    if media.name == "description" {
                        offer("summary", .last, { bodyHTML(media) }, set: { entry.summaryHTML = $0; summaryNode = media })
                    } else if media.name == "title" {
                        offer("title", .last, { titleText(media) }, set: { entry.title = $0 })
                    }
                }
            case "pubdate" where isCore, "published" where isCore, "issued" where isCore:
                offer("published", .best, { plainText(child) }, set: { entry.publishedText = $0 })
            case "date" where isDC, "issued" where isDC, "created" where isDC:
                offer("published", .good, { plainText(child) }, set: { entry.publishedText = $0 })
            case "created" where isCore:
                offer("published", .fallback, { plainText(child) }, set: { entry.publishedText = $0 })
            case "updated" where isCore, "modified" where isCore, "modified" where isDC, "lastbuilddate" where isCore:
                offer("updated", .best, { plainText(child) }, set: { entry.updatedText = $0 })
            case "author" where isCore:
                offer("author", .best, { authorText(child) }, set: { entry.author = $0 })
            case "creator" where isDC, "author" where isDC:
                offer("author", .good, { plainText(child) }, set: { entry.author = $0 })
            case "contributor" where isDC:
                offer("author", .last, { plainText(child) }, set: { entry.author = $0 })
            case "author" where isItunes:
                offer("author", .fallback, { plainText(child) }, set: { entry.author = $0 })
            default:
                break
            }
        }
        entry.link = alternateLink ?? anyLink ?? guidLink
        if format == .rss, entry.link == nil, let href = item.attribute("href") {
            entry.link = resolve(href, at: item) // CDF items
        }
        // The body's links resolve against its xml:base, else the entry's
        // link, else the feed's site, else the address the feed came from.
        let entryLink = entry.link.flatMap { FeedURL.isWebAddress($0) ? $0 : nil }
        entry.baseURL = base(at: (entry.contentHTML != nil ? contentNode : summaryNode) ?? item,
                             fallback: entryLink ?? webFeedLink ?? documentURL)
        if entry.updatedText == nil, let lastModified = item.attribute("lastmod") {
            entry.updatedText = lastModified // CDF
        }
        if let text = entry.publishedText { entry.published = FeedDate.parse(text) }
        if let text = entry.updatedText { entry.updated = FeedDate.parse(text) }
        return entry
    }

    // MARK: - Values

    /// Text content with whitespace collapsed and NFC applied.
    func plainText(_ node: XMLNode) -> String {
        NFC.normalize(Whitespace.collapse(rawText(node)))
    }

    /// The characters of a node, entities and CDATA included.
    func rawText(_ node: XMLNode, depth: Int = 0) -> String {
        var text = ""
        for child in node.children {
            switch child.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                text += child.content ?? ""
            case XML_ENTITY_REF_NODE, XML_ENTITY_DECL, XML_ELEMENT_NODE:
                // Declared entities are expanded once, never recursively: no entity bombs.
                if depth < 3 { text += rawText(child, depth: depth + 1) }
            default:
                break
            }
            if text.utf8.count > 4_000_000 { break }
        }
        return text
    }

    /// What kind of text an element holds, from Atom's `type` (or 0.3's `mode`).
    enum TextKind { case text, html, xhtml, base64 }

    func textKind(_ node: XMLNode, default fallback: TextKind) -> TextKind {
        if node.attribute("mode")?.lowercased() == "base64" { return .base64 }
        if node.attribute("mode")?.lowercased() == "escaped" { return .html }
        if node.attribute("mode")?.lowercased() == "xml" { return .xhtml }
        guard let type = node.attribute("type")?.lowercased() else { return fallback }
        switch type {
        case "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default:
            if type.hasPrefix("text/") { return .text }
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return .xhtml }
            // Atom: any other media type is carried as base64.
            return type.contains("/") ? .base64 : fallback
        }
    }

    /// A title as plain text: markup removed from HTML titles, kept literally in text ones.
    func titleText(_ node: XMLNode) -> String {
        let atom = node.namespaceURI.map { Self.atomNamespaces.contains($0.lowercased()) } ?? false
        let kind = textKind(node, default: atom ? .text : .html)
        switch kind {
        case .text:
            return plainText(node)
        case .xhtml, .html, .base64:
            return HTMLText.line(bodyHTML(node))
        }
    }

    /// A body as HTML: text bodies are escaped, XHTML bodies serialised.
    func bodyHTML(_ node: XMLNode) -> String {
        let atom = node.namespaceURI.map { Self.atomNamespaces.contains($0.lowercased()) } ?? false
        let hasElements = node.children.contains { $0.isElement }
        let kind = textKind(node, default: hasElements ? .xhtml : (atom ? .text : .html))
        switch kind {
        case .text:
            return Whitespace.trim(HTMLEscaping.escape(rawText(node)))
        case .html:
            if hasElements { return innerXML(node) }
            return Whitespace.trim(NFC.normalize(rawText(node)))
        case .xhtml:
            let elements = node.elements
            if elements.count == 1, elements[0].name == "div",
               !node.children.contains(where: { $0.type == XML_TEXT_NODE && !($0.content ?? "").allSatisfy(\.isWhitespace) }) {
                return innerXML(elements[0])
            }
            return innerXML(node)
        case .base64:
            let text = rawText(node).filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: text) else { return "" }
            return NFC.normalize(String(decoding: data, as: UTF8.self))
        }
    }

    /// The serialised children of an element (inline XHTML in a feed).
    func innerXML(_ node: XMLNode) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        for child in node.children {
            xmlNodeDump(buffer, document, child.pointer, 0, 0)
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return NFC.normalize(Whitespace.trim(String(cString: content)))
    }

    /// An Atom `<link href rel>` or an RSS `<link>URL</link>`, resolved; and whether it is the alternate link.
    func link(_ node: XMLNode) -> (String, Bool)? {
        if let href = node.attribute("href") {
            let rel = node.attribute("rel")?.lowercased() ?? "alternate"
            let value = Whitespace.trim(href)
            guard !value.isEmpty, let resolved = resolve(value, at: node) else { return nil }
            return (resolved, rel == "alternate")
        }
        let text = plainText(node)
        guard !text.isEmpty, let resolved = resolve(text, at: node) else { return nil }
        return (resolved, true)
    }

    /// Atom `<author><name/><email/></author>`, RSS `<author>email (Name)</author>`.
    func authorText(_ node: XMLNode) -> String {
        let parts = node.elements
        if parts.isEmpty { return plainText(node) }
        let name = parts.first { $0.name == "name" }.map(plainText) ?? ""
        let email = parts.first { $0.name == "email" }.map(plainText) ?? ""
        if !name.isEmpty, !email.isEmpty { return "\(name) (\(email))" }
        return name.isEmpty ? email : name
    }

    /// `value` resolved against the `xml:base` in scope, else the feed's site,
    /// else the address the document came from; as written when none is a web address.
    func resolve(_ value: String, at node: XMLNode) -> String? {
        FeedURL.resolve(value, against: base(at: node, fallback: webFeedLink ?? documentURL))
    }

    var webFeedLink: String? { feedLink.flatMap { FeedURL.isWebAddress($0) ? $0 : nil } }

    /// The `xml:base` attributes from the root down to `node`, each resolved
    /// against the one outside it, the outermost against `fallback`; `fallback`
    /// when there are none. Relative when nothing made it absolute.
    func base(at node: XMLNode, fallback: String?) -> String? {
        var bases: [String] = []
        var current: xmlNodePtr? = node.pointer
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            if let value = LibXML.takeString(xmlGetNsProp(element, "base", "http://www.w3.org/XML/1998/namespace")) {
                bases.append(Whitespace.trim(value))
            }
            current = element.pointee.parent
        }
        var base = fallback
        for value in bases.reversed() {
            base = FeedURL.resolve(value, against: base) ?? value
        }
        return base
    }
}

import CLibXML2
import Foundation
import NewsModel

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
/// - nesting: elements go through libxml2's own `nodePush` down to
///   `trackedDepth` levels; deeper ones are only counted (libxml2 would stop
///   a tree past 256 levels and lose the rest of the article: their text is
///   kept, flattened, as for anything deeper than `BodyBuilder.maximumDepth`).
/// The parser itself looks at the tree in one place, `areBlanks` (the
/// current element's last child that is not a comment), where with the
/// options we use (blanks kept) its answer shows nowhere; still, each open
/// element has a stand-in `xmlNode` whose last child answers as the tree's would.
struct HTMLStream {
    var builder: BodyBuilder

    struct Frame {
        var depth: Int
        /// Whether this element's children are rendered.
        var children: Bool
        var close: BodyBuilder.Close?
    }
    /// The open elements, as libxml2's node stack holds their stand-ins.
    var frames: [Frame] = []
    /// Open elements deeper than `trackedDepth`: counted, not stacked.
    var untracked = 0
    /// Below libxml2's limit of 256 nodes on its stack.
    static let trackedDepth = 200
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

    init(baseURL: String?, recordsLayout: Bool, capacity: Int) {
        builder = BodyBuilder(baseURL: baseURL, recordsLayout: recordsLayout, capacity: capacity)
        run.reserveCapacity(1024)
    }

    /// The body of `bytes`, or nil when libxml2 made no document of them.
    static func render(_ bytes: UnsafeBufferPointer<UInt8>, baseURL: String?, recordsLayout: Bool) -> ArticleBody? {
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
        var stream = HTMLStream(baseURL: baseURL, recordsLayout: recordsLayout, capacity: bytes.count)
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
                if let encoding = input.pointee.encoding { nr_xml_free(UnsafeMutableRawPointer(mutating: encoding)) }
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

    mutating func finish() -> ArticleBody {
        endRun()
        // Elements still open at the end close as the tree's would.
        while let frame = frames.popLast() {
            if let close = frame.close { builder.close(close) }
        }
        return builder.finish()
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
        if untracked > 0 || frames.count >= Self.trackedDepth {
            untracked += 1
            return
        }
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
        if rendered, builder.hasRoom {
            if HTMLTag.isHidden(attributes) {
                frame.children = false
            } else {
                (frame.children, frame.close) = builder.open(HTMLTag.of(local), depth: depth) { wanted in
                    Self.attribute(wanted, in: attributes)
                }
            }
        }
        frames.append(frame)
    }

    mutating func end(_ parser: xmlParserCtxtPtr) {
        endRun()
        if untracked > 0 {
            untracked -= 1
            return
        }
        guard nodePop(parser) != nil, let frame = frames.popLast() else { return }
        if let close = frame.close { builder.close(close) }
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
            if untracked == 0 { setLastChild(type, name: nil) }
        }
        run.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }

    /// The text node read so far is complete: render it where the tree has it.
    mutating func endRun() {
        guard runType != nil else { return }
        runType = nil
        if runIsRendered, builder.hasRoom {
            run.withUnsafeBufferPointer { bytes in
                // The tree's text is a C string: it ends at a NUL.
                let end = memchr(bytes.baseAddress!, 0, bytes.count)
                    .map { UnsafeRawPointer(bytes.baseAddress!).distance(to: $0) } ?? bytes.count
                builder.textNode(UnsafeBufferPointer(rebasing: bytes[..<end]))
            }
        }
        run.removeAll(keepingCapacity: true)
    }

    /// A comment or processing instruction: a node of its own.
    mutating func otherNode(_ type: xmlElementType, name: UnsafePointer<xmlChar>?) {
        endRun()
        if frames.isEmpty {
            documentHasChild = true
        } else if type != XML_COMMENT_NODE, untracked == 0 {
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

import CLibXML2

/// Small, safe views of libxml2's C structures.
enum LibXML {
    /// libxml2 prints errors to stderr unless told otherwise, and its handlers
    /// are per thread: call this on each thread before parsing.
    static func silenceErrors() {
        xmlInitParser() // once per process; cheap afterwards, and needed before threads parse
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        initGenericErrorDefaultFunc(nil)
        xmlSetGenericErrorFunc(nil, nil)
        xmlThrDefSetGenericErrorFunc(nil, nil)
    }

    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Frees a libxml2-allocated string after copying it.
    static func takeString(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { nr_xml_free(pointer) }
        return String(cString: pointer)
    }
}

/// A borrowed node of a libxml2 tree; valid while the tree is.
struct XMLNode {
    let pointer: xmlNodePtr

    var type: xmlElementType { pointer.pointee.type }
    var isElement: Bool { type == XML_ELEMENT_NODE }
    /// Local name, lowercased: feeds are not consistent about case (`pubdate`).
    var name: String { LibXML.string(pointer.pointee.name)?.lowercased() ?? "" }
    var rawName: String { LibXML.string(pointer.pointee.name) ?? "" }
    var namespaceURI: String? { pointer.pointee.ns.flatMap { LibXML.string($0.pointee.href) } }
    var content: String? { LibXML.string(pointer.pointee.content) }
    var line: Int { Int(xmlGetLineNo(pointer)) }

    var children: XMLChildren { XMLChildren(first: pointer.pointee.children) }
    var elements: [XMLNode] { children.filter { $0.isElement } }

    /// An attribute by local name, with or without a namespace.
    func attribute(_ name: String) -> String? {
        var property = pointer.pointee.properties
        while let current = property {
            if let attributeName = LibXML.string(current.pointee.name), attributeName.lowercased() == name {
                return LibXML.takeString(xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)))
            }
            property = current.pointee.next
        }
        return nil
    }

}

struct XMLChildren: Sequence {
    let first: xmlNodePtr?

    func makeIterator() -> AnyIterator<XMLNode> {
        var current = first
        return AnyIterator {
            guard let node = current else { return nil }
            current = node.pointee.next
            return XMLNode(pointer: node)
        }
    }
}

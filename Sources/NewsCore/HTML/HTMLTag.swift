import CLibXML2

/// What an HTML element does to the text, looked up by its name.
enum HTMLTag: Equatable {
    /// Not shown at all, nor its content (scripts, styles, the head).
    case dropped
    case lineBreak
    /// A paragraph-like block: set apart by blank lines.
    case block
    case heading(level: Int)
    /// A line of its own (`<dt>`, `<caption>`).
    case row
    case table
    case tableRow
    case cell(isHeader: Bool)
    /// `<dd>`: indented under its term.
    case definition
    case rule
    case quote
    case preformatted
    case list
    case orderedList
    case item
    case link
    case image
    case strong
    case emphasis
    case code
    /// Any other element: its content flows on.
    case other

    /// Element names, lowercased, packed as in `packedName`.
    private static let byName: [(UInt64, UInt64, HTMLTag)] = {
        let names: [(String, HTMLTag)] = [
            ("p", .block), ("a", .link), ("li", .item), ("br", .lineBreak), ("div", .block), ("ul", .list), ("ol", .orderedList),
            ("b", .strong), ("strong", .strong), ("i", .emphasis), ("em", .emphasis), ("cite", .emphasis), ("u", .emphasis),
            ("dfn", .emphasis), ("var", .emphasis), ("code", .code), ("kbd", .code), ("samp", .code), ("tt", .code),
            ("h1", .heading(level: 1)), ("h2", .heading(level: 2)), ("h3", .heading(level: 3)),
            ("h4", .heading(level: 4)), ("h5", .heading(level: 5)), ("h6", .heading(level: 6)),
            ("td", .cell(isHeader: false)), ("th", .cell(isHeader: true)), ("tr", .tableRow), ("table", .table),
            ("dt", .row), ("caption", .row), ("dd", .definition),
            ("img", .image), ("hr", .rule), ("blockquote", .quote), ("pre", .preformatted), ("listing", .preformatted),
            ("xmp", .preformatted), ("plaintext", .preformatted), ("menu", .list), ("dir", .list),
            ("script", .dropped), ("style", .dropped), ("head", .dropped), ("title", .dropped), ("template", .dropped),
            ("svg", .dropped), ("math", .dropped),
            ("section", .block), ("article", .block), ("header", .block), ("footer", .block), ("aside", .block),
            ("nav", .block), ("main", .block), ("figure", .block), ("figcaption", .block), ("address", .block),
            ("dl", .block), ("form", .block), ("fieldset", .block), ("center", .block),
            ("details", .block), ("summary", .block),
        ]
        return names.map { name, tag in
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
    static func of(_ name: UnsafePointer<xmlChar>) -> HTMLTag {
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
        for entry in byName where entry.0 == low && entry.1 == high { return entry.2 }
        return .other
    }

    /// Non-ASCII names lowercase as `String` does (the Kelvin sign becomes `k`).
    private static func slowTag(_ name: UnsafePointer<xmlChar>) -> HTMLTag {
        let lowercased = Array(String(cString: name).lowercased().utf8)
        guard let packed = lowercased.withUnsafeBufferPointer(packedName) else { return .other }
        for entry in byName where entry.0 == packed.0 && entry.1 == packed.1 { return entry.2 }
        return .other
    }

    /// Whether an element's attributes hide it (`hidden`, `display: none`,
    /// `visibility: hidden`): a browser would not show it, nor do we.
    /// Bytes only, as this runs for every element.
    static func isHidden(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> Bool {
        guard let attributes else { return false }
        var index = 0
        while let name = attributes[index] {
            if matches(name, "hidden") { return true }
            if matches(name, "style"), let value = attributes[index + 1], styleHides(value) { return true }
            index += 2
        }
        return false
    }

    /// `name` is `lowercase` (ASCII), ignoring case.
    static func matches(_ name: UnsafePointer<xmlChar>, _ lowercase: StaticString) -> Bool {
        let expected = lowercase.utf8Start
        for offset in 0..<lowercase.utf8CodeUnitCount {
            var byte = name[offset]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if byte != expected[offset] { return false }
        }
        return name[lowercase.utf8CodeUnitCount] == 0
    }

    /// A `style` value that hides the element, with spaces and case ignored.
    static func styleHides(_ value: UnsafePointer<xmlChar>) -> Bool {
        var compact: [UInt8] = []
        var index = 0
        while value[index] != 0, index < 4096 {
            var byte = value[index]
            index += 1
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            compact.append(byte)
        }
        return contains(compact, "display:none") || contains(compact, "visibility:hidden")
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if Array(bytes[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}

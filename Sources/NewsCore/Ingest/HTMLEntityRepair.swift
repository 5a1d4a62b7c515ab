import CLibXML2

/// Feeds often use HTML's named entities (`&aacute;`, `&nbsp;`) that XML does
/// not define; libxml2's recovering parser drops them with their text. This
/// rewrites each such reference as a numeric one (`&#225;`) before parsing.
/// Names the document declares itself, and XML's five, are left alone.
enum HTMLEntityRepair {
    static func repair(_ bytes: [UInt8]) -> [UInt8] {
        let ampersand = UInt8(ascii: "&")
        guard let first = bytes.firstIndex(of: ampersand) else { return bytes }
        let declared = declaredEntityNames(bytes)
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = first
        while index < bytes.count {
            guard bytes[index] == ampersand else { index += 1; continue }
            // A name of up to 31 letters and digits, then `;`.
            var end = index + 1
            while end < bytes.count, end - index <= 32, isNameByte(bytes[end]) { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1,
                  bytes[index + 1] != UInt8(ascii: "#") else {
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            if !predefined.contains(name), !declared.contains(name), let value = lookup(name) {
                if output.isEmpty { output.reserveCapacity(bytes.count + 64) }
                output.append(contentsOf: bytes[copiedUpTo..<index])
                output.append(contentsOf: Array("&#\(value);".utf8))
                copiedUpTo = end + 1
            }
            index = end + 1
        }
        guard copiedUpTo > 0 else { return bytes }
        output.append(contentsOf: bytes[copiedUpTo...])
        return output
    }

    private static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func lookup(_ name: String) -> UInt32? {
        guard let description = htmlEntityLookup(name) else { return nil }
        return description.pointee.value
    }

    /// Names in `<!ENTITY name ...>` declarations of an internal subset.
    private static func declaredEntityNames(_ bytes: [UInt8]) -> Set<String> {
        let marker = Array("<!ENTITY".utf8)
        var names: Set<String> = []
        // Declarations live in the prolog, which is short.
        let prolog = bytes.prefix(65_536)
        var index = prolog.startIndex
        while index + marker.count < prolog.endIndex {
            if prolog[index] == marker[0], prolog[index..<(index + marker.count)].elementsEqual(marker) {
                var start = index + marker.count
                while start < prolog.endIndex, prolog[start] == 0x20 || prolog[start] == UInt8(ascii: "%") { start += 1 }
                var end = start
                while end < prolog.endIndex, isNameByte(prolog[end]) || prolog[end] == UInt8(ascii: "_") { end += 1 }
                names.insert(String(decoding: prolog[start..<end], as: UTF8.self))
                index = end
            } else {
                index += 1
            }
        }
        return names
    }
}

import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// Repairs the ampersands that make feeds ill-formed, before libxml2 sees them
/// (its recovery would drop the reference or the text after it):
/// - HTML's named entities that XML does not define (`&aacute;`, `&nbsp;`)
///   become numeric references (`&#225;`); names the document declares, and
///   XML's five, are left alone;
/// - unknown names (`&doesnotexist;`) and bare ampersands (`?a=1&b=2`) are
///   escaped as `&amp;`, so their text survives;
/// - `&#X41;` becomes `&#x41;`, and `&#146;` (a C1 control) the Windows-1252 character it meant;
/// - characters XML 1.0 forbids, as raw bytes or as references (`&#x1B;`, `&#0;`,
///   a surrogate), become visible text: C0 controls in caret notation (`^[`),
///   the rest U+FFFD. libxml2 would drop them, but after the first one its
///   recovery also drops every later `&lt;`/`&amp;`, garbling the whole feed.
/// CDATA sections are copied unchanged, except for forbidden raw control bytes.
/// For a document read in pieces, one value repairs them in order, carrying
/// whether a piece ended inside a CDATA section.
struct HTMLEntityRepair {
    /// Entity names the document declares in its internal subset.
    var declared: Set<String>
    var inCDATA = false

    /// Repairs a whole document.
    static func repair(_ bytes: [UInt8]) -> [UInt8] {
        let needed = bytes.withUnsafeBufferPointer { buffer in
            buffer.contains(UInt8(ascii: "&")) || containsForbiddenControl(buffer)
        }
        guard needed else { return bytes }
        var repair = HTMLEntityRepair(declared: declaredEntityNames(bytes))
        return repair.repair(bytes)
    }

    /// Repairs the next piece of a document; pieces must not split a
    /// reference or a CDATA marker (cut them after `>` or whitespace).
    mutating func repair(_ bytes: [UInt8]) -> [UInt8] {
        let repaired = bytes.withUnsafeBufferPointer { repairReferences($0) } ?? bytes
        guard repaired.withUnsafeBufferPointer(Self.containsForbiddenControl) else { return repaired }
        var output: [UInt8] = []
        output.reserveCapacity(repaired.count + 16)
        for byte in repaired {
            if Self.isForbiddenControl(byte) {
                output.append(UInt8(ascii: "^"))
                output.append(byte + 0x40)
            } else {
                output.append(byte)
            }
        }
        return output
    }

    /// C0 controls XML 1.0 forbids everywhere (tab, newline and carriage return are allowed).
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    /// Whether any byte is a forbidden control; eight bytes at a time, as
    /// feeds hold few bytes below 0x20 besides their line breaks.
    static func containsForbiddenControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // Some byte below 0x20 (exact as a yes/no: borrows only follow a byte that is).
            if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0 {
                for offset in 0..<8 where isForbiddenControl(base[index + offset]) { return true }
            }
            index += 8
        }
        while index < bytes.count {
            if isForbiddenControl(base[index]) { return true }
            index += 1
        }
        return false
    }

    /// The repaired bytes, or nil when nothing needed repair.
    private mutating func repairReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        let ampersand = UInt8(ascii: "&"), less = UInt8(ascii: "<")
        var output: [UInt8] = []
        var copiedUpTo = 0
        func replace(_ range: Range<Int>, with text: String) {
            if output.isEmpty { output.reserveCapacity(count + 64) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<range.lowerBound]))
            output.append(contentsOf: text.utf8)
            copiedUpTo = range.upperBound
        }
        var index = 0
        if inCDATA {
            (index, inCDATA) = Self.endOfCDATA(bytes, from: 0)
        }
        while index < count {
            // Only `<` (a CDATA section may start) and `&` matter.
            while index < count, base[index] != less, base[index] != ampersand { index += 1 }
            guard index < count else { break }
            if base[index] == less {
                if index + 9 <= count, base[index + 1] == UInt8(ascii: "!"),
                   UnsafeBufferPointer(rebasing: bytes[index..<(index + 9)]).elementsEqual(Self.cdataStart) {
                    (index, inCDATA) = Self.endOfCDATA(bytes, from: index + 9)
                } else {
                    index += 1
                }
                continue
            }
            var end = index + 1
            if end < count, base[end] == UInt8(ascii: "#") {
                // Numeric: &#123; or &#x1F; (libxml2 rejects &#X1F;).
                end += 1
                var hex = false
                if end < count, base[end] == UInt8(ascii: "x") || base[end] == UInt8(ascii: "X") {
                    hex = true
                    end += 1
                }
                let digitsStart = end
                while end < count, end - index < 12, Self.isHexOrDigit(base[end], hex: hex) { end += 1 }
                if end < count, base[end] == UInt8(ascii: ";"), end > digitsStart {
                    let digits = String(decoding: UnsafeBufferPointer(rebasing: bytes[digitsStart..<end]), as: UTF8.self)
                    let value = UInt32(digits, radix: hex ? 16 : 10) ?? UInt32.max
                    if (0x80...0x9F).contains(value) {
                        // C1 controls here are Windows-1252 text mislabelled (`&#146;` for ’).
                        replace(index..<(end + 1), with: "&#\(FeedCharset.windows1252High[Int(value - 0x80)]);")
                    } else if value < 0x20, let byte = UInt8(exactly: value), value == 0 || Self.isForbiddenControl(byte) {
                        replace(index..<(end + 1), with: "^" + String(UnicodeScalar(byte + 0x40)))
                    } else if (0xD800...0xDFFF).contains(value) || value == 0xFFFE || value == 0xFFFF || value > 0x10FFFF
                                || end - digitsStart > 8 {
                        replace(index..<(end + 1), with: "&#xFFFD;")
                    } else if hex, base[index + 2] == UInt8(ascii: "X") {
                        replace(index..<(index + 3), with: "&#x")
                    }
                    index = end + 1
                } else {
                    replace(index..<(index + 1), with: "&amp;")
                    index += 1
                }
                continue
            }
            while end < count, end - index <= 32, Self.isNameByte(base[end]) { end += 1 }
            if end < count, base[end] == UInt8(ascii: ";"), end > index + 1 {
                let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
                if Self.isPredefined(name) {
                    // Fine as it is.
                } else {
                    let name = String(decoding: name, as: UTF8.self)
                    if declared.contains(name) {
                        // Fine as it is.
                    } else if let value = Self.lookup(name) {
                        replace(index..<(end + 1), with: "&#\(value);")
                    } else {
                        replace(index..<(index + 1), with: "&amp;")
                    }
                }
                index = end + 1
            } else {
                replace(index..<(index + 1), with: "&amp;")
                index += 1
            }
        }
        guard copiedUpTo > 0 else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
        return output
    }

    private static let cdataStart = Array("<![CDATA[".utf8)

    /// Where the CDATA section open at `start` ends, and whether it is still open at the end of `bytes`.
    private static func endOfCDATA(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, stillOpen: Bool) {
        guard let base = bytes.baseAddress else { return (bytes.count, true) }
        var index = start
        while index + 2 < bytes.count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "]")), bytes.count - 2 - index) else { break }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if base[position + 1] == UInt8(ascii: "]"), base[position + 2] == UInt8(ascii: ">") {
                return (position + 3, false)
            }
            index = position + 1
        }
        return (bytes.count, true)
    }

    /// XML's own five: `amp`, `lt`, `gt`, `quot`, `apos`.
    private static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g")) && name[1] == UInt8(ascii: "t")
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4: return name.elementsEqual("quot".utf8) || name.elementsEqual("apos".utf8)
        default: return false
        }
    }

    private static func isHexOrDigit(_ byte: UInt8, hex: Bool) -> Bool {
        if byte >= 0x30 && byte <= 0x39 { return true }
        guard hex else { return false }
        return (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func lookup(_ name: String) -> UInt32? {
        guard let description = htmlEntityLookup(name) else { return nil }
        return description.pointee.value
    }

    /// Names in `<!ENTITY name ...>` declarations of an internal subset.
    static func declaredEntityNames(_ bytes: [UInt8]) -> Set<String> {
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
                while end < prolog.endIndex, isNameByte(prolog[end]) { end += 1 }
                names.insert(String(decoding: prolog[start..<end], as: UTF8.self))
                index = end
            } else {
                index += 1
            }
        }
        return names
    }
}

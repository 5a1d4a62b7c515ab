import CLibXML2
@testable import NewsCore

// The byte repairs before libxml2 (HTMLEntityRepair, FeedCharset's UTF-8 and
// C1 repairs) as they were before they were made faster (commit 5feae05),
// renamed, so that tests can check the faster ones give the same bytes.


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
struct ReferenceHTMLEntityRepair {
    /// Entity names the document declares in its internal subset.
    var declared: Set<String>
    var inCDATA = false

    /// Repairs a whole document.
    static func repair(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 == UInt8(ascii: "&") || isForbiddenControl($0) }) else { return bytes }
        var repair = ReferenceHTMLEntityRepair(declared: declaredEntityNames(bytes))
        return repair.repair(bytes)
    }

    /// Repairs the next piece of a document; pieces must not split a
    /// reference or a CDATA marker (cut them after `>` or whitespace).
    mutating func repair(_ bytes: [UInt8]) -> [UInt8] {
        let repaired = repairReferences(bytes)
        guard repaired.contains(where: Self.isForbiddenControl) else { return repaired }
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

    private mutating func repairReferences(_ bytes: [UInt8]) -> [UInt8] {
        let ampersand = UInt8(ascii: "&")
        var output: [UInt8] = []
        var copiedUpTo = 0
        func replace(_ range: Range<Int>, with text: String) {
            if output.isEmpty { output.reserveCapacity(bytes.count + 64) }
            output.append(contentsOf: bytes[copiedUpTo..<range.lowerBound])
            output.append(contentsOf: Array(text.utf8))
            copiedUpTo = range.upperBound
        }
        let cdataStart = Array("<![CDATA[".utf8)
        var index = 0
        if inCDATA {
            (index, inCDATA) = Self.endOfCDATA(bytes, from: 0)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), index + 9 <= bytes.count, bytes[index + 1] == UInt8(ascii: "!"),
               bytes[index..<(index + 9)].elementsEqual(cdataStart) {
                (index, inCDATA) = Self.endOfCDATA(bytes, from: index + 9)
                continue
            }
            guard byte == ampersand else { index += 1; continue }
            var end = index + 1
            if end < bytes.count, bytes[end] == UInt8(ascii: "#") {
                // Numeric: &#123; or &#x1F; (libxml2 rejects &#X1F;).
                end += 1
                var hex = false
                if end < bytes.count, bytes[end] == UInt8(ascii: "x") || bytes[end] == UInt8(ascii: "X") {
                    hex = true
                    end += 1
                }
                let digitsStart = end
                while end < bytes.count, end - index < 12, Self.isHexOrDigit(bytes[end], hex: hex) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > digitsStart {
                    let digits = String(decoding: bytes[digitsStart..<end], as: UTF8.self)
                    let value = UInt32(digits, radix: hex ? 16 : 10) ?? UInt32.max
                    if (0x80...0x9F).contains(value) {
                        // C1 controls here are Windows-1252 text mislabelled (`&#146;` for ’).
                        replace(index..<(end + 1), with: "&#\(FeedCharset.windows1252High[Int(value - 0x80)]);")
                    } else if value < 0x20, let byte = UInt8(exactly: value), value == 0 || Self.isForbiddenControl(byte) {
                        replace(index..<(end + 1), with: "^" + String(UnicodeScalar(byte + 0x40)))
                    } else if (0xD800...0xDFFF).contains(value) || value == 0xFFFE || value == 0xFFFF || value > 0x10FFFF
                                || end - digitsStart > 8 {
                        replace(index..<(end + 1), with: "&#xFFFD;")
                    } else if hex, bytes[index + 2] == UInt8(ascii: "X") {
                        replace(index..<(index + 3), with: "&#x")
                    }
                    index = end + 1
                } else {
                    replace(index..<(index + 1), with: "&amp;")
                    index += 1
                }
                continue
            }
            while end < bytes.count, end - index <= 32, Self.isNameByte(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1 {
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                if Self.predefined.contains(name) || declared.contains(name) {
                    // Fine as it is.
                } else if let value = Self.lookup(name) {
                    replace(index..<(end + 1), with: "&#\(value);")
                } else {
                    replace(index..<(index + 1), with: "&amp;")
                }
                index = end + 1
            } else {
                replace(index..<(index + 1), with: "&amp;")
                index += 1
            }
        }
        guard copiedUpTo > 0 else { return bytes }
        output.append(contentsOf: bytes[copiedUpTo...])
        return output
    }

    /// Where the CDATA section open at `start` ends, and whether it is still open at the end of `bytes`.
    private static func endOfCDATA(_ bytes: [UInt8], from start: Int) -> (Int, stillOpen: Bool) {
        var index = start
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "]"), bytes[index + 1] == UInt8(ascii: "]"), bytes[index + 2] == UInt8(ascii: ">") {
                return (index + 3, false)
            }
            index += 1
        }
        return (bytes.count, true)
    }

    private static func isHexOrDigit(_ byte: UInt8, hex: Bool) -> Bool {
        if byte >= 0x30 && byte <= 0x39 { return true }
        guard hex else { return false }
        return (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    private static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

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

enum ReferenceFeedCharset {
    static func replacingC1Controls(_ bytes: [UInt8]) -> [UInt8] {
        var index = 0
        var output: [UInt8]?
        var copiedUpTo = 0
        while let found = bytes[index...].firstIndex(of: 0xC2) {
            index = found + 1
            guard index < bytes.count, (0x80...0x9F).contains(bytes[index]) else { continue }
            if output == nil { output = []; output!.reserveCapacity(bytes.count + 16) }
            output!.append(contentsOf: bytes[copiedUpTo..<found])
            FeedCharset.appendUTF8(FeedCharset.windows1252High[Int(bytes[index] - 0x80)], to: &output!)
            copiedUpTo = index + 1
        }
        guard var result = output else { return bytes }
        result.append(contentsOf: bytes[copiedUpTo...])
        return result
    }

    /// Invalid UTF-8 repaired as the standard library parses it: a maximal
    /// subpart of one byte is that byte's Windows-1252 character, a longer
    /// one U+FFFD; bytes without one valid multi-byte sequence are
    /// Windows-1252 throughout.
    static func repairingUTF8(_ data: [UInt8]) -> [UInt8] {
        if isValidUTF8(data) { return data }
        var output = [UInt8]()
        var sawMultiByte = false
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var consumed = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                output.append(contentsOf: encoded)
                if encoded.count > 1 { sawMultiByte = true }
                consumed += encoded.count
            case .error(let length):
                if length == 1 {
                    output.append(contentsOf: FeedCharset.windows1252ToUTF8([data[consumed]]))
                } else {
                    output.append(contentsOf: Array("\u{FFFD}".utf8))
                }
                consumed += length
            case .emptyInput:
                break loop
            }
        }
        return sawMultiByte ? output : FeedCharset.windows1252ToUTF8(data)
    }

    static func isValidUTF8(_ data: [UInt8]) -> Bool {
        if !data.contains(where: { $0 >= 0x80 }) { return true }
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

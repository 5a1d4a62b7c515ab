import Foundation

/// JSON that is safe to print: JSONEncoder escapes the C0 controls but
/// writes DEL, the C1 controls (U+0080–U+009F: U+009B and U+009D start
/// terminal sequences where C1 is honoured), the line separators U+2028 and
/// U+2029 and the bidirectional overrides raw, as feeds sent them. They are
/// written as `\u` escapes instead, which every JSON reader decodes to the
/// same text: the data is kept, the terminal never sees the characters.
public enum JSONText {
    /// `json` (UTF-8 from JSONEncoder) with those characters escaped. They
    /// can only be inside strings: the encoder writes the structure in ASCII.
    public static func escapingControls(_ json: Data) -> Data {
        var output: Data?
        var copiedUpTo = 0
        json.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            var index = 0
            func escape(_ value: UInt32, length: Int) {
                if output == nil { output = Data(capacity: count + 64) }
                output!.append(UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<index]))
                let hex = String(value, radix: 16)
                output!.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                index += length
                copiedUpTo = index
            }
            while index < count {
                let byte = bytes[index]
                if byte < 0x7F {
                    index += 1
                } else if byte == 0x7F {
                    escape(0x7F, length: 1)
                } else if byte == 0xC2, index + 1 < count, (0x80...0x9F).contains(bytes[index + 1]) {
                    escape(UInt32(bytes[index + 1]), length: 2)
                } else if byte == 0xE2, index + 2 < count, let value = specialE2(bytes[index + 1], bytes[index + 2]) {
                    escape(value, length: 3)
                } else {
                    index += 1
                }
            }
        }
        guard var result = output else { return json }
        result.append(json.suffix(from: json.startIndex + copiedUpTo))
        return result
    }

    /// U+2028, U+2029, U+202A–U+202E and U+2066–U+2069, from their last two UTF-8 bytes.
    static func specialE2(_ second: UInt8, _ third: UInt8) -> UInt32? {
        let value = 0x2000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
        guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return nil }
        switch value {
        case 0x2028...0x202E, 0x2066...0x2069: return value
        default: return nil
        }
    }
}

/// A JSON array of flat objects, written one object at a time: the bytes
/// JSONEncoder (`.prettyPrinted`, `.sortedKeys`, `.withoutEscapingSlashes`)
/// gives for the whole array, passed through `JSONText.escapingControls`,
/// without ever holding more than one object.
public struct JSONArrayWriter {
    public enum Value {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null

        public init(_ text: String?) {
            self = text.map { .string($0) } ?? .null
        }
    }

    private let sink: TextSink
    private var count = 0

    public init(_ sink: TextSink) {
        self.sink = sink
        sink.write("[\n")
    }

    /// One object; `fields` in the order of their keys (as `.sortedKeys`
    /// sorts them). A key whose value is absent is left out by the caller.
    public mutating func append(_ fields: [(key: String, value: Value)]) {
        var out = count == 0 ? "  {\n" : ",\n  {\n"
        for (index, field) in fields.enumerated() {
            if index > 0 { out += ",\n" }
            out += "    \""
            Self.appendEscaped(field.key, to: &out)
            out += "\" : "
            switch field.value {
            case .string(let text):
                out += "\""
                Self.appendEscaped(text, to: &out)
                out += "\""
            case .integer(let number): out += String(number)
            case .bool(let flag): out += flag ? "true" : "false"
            case .null: out += "null"
            }
        }
        out += "\n  }"
        sink.write(out)
        count += 1
    }

    /// Closes the array (`[`, an empty line, `]` when it has no object, as JSONEncoder writes it).
    public func finish() {
        sink.write("\n]")
    }

    /// `text` as JSONEncoder escapes a string's contents (quotes, backslashes,
    /// C0 controls: `\b \t \n \f \r`, else `\u00XX`), and DEL, the C1
    /// controls, U+2028–U+202E and U+2066–U+2069 as `escapingControls` does.
    static func appendEscaped(_ text: String, to out: inout String) {
        // Runs that need no escape are appended as slices of `text`: no
        // copy of the whole, and nothing to validate as UTF-8 again.
        let bytes = text.utf8
        var copied = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C {
                bytes.formIndex(after: &index)
                continue
            }
            var length = 1
            var value: UInt32?
            switch byte {
            case 0x00..<0x20, 0x22, 0x5C, 0x7F: value = UInt32(byte)
            case 0xC2:
                let second = bytes.index(after: index)
                if second < bytes.endIndex, (0x80...0x9F).contains(bytes[second]) {
                    value = UInt32(bytes[second])
                    length = 2
                }
            case 0xE2:
                let second = bytes.index(after: index)
                if second < bytes.endIndex {
                    let third = bytes.index(after: second)
                    if third < bytes.endIndex, let special = JSONText.specialE2(bytes[second], bytes[third]) {
                        value = special
                        length = 3
                    }
                }
            default: break
            }
            guard let value else {
                bytes.formIndex(after: &index)
                continue
            }
            out += text[copied..<index]
            switch value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            default:
                let hex = String(value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            index = bytes.index(index, offsetBy: length)
            copied = index
        }
        if copied == bytes.startIndex {
            out += text
        } else {
            out += text[copied...]
        }
    }
}

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
    /// Written as UTF-8 straight into the sink's buffer.
    public mutating func append(_ fields: [(key: String, value: Value)]) {
        let first = count == 0
        sink.withBuffer { out in
            Self.append(first ? "  {\n" : ",\n  {\n", to: &out)
            for (index, field) in fields.enumerated() {
                if index > 0 { Self.append(",\n", to: &out) }
                Self.append("    \"", to: &out)
                Self.appendEscaped(field.key, to: &out)
                Self.append("\" : ", to: &out)
                switch field.value {
                case .string(let text):
                    out.append(0x22)
                    Self.appendEscaped(text, to: &out)
                    out.append(0x22)
                case .integer(let number): Self.append(String(number), to: &out)
                case .bool(let flag): Self.append(flag ? "true" : "false", to: &out)
                case .null: Self.append("null", to: &out)
                }
            }
            Self.append("\n  }", to: &out)
        }
        count += 1
    }

    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// Closes the array (`[`, an empty line, `]` when it has no object, as JSONEncoder writes it).
    public func finish() {
        sink.write("\n]")
    }

    /// The bytes that never start something to escape: printable ASCII but
    /// `"` and `\\`, and every byte of a multi-byte scalar but the leads C2 and E2.
    private static let plainBytes: [Bool] = (0...255).map { byte in
        byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C || byte >= 0x80 && byte != 0xC2 && byte != 0xE2
    }

    /// `text` as JSONEncoder escapes a string's contents (quotes, backslashes,
    /// C0 controls: `\b \t \n \f \r`, else `\u00XX`), and DEL, the C1
    /// controls, U+2028–U+202E and U+2066–U+2069 as `escapingControls` does,
    /// appended to `out` as UTF-8.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // Runs that need no escape are copied in one go.
            var copied = 0
            var index = 0
            let count = bytes.count
            Self.plainBytes.withUnsafeBufferPointer { plain in
                while index < count, plain[Int(bytes[index])] { index += 1 }
            }
            while index < count {
                let byte = bytes[index]
                if Self.plainBytes[Int(byte)] {
                    index += 1
                    continue
                }
                var length = 1
                var value: UInt32?
                switch byte {
                case 0x00..<0x20, 0x22, 0x5C, 0x7F: value = UInt32(byte)
                case 0xC2:
                    if index + 1 < count, (0x80...0x9F).contains(bytes[index + 1]) {
                        value = UInt32(bytes[index + 1])
                        length = 2
                    }
                case 0xE2:
                    if index + 2 < count, let special = JSONText.specialE2(bytes[index + 1], bytes[index + 2]) {
                        value = special
                        length = 3
                    }
                default: break
                }
                guard let value else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                switch value {
                case 0x22: append("\\\"", to: &out)
                case 0x5C: append("\\\\", to: &out)
                case 0x08: append("\\b", to: &out)
                case 0x09: append("\\t", to: &out)
                case 0x0A: append("\\n", to: &out)
                case 0x0C: append("\\f", to: &out)
                case 0x0D: append("\\r", to: &out)
                default:
                    let hex = String(value, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, to: &out)
                }
                index += length
                copied = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<count]))
        }
    }
}

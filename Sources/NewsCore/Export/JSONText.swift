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
    private static func specialE2(_ second: UInt8, _ third: UInt8) -> UInt32? {
        let value = 0x2000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
        guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return nil }
        switch value {
        case 0x2028...0x202E, 0x2066...0x2069: return value
        default: return nil
        }
    }
}

/// Whitespace handling on UTF-8 bytes, for the per-post hot path of an
/// import (Character-based splitting and Foundation's trimming cost more than
/// the rest of the import together). Whitespace means Unicode's White_Space,
/// as `Character.isWhitespace`.
public enum Whitespace {
    /// The byte length of the whitespace character at `index`, or 0.
    @inline(__always)
    public static func length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) ? 1 : 0 }
        let count = bytes.count
        switch lead {
        case 0xC2: // U+0085, U+00A0
            return index + 1 < count && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0) ? 2 : 0
        case 0xE1: // U+1680
            return index + 2 < count && bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2: // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
            guard index + 2 < count else { return 0 }
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80, (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF { return 3 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3: // U+3000
            return index + 2 < count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The byte length of the whitespace character that ends just before
    /// `end`, or 0. For valid UTF-8 this finds exactly the characters
    /// `length(_:at:)` finds scanning forward.
    @inline(__always)
    public static func lengthBefore(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Int {
        let last = bytes[end - 1]
        if last < 0x80 { return last == 0x20 || (last >= 0x09 && last <= 0x0D) ? 1 : 0 }
        if end >= 2, bytes[end - 2] == 0xC2 { return last == 0x85 || last == 0xA0 ? 2 : 0 }
        guard end >= 3 else { return 0 }
        return length(bytes, at: end - 3) == 3 ? 3 : 0
    }

    /// Runs of whitespace collapsed to one space, trimmed.
    public static func collapse(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            collapsed(bytes) ?? text
        }
    }

    /// The words of `bytes` joined by single spaces, or nil when that is `bytes` as they are.
    public static func collapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        guard count > 0 else { return nil }
        // Already collapsed (a title, a date, a name): no copy.
        var index = 0
        var previousWasSpace = true
        var clean = true
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x20 {
                    if previousWasSpace { clean = false; break }
                    previousWasSpace = true
                } else if byte >= 0x09 && byte <= 0x0D {
                    clean = false
                    break
                } else {
                    previousWasSpace = false
                }
                index += 1
            } else {
                if length(bytes, at: index) > 0 { clean = false; break }
                previousWasSpace = false
                index += 1
            }
        }
        if clean, !previousWasSpace { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(count)
        index = 0
        while index < count {
            let space = length(bytes, at: index)
            if space > 0 {
                index += space
                continue
            }
            let start = index
            index += 1
            while index < count, length(bytes, at: index) == 0 { index += 1 }
            if !output.isEmpty { output.append(0x20) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Leading and trailing whitespace removed.
    public static func trim(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            let count = bytes.count
            var start = 0
            while start < count {
                let space = length(bytes, at: start)
                if space == 0 { break }
                start += space
            }
            var end = count
            while end > start {
                let space = lengthBefore(bytes, end: end)
                if space == 0 { break }
                end -= space
            }
            if start == 0 && end == count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}

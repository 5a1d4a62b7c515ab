/// Whitespace handling on UTF-8 bytes, for the per-post hot path of an
/// import (Character-based splitting and Foundation's trimming cost more than
/// the rest of the import together). Whitespace means Unicode's White_Space,
/// as `Character.isWhitespace`.
enum Whitespace {
    /// The byte length of the whitespace character at `index`, or 0.
    @inline(__always)
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
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

    /// Calls `word` for each run of non-whitespace; returns whether `text`
    /// starts and ends with whitespace.
    static func forEachWord(in text: String, _ word: (String) -> Void) -> (leading: Bool, trailing: Bool) {
        var copy = text
        return copy.withUTF8 { bytes -> (Bool, Bool) in
            guard bytes.count > 0 else { return (false, false) }
            var index = 0
            var start = -1
            var leading = false
            var trailing = false
            while index < bytes.count {
                let space = length(bytes, at: index)
                if space > 0 {
                    if index == 0 { leading = true }
                    if start >= 0 {
                        word(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                        start = -1
                    }
                    index += space
                    if index == bytes.count { trailing = true }
                } else {
                    if start < 0 { start = index }
                    index += 1
                }
            }
            if start >= 0 {
                word(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
            }
            return (leading, trailing)
        }
    }

    /// Runs of whitespace collapsed to one space, trimmed.
    static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        _ = forEachWord(in: text) { word in
            if !result.isEmpty { result += " " }
            result += word
        }
        return result
    }

    /// Leading and trailing whitespace removed.
    static func trim(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            var start = 0
            while start < bytes.count {
                let space = length(bytes, at: start)
                if space == 0 { break }
                start += space
            }
            // Find the end of the last non-whitespace character by scanning forward.
            var end = start
            var index = start
            while index < bytes.count {
                let space = length(bytes, at: index)
                if space > 0 {
                    index += space
                } else {
                    index += 1
                    end = index
                }
            }
            if start == 0 && end == bytes.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}

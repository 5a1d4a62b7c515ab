import Foundation

/// Unicode canonical composition, skipped for the text that cannot need it.
public enum NFC {
    public static func normalize(_ text: String) -> String {
        if isSurelyNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// True when no character of `text` can change under NFC: no combining
    /// marks, no Hangul jamo, none of the singletons NFC replaces. Most text
    /// passes without Foundation (which costs more than the rest of a post).
    public static func isSurelyNFC(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isSurelyNFC($0) }
    }

    /// The same on valid UTF-8: everything below U+0300 (lead bytes below 0xCC) passes.
    public static func isSurelyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                // No byte from 0xCC on in these eight: (b & 0x7F) + 0x34 reaches
                // 0x80 exactly when b & 0x7F >= 0x4C, and b's own top bit must be set.
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x3434_3434_3434_3434) & word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0xCC {
                index += 1
                continue
            }
            var value: UInt32
            let length: Int
            switch lead {
            case 0xCC...0xDF: value = UInt32(lead & 0x1F); length = 2
            case 0xE0...0xEF: value = UInt32(lead & 0x0F); length = 3
            default: value = UInt32(lead & 0x07); length = 4
            }
            guard index + length <= count else { return false }
            for offset in 1..<length { value = value << 6 | UInt32(base[index + offset] & 0x3F) }
            guard let scalar = Unicode.Scalar(value), isSurelyNFC(scalar) else { return false }
            index += length
        }
        return true
    }

    public static func isSurelyNFC(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x300 { return true }
        if (0x1100...0x11FF).contains(value) || (0x2126...0x212B).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x2F800...0x2FA1F).contains(value) || (0x0340...0x0344).contains(value) || value == 0x0374
            || value == 0x037E || value == 0x0387 || (0x1F71...0x1FFD).contains(value) || value == 0x2000
            || value == 0x2001 || value == 0x2329 || value == 0x232A || (0xAC00...0xD7A3).contains(value) {
            return false
        }
        if scalar.properties.canonicalCombiningClass != .notReordered { return false }
        // Characters that combine with a preceding one without a combining class
        // (some Indic vowel signs, Hangul) are below; be safe with them.
        if (0x0900...0x0DFF).contains(value) || (0x1000...0x10FF).contains(value) || (0x3099...0x309A).contains(value) {
            return false
        }
        return true
    }
}

/// Makes text from a feed safe to send to a terminal.
///
/// Feeds are untrusted: a title can carry escape sequences that recolour the
/// screen, move the cursor, set the window title or write the clipboard.
/// Control characters are shown visibly instead (ESC as `^[`, C1 as
/// `<U+009B>`), bidirectional overrides and invisible format characters are
/// dropped, and tabs become spaces. Newlines survive only where allowed.
public enum TerminalSafe {
    public static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        // Fast paths: nothing to change in the common case (on the bytes when they are at hand).
        if text.utf8.withContiguousStorageIfAvailable({ !needsAttention($0, keepingNewlines: keepNewlines) }) == true {
            return text
        }
        if !text.unicodeScalars.contains(where: { needsAttention($0) }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x0A where keepNewlines:
                out.append(scalar)
            case 0x09:
                out.append(contentsOf: "    ".unicodeScalars)
            case 0x0D, 0x0A:
                out.append(" ")
            case 0x00...0x1F:
                // Caret notation, as `cat -v` shows it: ESC is ^[.
                out.append("^")
                out.append(Unicode.Scalar(UInt8(value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F:
                out.append(contentsOf: "<U+00\(String(value, radix: 16, uppercase: true))>".unicodeScalars)
            case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF,
                 0xFFF9...0xFFFB:
                // Bidirectional overrides and invisible characters: dropped.
                continue
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether any scalar of valid UTF-8 `bytes` needs attention (a newline
    /// aside when `keepingNewlines`): every such scalar is a byte below 0x20,
    /// DEL, or starts with C2 (C1 controls), E2 or EF (the invisible ones).
    public static func needsAttention(_ bytes: UnsafeBufferPointer<UInt8>, keepingNewlines: Bool) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 {
                if !(byte == 0x0A && keepingNewlines) { return true }
            } else if byte == 0x7F {
                return true
            } else if byte == 0xC2 {
                if index + 1 < count, bytes[index + 1] <= 0x9F { return true }
            } else if byte == 0xE2 || byte == 0xEF, index + 2 < count {
                let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                if Unicode.Scalar(value).map(needsAttention) ?? true { return true }
            }
            index += 1
        }
        return false
    }

    public static func needsAttention(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value <= 0x9F) { return true }
        if value < 0x200B { return false }
        switch value {
        case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0xFFF9...0xFFFB:
            return true
        default:
            return false
        }
    }
}

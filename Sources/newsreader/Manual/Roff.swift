import Foundation

/// Text for a man(7) page, safe for groff and mandoc alike.
enum Roff {
    /// `text` for the inside of a line: `\` as `\e`; every `-` as `\-`, a
    /// minus, so options and paths copy as typed and never break at the
    /// line's end; any non-ASCII character as `\[uXXXX]`, which every
    /// formatter reads whatever the page's or the locale's encoding.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\t", "\n": out += " "
            case "\u{1}": out += "\\:" // a break point, from `prose`
            case _ where scalar.value < 0x20: continue
            case _ where scalar.isASCII: out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            }
        }
        return out
    }

    static func bold(_ text: String) -> String { "\\fB" + escape(text) + "\\fR" }
    static func italic(_ text: String) -> String { "\\fI" + escape(text) + "\\fR" }

    /// An input line of text (already escaped): one that starts with `.` or
    /// `'` would be read as a request, and leading spaces would break the
    /// fill (they are kept in literal lines, where they are meant).
    static func line(_ escaped: String, keepingSpaces: Bool = false) -> String {
        let trimmed = keepingSpaces ? escaped : String(escaped.drop { $0 == " " })
        return trimmed.hasPrefix(".") || trimmed.hasPrefix("'") ? "\\&" + trimmed : trimmed
    }

    /// Running text with `code spans` in bold, as the help texts write them.
    /// A word too long for a line (a JSON example) may break after its commas.
    static func prose(_ text: String) -> String {
        let text = text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.count > 40 ? word.replacingOccurrences(of: ",", with: ",\u{1}") : String(word)
        }.joined(separator: " ")
        let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count % 2 == 1 else { return line(escape(text)) } // an unpaired backquote is text
        var out = ""
        for (index, piece) in pieces.enumerated() {
            out += index % 2 == 1 ? bold(String(piece)) : escape(String(piece))
        }
        return line(out)
    }

    /// `.fchar \[u00E5] a` for each accented letter the page uses: groff
    /// draws the fallback only where the output has no such glyph (ASCII,
    /// LANG=C), which otherwise warns "can't find special character".
    static func asciiFallbacks(for lines: [String]) -> [String] {
        var seen = Set<UInt32>()
        var fallbacks: [String] = []
        for line in lines {
            var rest = Substring(line)
            while let start = rest.range(of: "\\[u") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "]"), let value = UInt32(rest[..<end], radix: 16),
                      let scalar = Unicode.Scalar(value), seen.insert(value).inserted else { continue }
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
                if base.isASCII, base != scalar, base.properties.isAlphabetic {
                    fallbacks.append(".fchar \\[u\(rest[..<end])] \(base)")
                }
            }
        }
        return fallbacks
    }
}

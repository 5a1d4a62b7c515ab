import CLibXML2
import Foundation
import NewsModel

/// Relative references resolved the way browsers and feed readers do (RFC 3986).
public enum FeedURL {
    /// Whether `text` is an absolute http or https URL: what a link can be
    /// opened as, and what relative links may resolve against.
    public static func isWebAddress(_ text: String) -> Bool {
        let lowered = text.prefix(8).lowercased()
        return (lowered.hasPrefix("http://") && text.utf8.count > 7) || (lowered.hasPrefix("https://") && text.utf8.count > 8)
    }

    public static func resolve(_ reference: String, against base: String?) -> String? {
        let reference = Whitespace.trim(reference)
        guard let base, !base.isEmpty else { return reference }
        if hasScheme(reference) { return reference }
        // libxml2 resolves URIs, not IRIs: it escapes non-ASCII characters, or
        // gives up on them. Resolve with escapes, then spell the characters again.
        let isASCII = reference.utf8.allSatisfy { $0 < 0x80 } && base.utf8.allSatisfy { $0 < 0x80 }
        let resolved = isASCII ? build(reference, base)
            : build(percentEncodingNonASCII(reference), percentEncodingNonASCII(base))
        guard let resolved else { return reference }
        return isASCII ? resolved : decodingNonASCIIEscapes(resolved)
    }

    private static func build(_ reference: String, _ base: String) -> String? {
        guard let resolved = xmlBuildURI(reference, base) else { return nil }
        defer { nr_xml_free(resolved) }
        return String(cString: resolved)
    }

    private static func percentEncodingNonASCII(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if byte < 0x80 {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// `%C3%A5` back to `å`; escapes of ASCII (`%2F`, `%20`) stay as they are.
    static func decodingNonASCIIEscapes(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x41 + 10
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]), high >= 8 {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        // Escapes that do not form UTF-8 were not ours to undo.
        return FeedCharset.isValidUTF8(output) ? String(decoding: output, as: UTF8.self) : text
    }

    static func hasScheme(_ text: String) -> Bool {
        var copy = text
        if let answer = copy.withUTF8(hasASCIIScheme) { return answer }
        return hasSchemeByCharacters(text)
    }

    /// `hasScheme` on bytes, where each byte is a character of its own: nil
    /// when a non-ASCII byte comes before or right after the first colon
    /// (a combining mark or a prepended character could join the colon).
    static func hasASCIIScheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        if colon + 1 < bytes.count, bytes[colon + 1] >= 0x80 { return nil }
        var isScheme = colon > 0
        for index in 0..<colon {
            let byte = bytes[index]
            if byte >= 0x80 { return nil }
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            if index == 0 ? !letter : !(letter || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")) {
                isScheme = false
            }
        }
        return isScheme
    }

    static func hasSchemeByCharacters(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}

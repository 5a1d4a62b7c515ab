/// Which links the reader hands to a browser: web and mail only, so a feed
/// cannot make us run `file:`, `javascript:` or custom-scheme handlers.
public enum LinkPolicy {
    public static let schemes = ["http", "https", "mailto"]

    /// The fields a `mailto:` link may fill in. Mail programs also take
    /// `attach=/etc/passwd`, `attachment=…` and other headers from a link; a
    /// link that asks for anything but these is not opened.
    public static let mailFields: Set<String> = ["to", "cc", "subject", "body"]

    /// Why a link is not opened.
    public enum Refusal: Hashable, Sendable {
        /// Not http, https or mailto, or not one clean argument.
        case scheme
        /// A mailto link with a field other than to, cc, subject and body.
        case mailField
    }

    public static func isOpenable(_ link: String) -> Bool {
        refusal(of: link) == nil
    }

    /// Nil when the link may be opened.
    public static func refusal(of link: String) -> Refusal? {
        guard let colon = link.firstIndex(of: ":") else { return .scheme }
        let scheme = link[..<colon].lowercased()
        guard schemes.contains(scheme) else { return .scheme }
        // No whitespace or control characters: the browser gets exactly one clean argument.
        if link.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) { return .scheme }
        if scheme == "mailto", !hasOnlyHarmlessFields(link[link.index(after: colon)...]) { return .mailField }
        return nil
    }

    /// RFC 6068: `mailto:to?field=value&field=value`; field names are
    /// compared case-insensitively and after percent-decoding, so neither
    /// `ATTACH` nor `%61ttach` gets through.
    static func hasOnlyHarmlessFields(_ rest: Substring) -> Bool {
        guard let question = rest.firstIndex(of: "?") else { return true }
        for field in rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true) {
            let name = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let decoded = percentDecoded(name), mailFields.contains(decoded.lowercased()) else { return false }
        }
        return true
    }

    /// `%XX` sequences decoded; nil when one is malformed or the result is not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

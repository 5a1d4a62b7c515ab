import NewsModel

/// An http(s) URL, checked and normalised: the one URL check that `add`,
/// OPML import, refresh and the HTTP client share.
///
/// Normalised means the scheme and host in lower case, the default port
/// dropped, an empty path written `/`, and no fragment, so
/// `HTTP://Example.COM:80#top` and `http://example.com/` are the same feed.
/// Everything else (path, query, their case and escapes) is kept as written.
public struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// `user:password@`, without the `@`; nil when absent.
    public let userInfo: String?
    /// Lower case, IPv6 addresses in brackets.
    public let host: String
    /// Nil for the scheme's default port.
    public let port: Int?
    /// Starts with `/`; the query (`?…`) included.
    public let pathAndQuery: String

    /// Why a text is not an http(s) URL, in one line.
    public struct Refusal: Error, CustomStringConvertible, Hashable, Sendable {
        public var description: String
    }

    public init(_ text: String) throws {
        let trimmed = Whitespace.trim(text)
        func refuse(_ reason: String) -> Refusal {
            Refusal(description: "'\(TerminalSafe.clean(trimmed))' \(reason)")
        }
        guard !trimmed.isEmpty else { throw Refusal(description: "an empty URL") }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) else {
            throw refuse("contains spaces or control characters")
        }
        guard let colon = trimmed.firstIndex(of: ":"), FeedURL.hasScheme(trimmed) else {
            throw refuse("is a relative URL (http:// or https:// needed)")
        }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw refuse("is not an http(s) URL (\(scheme): is refused)")
        }
        let afterScheme = trimmed[trimmed.index(after: colon)...]
        guard afterScheme.hasPrefix("//") else { throw refuse("has no host (\(scheme):// needed)") }
        let rest = afterScheme.dropFirst(2)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var remainder = rest[authorityEnd...]
        if let hash = remainder.firstIndex(of: "#") { remainder = remainder[..<hash] }

        var userInfo: String?
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw refuse("has a malformed IPv6 host") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw refuse("has a malformed host")
            }
        } else if let portColon = authority.lastIndex(of: ":") {
            host = authority[..<portColon]
            portText = authority[authority.index(after: portColon)...]
        }
        guard !host.isEmpty else { throw refuse("has no host") }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(portText), (1...65535).contains(number) else {
                throw refuse("has an invalid port")
            }
            port = number == (scheme == "https" ? 443 : 80) ? nil : number
        }
        self.scheme = scheme
        self.userInfo = userInfo
        self.host = host.lowercased()
        self.port = port
        self.pathAndQuery = remainder.isEmpty || remainder.hasPrefix("?") ? "/" + remainder : String(remainder)
    }

    /// True when `text` is an http(s) URL this type accepts.
    public static func isValid(_ text: String) -> Bool { (try? HTTPURL(text)) != nil }

    /// The normalised URL.
    public var description: String {
        "\(scheme)://\(userInfo.map { "\($0)@" } ?? "")\(host)\(port.map { ":\($0)" } ?? "")\(pathAndQuery)"
    }

    /// What connection limits count as one host: scheme, host and port.
    public var hostKey: String { "\(scheme)://\(host):\(port ?? (scheme == "https" ? 443 : 80))" }

    /// The normalised URL with characters that may not travel in a request
    /// line (non-ASCII, quotes, angle brackets) percent-encoded in the path
    /// and query; the host stays as written (libcurl converts IDNs).
    public var requestString: String {
        var encoded = ""
        for byte in pathAndQuery.utf8 {
            if byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "|")
                || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "^") {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            } else {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "\(scheme)://\(userInfo.map { "\($0)@" } ?? "")\(host)\(port.map { ":\($0)" } ?? "")\(encoded)"
    }
}

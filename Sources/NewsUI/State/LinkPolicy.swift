/// Which links the reader hands to a browser: web and mail only, so a feed
/// cannot make us run `file:`, `javascript:` or custom-scheme handlers.
public enum LinkPolicy {
    public static let schemes = ["http", "https", "mailto"]

    public static func isOpenable(_ link: String) -> Bool {
        guard let colon = link.firstIndex(of: ":") else { return false }
        let scheme = link[..<colon].lowercased()
        guard schemes.contains(scheme) else { return false }
        // No whitespace or control characters: the browser gets exactly one clean argument.
        return !link.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}

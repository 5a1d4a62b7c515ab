/// The interface language, read from the locale variables themselves.
///
/// The C library is not asked: `sv_SE.UTF-8` is often not a compiled locale
/// (it is not on the machine this was written on) while the terminal still
/// runs in `C.UTF-8`, and the user's wish is in the variable either way.
public enum Language: String, CaseIterable, Hashable, Sendable {
    case english = "en"
    case swedish = "sv"

    /// POSIX precedence for messages: the first non-empty of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`. `sv`, `sv_SE.UTF-8`, `sv_FI@euro` → Swedish;
    /// anything else (including `C` and unset) → English.
    public init(environment: [String: String]) {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        self = Language(localeName: value)
    }

    public init(localeName: String) {
        let code = localeName.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }.lowercased()
        self = code == "sv" ? .swedish : .english
    }

    /// This language's strings.
    public var catalogue: Catalogue {
        switch self {
        case .english: return .english
        case .swedish: return .swedish
        }
    }
}

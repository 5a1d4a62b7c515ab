/// Where the store lives: `--store PATH`, else `$NEWSREADER_STORE`, else the
/// XDG data directory. Only the default location is seeded with the sample.
public struct StoreLocation: Hashable, Sendable {
    public enum Origin: Hashable, Sendable {
        case option, environment, defaultLocation
    }

    public var path: String
    public var origin: Origin

    public init(path: String, origin: Origin) {
        self.path = path
        self.origin = origin
    }

    /// A new store at the default location shows the bundled sample;
    /// a store named explicitly starts empty.
    public var seedsSampleWhenNew: Bool { origin == .defaultLocation }

    public static func resolve(option: String?, environment: [String: String]) -> StoreLocation {
        if let option, !option.isEmpty {
            return StoreLocation(path: option, origin: .option)
        }
        if let path = environment["NEWSREADER_STORE"], !path.isEmpty {
            return StoreLocation(path: path, origin: .environment)
        }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"] ?? "") + "/.local/share"
        }
        return StoreLocation(path: dataHome + "/newsreader/store.sqlite", origin: .defaultLocation)
    }
}

import NewsCore
import NewsModel

/// Why a sync stopped, in one line that says which failure it was. None of
/// them ever holds the password.
public enum SyncError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No `[sync]` table in the config file.
    case notConfigured
    case unknownService(String)
    /// Neither `NEWSREADER_SYNC_PASSWORD` nor `password-command`.
    case noPassword
    case passwordCommand(String)
    /// Refused, host not found, no route: the server is not there.
    case unreachable(server: String, reason: String)
    /// The server took too long to answer.
    case timedOut(server: String, reason: String)
    /// Wrong user name or password.
    case loginRefused(server: String, user: String)
    /// The account may not use the API (tt-rss: a per-user preference).
    case apiDisabled(server: String, user: String)
    /// Not the API (an HTML page, an HTTP error, JSON of another shape).
    case badAnswer(server: String, reason: String)
    /// The server said no to a request (subscribing to a URL it cannot use…).
    case refused(String)
    /// The store holds another account's articles.
    case otherAccount(stored: String, configured: String)

    public var description: String {
        switch self {
        case .notConfigured:
            return "sync is not set up: add a [sync] table to config.toml (`newsreader config --print-default` shows one)"
        case let .unknownService(name):
            return "unknown sync service '\(TerminalSafe.clean(name))' (known: \(SyncServices.names.joined(separator: ", ")))"
        case .noPassword:
            return "no sync password: set password-command in [sync], or \(SyncSettings.passwordVariable)"
        case let .passwordCommand(reason):
            return "password-command failed: \(reason)"
        case let .unreachable(server, reason):
            return "offline: cannot reach \(TerminalSafe.clean(server)) (\(reason)); local changes wait for the next sync"
        case let .timedOut(server, reason):
            return "offline: \(TerminalSafe.clean(server)) did not answer in time (\(reason)); local changes wait for the next sync"
        case let .loginRefused(server, user):
            return "\(TerminalSafe.clean(server)) refused the login of '\(TerminalSafe.clean(user))': wrong user name or password"
        case let .apiDisabled(server, user):
            return "\(TerminalSafe.clean(server)): API access is disabled for '\(TerminalSafe.clean(user))' "
                + "(turn on \"Enable API\" in the server's preferences)"
        case let .badAnswer(server, reason):
            return "\(TerminalSafe.clean(server)) gave an unexpected answer: \(TerminalSafe.clean(reason))"
        case let .refused(reason):
            return TerminalSafe.clean(reason)
        case let .otherAccount(stored, configured):
            return "this store is synced with \(TerminalSafe.clean(stored)), not \(TerminalSafe.clean(configured)); "
                + "use another store (--store) for another account"
        }
    }

    /// The server could not be reached: the reader keeps working on the store.
    public var isOffline: Bool {
        switch self {
        case .unreachable, .timedOut: return true
        default: return false
        }
    }
}

/// The services newsreader can sync with, by their config name.
public enum SyncServices {
    public static let names = ["ttrss"]

    /// The service `settings` name, logged in as its user with `password`.
    public static func make(_ settings: SyncSettings, password: String, timeout: Double,
                            userAgent: String) throws -> SyncService {
        switch settings.service {
        case "ttrss":
            return TinyTinyRSS(baseURL: settings.url, user: settings.user, password: password, timeout: timeout,
                               userAgent: userAgent)
        default:
            throw SyncError.unknownService(settings.service)
        }
    }
}

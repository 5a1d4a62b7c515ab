/// Why a store could not be opened or used, worded for a one-line message.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case notAStore(path: String, reason: String)
    case newerVersion(path: String)
    case cannotOpen(path: String, reason: String)
    case notFound(what: String)

    public var description: String {
        switch self {
        case let .notAStore(path, reason):
            return "\(path) is not a newsreader store (\(reason)); it was left untouched"
        case let .newerVersion(path):
            return "\(path) was written by a newer version of newsreader; upgrade newsreader to open it (the store was left untouched)"
        case let .cannotOpen(path, reason):
            return "cannot open the store \(path): \(reason)"
        case let .notFound(what):
            return "\(what) not found"
        }
    }
}

/// The lines `newsreader refresh --progress-fd N` writes for the reader,
/// which runs the refresh in a child process: one line per event, fields
/// separated by tabs (tabs and line breaks inside a field become spaces).
/// Lines of kinds a reader does not know are ignored, so later work (a sync
/// before the feeds) can add its own.
///
///     started <total>
///     feed <done> <total> <new posts> <feed title> <error, or nothing>
///     finished <new posts> <failures>
public enum RefreshProgress: Hashable, Sendable {
    case started(total: Int)
    case feed(done: Int, total: Int, newPosts: Int, title: String, error: String?)
    case finished(newPosts: Int, failures: Int)

    /// The line, with its line break.
    public var line: String {
        switch self {
        case let .started(total):
            return "started\t\(total)\n"
        case let .feed(done, total, newPosts, title, error):
            return "feed\t\(done)\t\(total)\t\(newPosts)\t\(Self.field(title))\t\(Self.field(error ?? ""))\n"
        case let .finished(newPosts, failures):
            return "finished\t\(newPosts)\t\(failures)\n"
        }
    }

    /// Reads one line (without its line break); nil for a kind not known or a malformed line.
    public init?(line: Substring) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        func number(_ index: Int) -> Int? { index < fields.count ? Int(fields[index]) : nil }
        switch fields.first {
        case "started":
            guard let total = number(1) else { return nil }
            self = .started(total: total)
        case "feed":
            guard fields.count >= 6, let done = number(1), let total = number(2), let newPosts = number(3) else { return nil }
            self = .feed(done: done, total: total, newPosts: newPosts, title: String(fields[4]),
                         error: fields[5].isEmpty ? nil : String(fields[5]))
        case "finished":
            guard let newPosts = number(1), let failures = number(2) else { return nil }
            self = .finished(newPosts: newPosts, failures: failures)
        default:
            return nil
        }
    }

    private static func field(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}

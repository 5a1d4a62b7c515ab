import ArgumentParser
import Foundation
import NewsCore
import NewsModel

extension PostExport.Format: ExpressibleByArgument {}

/// `newsreader export`: posts as RSS, JSON or Markdown.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write posts as an RSS feed, JSON or Markdown.",
        discussion: """
            Writes every post, or one month's (--month), or those matching a search (--query,
            same syntax as `search`), newest first, to FILE or standard output.
            RSS keeps each post's guid, title, link, author, date and HTML body, so
            `newsreader import` of the file gives the same posts back.

            Examples:
              newsreader export --format rss --month 2021-12 december.xml
              newsreader export --format markdown --query upphandling
              newsreader export --format json > all.json
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The format of the output.")
    var format: PostExport.Format = .rss
    @Option(parsing: .unconditional, help: ArgumentHelp("Only posts of this month (UTC).", valueName: "YYYY-MM"))
    var month: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only posts matching this search (it may start with -).", valueName: "query"))
    var query: String?
    @Argument(help: ArgumentHelp("Where to write (default: standard output).", valueName: "file"))
    var file: String?

    func validate() throws {
        if let month { try ListOptions.validate(month: month) }
        if let query {
            let searchQuery = SearchQuery(query)
            if let problem = searchQuery.problem { throw ValidationError("--query: \(problem)") }
            if searchQuery.isEmpty { throw ValidationError("--query has no words to search for (got '\(query)')") }
        }
    }

    func run() throws {
        let database = try store.openForReading()
        let searchQuery = query.map(SearchQuery.init)
        let filter: PostFilter = month.map { .month($0) } ?? .all
        try reportingFailures {
            let feeds = try database.feedTitles(filter: filter, query: searchQuery, limit: 2)
            var title = feeds.count == 1 ? feeds.first! : "newsreader"
            if let month { title += " – " + UTCDate.monthLabel(month) }
            // Each article is written as it is read; a file appears whole, or not at all.
            let output = try file.flatMap { $0 == "-" ? nil : try ExportFile(path: $0) }
            let sink = TextSink(fileDescriptor: output?.fileDescriptor ?? STDOUT_FILENO)
            var writer = PostExport.Writer(format: format, title: title, sink: sink)
            try database.forEachArticle(filter: filter, query: searchQuery, html: format != .markdown,
                                         rendering: format != .rss) { article in
                writer.write(article)
                try sink.flushIfFull()
            }
            writer.finish()
            try sink.flush()
            try output?.commit()
        }
    }
}

/// The file an export writes: a temporary file beside it, renamed to its
/// name once the export is whole (a failure removes it, leaving whatever
/// was there before). A device or a pipe (`/dev/stdout`) is written directly.
final class ExportFile {
    let path: String
    /// Nil when writing to `path` itself.
    let temporaryPath: String?
    let fileDescriptor: Int32
    private var committed = false

    init(path: String) throws {
        self.path = path
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            temporaryPath = nil
        } else {
            let url = URL(fileURLWithPath: path)
            temporaryPath = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        }
        fileDescriptor = open(temporaryPath ?? path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fileDescriptor >= 0 else { throw Self.failure(path) }
    }

    func commit() throws {
        committed = true
        guard close(fileDescriptor) == 0 else { throw Self.failure(path) }
        if let temporaryPath, rename(temporaryPath, path) != 0 {
            let failure = Self.failure(path)
            unlink(temporaryPath)
            throw failure
        }
    }

    private static func failure(_ path: String) -> ExportFileError {
        ExportFileError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }

    deinit {
        if !committed {
            close(fileDescriptor)
            if let temporaryPath { unlink(temporaryPath) }
        }
    }
}

struct ExportFileError: Error, CustomStringConvertible {
    var description: String
}

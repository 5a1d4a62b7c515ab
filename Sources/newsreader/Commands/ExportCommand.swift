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
        let articles = try reportingFailures {
            try PostExport.articles(database, filter: month.map { .month($0) } ?? .all, query: searchQuery,
                                    rendering: format != .rss)
        }
        let feeds = Set(articles.map(\.feedTitle))
        var title = feeds.count == 1 ? feeds.first! : "newsreader"
        if let month { title += " – " + UTCDate.monthLabel(month) }
        let text = PostExport.render(articles, as: format, title: title)
        if let file, file != "-" {
            try reportingFailures { try Data(text.utf8).write(to: URL(fileURLWithPath: file)) }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

import ArgumentParser
import NewsCore
import NewsModel

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List posts, newest first.",
        discussion: """
            Examples:
              newsreader list --month 2021-12
              newsreader list --limit 5 --json
              newsreader list --feed 3 --unread
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: ListOptions
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Only posts of this feed (id, URL or title, as `feeds` prints them).", valueName: "feed"))
    var feed: String?
    @Flag(help: "Only unread posts.")
    var unread = false
    @Flag(help: "Only starred posts.")
    var starred = false

    func run() throws {
        let database = try store.openForReading()
        try reportingFailures {
            let selection = PostSelection(month: options.month, feedID: try feed.map { try FeedArgument.id(of: $0, in: database) },
                                          unreadOnly: unread, starredOnly: starred)
            let limit = options.limit ?? Int.max
            var printer = options.printer(idWidth: PostPrinter.width(of: try database.largestID(selection, limit: limit)))
            try database.forEachPost(selection, limit: limit, text: printer.listedText) { try printer.print($0) }
            try printer.finish()
        }
    }
}

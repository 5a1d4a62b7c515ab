import ArgumentParser
import NewsCore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List posts, newest first.",
        discussion: """
            Examples:
              newsreader list --month 2021-12
              newsreader list --limit 5 --json
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: ListOptions

    func run() throws {
        let database = try store.openForReading()
        let posts = try reportingFailures {
            try database.posts(options.filter, limit: options.limit ?? Int.max)
        }
        try options.print(posts, from: database)
    }
}

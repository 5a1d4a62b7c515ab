import ArgumentParser
import NewsCore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search posts by keyword, best match first.",
        discussion: """
            Every word must match, as a word or the start of one (upphandl finds upphandling).
            Case does not matter; å, ä and ö are letters of their own.
            Examples: newsreader search upphandling; newsreader search "due diligence" --json
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The words to search for.")
    var query: String
    @OptionGroup var options: ListOptions

    func run() throws {
        let database = try store.open()
        let posts = try reportingFailures {
            try database.search(SearchQuery(query), filter: options.filter, limit: options.limit ?? 10_000)
        }
        if posts.isEmpty && !options.json {
            Console.error("no match for '\(query)'")
            return
        }
        try options.print(posts)
    }
}

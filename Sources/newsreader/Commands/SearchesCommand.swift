import ArgumentParser
import NewsCore
import NewsModel

/// `newsreader searches`: the searches saved in the reader (`S` on search
/// results), with how many posts match each now; `--remove NAME` forgets one.
struct SearchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "searches",
        abstract: "List the saved searches with their counts, or remove one.",
        discussion: """
            One line per search: its name, how many posts match it now, and the query.
            Searches are saved in the reader: search with /, then S names the results.

            Example: newsreader searches --remove "Upphandling"
            """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON: [{\"name\":\"Upphandling\",\"query\":\"upphandling -krav\",\"count\":12}, ...].")
    var json = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Remove the saved search of this name.", valueName: "name"))
    var remove: String?

    func run() throws {
        if let remove {
            let database = try store.openForChanges()
            let removed = try reportingFailures { try database.removeSavedSearch(name: remove) }
            guard removed else {
                Console.error("no saved search named '\(TerminalSafe.clean(remove))' (newsreader searches lists them)")
                throw ExitCode(1)
            }
            print("Removed the saved search \(TerminalSafe.clean(remove)).")
            return
        }
        let database = try store.openForReading()
        let searches = try reportingFailures { try database.savedSearches() }
        if json {
            try JSONOutput.print(searches)
            return
        }
        let nameWidth = min(30, searches.map { DisplayWidth.of(TerminalSafe.clean($0.name)) }.max() ?? 0)
        let countWidth = searches.map { String($0.count).count }.max() ?? 1
        for search in searches {
            let count = String(search.count)
            print(DisplayWidth.fit(TerminalSafe.clean(search.name), to: nameWidth) + "  "
                  + String(repeating: " ", count: countWidth - count.count) + count + "  " + TerminalSafe.clean(search.query))
        }
    }
}

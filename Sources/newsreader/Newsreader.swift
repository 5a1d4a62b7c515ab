import ArgumentParser
import NewsCore

@main
struct Newsreader: ParsableCommand {
    static let version = "0.1.0"

    /// The HTTP client every command uses: `User-Agent: newsreader/<version>`.
    static func fetcher(timeout: Double = 60) -> FeedFetcher {
        FeedFetcher(timeout: timeout, userAgent: "newsreader/\(version)")
    }

    static let configuration = CommandConfiguration(
        commandName: "newsreader",
        abstract: "A terminal news reader with a local archive of posts.",
        discussion: """
            With no subcommand, opens the reader on the store: archive, list and article panes.
            The store is --store PATH, else $NEWSREADER_STORE, else
            $XDG_DATA_HOME/newsreader/store.sqlite (~/.local/share/newsreader/store.sqlite);
            a new default store starts with the bundled Swedish sample. Commands that only
            read (list, months, search, show, feeds, export) never create or change the store.
            Settings, key bindings and colours: $XDG_CONFIG_HOME/newsreader/config.toml
            (see `newsreader config --print-default`). The interface is Swedish when
            LC_ALL, LC_MESSAGES or LANG (the first one set) is sv_*, English otherwise.

            Examples:
              newsreader                       open the reader
              newsreader months --json         archive months with post counts
              newsreader list --month 2021-12  posts of December 2021
              newsreader search upphandling    posts about procurement
              newsreader show 3                read post 3 as plain text
              newsreader mark --read 3 4       mark posts 3 and 4 read
              newsreader sync                  sync with the Tiny Tiny RSS server of
                                               config.toml's [sync] table
              newsreader export --month 2021-12 december.xml
                                               a month as an RSS feed
            """,
        version: version,
        subcommands: [MonthsCommand.self, ListCommand.self, SearchCommand.self, ShowCommand.self, SearchesCommand.self,
                      MarkCommand.self, ImportCommand.self, FeedsCommand.self, AddCommand.self, RemoveCommand.self,
                      RefreshCommand.self, SyncCommand.self, OPMLCommand.self, ExportCommand.self, ConfigCommand.self,
                      ManualPageCommand.self]
    )

    @OptionGroup var store: StoreOptions

    /// One-line usage errors and the same exit statuses for every command (see `ExitStatus`).
    static func main() {
        ExitStatus.run(self, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    mutating func run() throws {
        let database = try store.open()
        try ReaderCommand.run(database: database)
    }
}

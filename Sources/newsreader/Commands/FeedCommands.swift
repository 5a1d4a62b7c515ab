import ArgumentParser
import Foundation
import NewsCore

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "List feeds with URL, title, post count, last fetch and last error.",
        discussion: "Example: newsreader feeds --json")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON: [{\"id\":1,\"url\":...,\"title\":...,\"posts\":10,\"lastFetched\":\"2021-12-14T09:00:00Z\",\"lastError\":null}, ...].")
    var json = false

    func run() throws {
        let database = try store.openForReading()
        let statuses = try reportingFailures { try database.feedStatuses() }
        if json {
            try JSONOutput.print(statuses.map(FeedJSON.init))
            return
        }
        for status in statuses {
            let feed = status.feed
            let fetched = feed.lastFetched.map { UTCDate(seconds: $0).iso8601 } ?? "never fetched"
            print("\(feed.id ?? 0)  \(TerminalSafe.clean(feed.title))  (\(status.postCount) posts)")
            let origin = feed.source.map { "not subscribed (imported from \($0))" } ?? "not subscribed (imported posts)"
            print("    \(TerminalSafe.clean(feed.url ?? origin))  \(feed.url == nil ? "" : fetched)")
            if let error = feed.lastError { print("    last error: \(TerminalSafe.clean(error))") }
        }
    }
}

struct FeedJSON: Encodable {
    var id: Int64
    var url: String?
    var title: String
    var link: String?
    var posts: Int
    var lastFetched: String?
    var lastError: String?

    init(_ status: FeedStatus) {
        id = status.feed.id ?? 0
        url = status.feed.url
        title = status.feed.title
        link = status.feed.link
        posts = status.postCount
        lastFetched = status.feed.lastFetched.map { UTCDate(seconds: $0).iso8601 }
        lastError = status.feed.lastError
    }

    func encode(to encoder: Encoder) throws {
        // Nulls are written, so every object has the same keys.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(link, forKey: .link)
        try container.encode(posts, forKey: .posts)
        try container.encode(lastFetched, forKey: .lastFetched)
        try container.encode(lastError, forKey: .lastError)
    }

    enum CodingKeys: String, CodingKey { case id, url, title, link, posts, lastFetched, lastError }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Subscribe to a feed URL and fetch it.",
        discussion: "Example: newsreader add https://example.com/feed.xml")

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The feed's http(s) URL.", valueName: "url"))
    var url: String
    @Flag(help: "Subscribe without fetching now.")
    var noFetch = false

    func validate() throws {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), URL(string: url)?.host != nil else {
            throw ValidationError("'\(url)' is not an http(s) URL")
        }
    }

    func run() throws {
        let database = try store.open()
        let feed = try reportingFailures { try database.subscribe(url: url) }
        print("Subscribed to \(TerminalSafe.clean(url)) (feed \(feed.id ?? 0)).")
        guard !noFetch else { return }
        let statuses = try reportingFailures { try database.subscribedFeeds().filter { $0.feed.id == feed.id } }
        let outcomes = FeedRefresher(database: database, fetcher: Newsreader.fetcher()).refresh(statuses)
        try RefreshCommand.report(outcomes)
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Unsubscribe from a feed; its posts stay unless --purge.",
        discussion: "Example: newsreader remove 3 --yes --purge")

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The feed's id, URL or title, as `feeds` prints them.", valueName: "feed"))
    var feed: String
    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false
    @Flag(help: "Delete the feed's posts too.")
    var purge = false

    func run() throws {
        let database = try store.openForChanges()
        let found = try reportingFailures { () throws -> Feed in
            guard let found = try database.findFeed(feed) else { throw StoreError.notFound(what: "feed '\(feed)'") }
            return found
        }
        let title = TerminalSafe.clean(found.title)
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                Console.error("remove needs --yes when standard input is not a terminal")
                throw ExitCode(1)
            }
            print("Remove \(title)\(purge ? " and delete its posts" : "")? [y/N] ", terminator: "")
            guard let answer = readLine(), ["y", "yes", "j", "ja"].contains(answer.lowercased()) else {
                print("Nothing removed.")
                return
            }
        }
        let deleted = try reportingFailures { try database.removeFeed(id: found.id!, purge: purge) }
        print(purge ? "Removed \(title) and \(deleted) posts." : "Unsubscribed from \(title); its posts stay in the archive.")
    }
}

struct RefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch subscribed feeds (all, or those named), several at once.",
        discussion: """
            Uses conditional GET (ETag, Last-Modified): an unchanged feed costs no parsing.
            A feed that fails keeps its posts and records its error (see `feeds`); the
            others go on. The exit status is 1 when any feed failed.

            Example: newsreader refresh
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("Feeds by id, URL or title (default: every subscribed feed).", valueName: "feed"))
    var feeds: [String] = []
    @Option(help: "Seconds before a fetch gives up.")
    var timeout: Double = 30

    func run() throws {
        let database = try store.openForChanges()
        let statuses = try reportingFailures { () throws -> [FeedStatus] in
            let subscribed = try database.subscribedFeeds()
            guard !feeds.isEmpty else { return subscribed }
            return try feeds.map { name in
                guard let feed = try database.findFeed(name), let status = subscribed.first(where: { $0.feed.id == feed.id }) else {
                    throw StoreError.notFound(what: "subscribed feed '\(name)'")
                }
                return status
            }
        }
        if statuses.isEmpty {
            print("No subscribed feeds; add one with: newsreader add URL")
            return
        }
        // The progress line goes to standard error, so it is shown when that is a terminal.
        let showProgress = isatty(STDERR_FILENO) != 0
        let refresher = FeedRefresher(database: database, fetcher: Newsreader.fetcher(timeout: timeout))
        let outcomes = refresher.refresh(statuses, progress: { done, total, outcome in
            guard showProgress else { return }
            let line = DisplayWidth.truncate("Refreshing \(done)/\(total): \(TerminalSafe.clean(outcome.feed.title))",
                                             to: Console.width - 1)
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        })
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try Self.report(outcomes)
    }

    /// One line per feed; exit status 1 when any feed failed.
    static func report(_ outcomes: [RefreshOutcome]) throws {
        var failed = false
        for outcome in outcomes {
            let name = TerminalSafe.clean(outcome.feed.url ?? outcome.feed.title)
            let time = String(format: "%.2f s", outcome.seconds)
            switch outcome.result {
            case .imported(let result):
                print("\(name): \(TerminalSafe.clean(result.feedTitle)): \(result.counts.new) new, \(result.counts.updated) updated, "
                    + "\(result.counts.unchanged + result.skipped) skipped, \(time)")
            case .notModified:
                print("\(name): not modified, \(time)")
            case .postponed(let until):
                print("\(name): postponed until \(UTCDate(seconds: until).iso8601) (server asked to retry later)")
            case .failed(let message):
                Console.error("\(name): \(message)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

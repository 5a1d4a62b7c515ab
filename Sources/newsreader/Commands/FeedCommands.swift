import ArgumentParser
import Foundation
import NewsCore
import NewsModel

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "List feeds with their post and unread counts, last fetch and last error.",
        discussion: """
            One row per feed: id, title, posts, unread, when it was last fetched, its URL
            (or "imported" for posts that came from a file; for a feed of the sync server,
            the URL the server fetches, and "sync server"); a feed whose last fetch
            failed has its error and its time on the line below, and a feed that
            answered 410 Gone says so (refresh skips it; `refresh FEED` tries it again).

            Example: newsreader feeds --json
            """)

    @OptionGroup var store: StoreOptions
    @Flag(help: ArgumentHelp("""
        Print JSON: [{"id":1,"title":...,"url":...,"site":...,"posts":10,"unread":2,\
        "last_fetch":"2021-12-14T09:00:00Z","last_error":null,"last_error_at":null,"gone":false}, ...].
        """))
    var json = false

    func run() throws {
        let database = try store.openForReading()
        let statuses = try reportingFailures { try database.feedStatuses() }
        if json {
            try JSONOutput.print(statuses.map(FeedJSON.init))
            return
        }
        let synced = try reportingFailures { try database.syncedFeeds(all: true) }
        for line in Self.table(statuses, synced: synced) { print(line) }
    }

    /// Aligned columns; titles longer than 40 columns are cut. A server's
    /// feeds (`synced`) are fetched by the server: its address for them instead.
    static func table(_ statuses: [FeedStatus], synced: [SyncedFeed] = []) -> [String] {
        let syncedByID = Dictionary(synced.map { ($0.feedID, $0) }) { first, _ in first }
        func source(_ feed: Feed) -> String {
            if let url = feed.url { return TerminalSafe.clean(url) }
            guard let remote = syncedByID[feed.id ?? 0] else {
                return feed.source.map { "imported from " + TerminalSafe.clean($0) } ?? "imported"
            }
            let category = remote.category.map { ", \(TerminalSafe.clean($0))" } ?? ""
            return TerminalSafe.clean(remote.url ?? "") + " (\(remote.subscribed ? "" : "no longer on the ")sync server\(category))"
        }
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        func time(_ seconds: Int64?) -> String {
            guard let seconds else { return "never" }
            let date = UTCDate(seconds: seconds)
            return String(date.iso8601.replacingOccurrences(of: "T", with: " ").prefix(16)) + " UTC"
        }
        let rows = statuses.map { status -> [String] in
            [String(status.feed.id ?? 0), TerminalSafe.clean(status.feed.title), plural(status.postCount, "post"),
             "\(status.unreadCount) unread", status.feed.url == nil ? "" : time(status.feed.lastFetched),
             source(status.feed)]
        }
        var widths = (0..<6).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        widths[1] = min(widths[1], 40)
        var lines: [String] = []
        for (status, row) in zip(statuses, rows) {
            let id = String(repeating: " ", count: widths[0] - row[0].count) + row[0]
            let cells = [id, DisplayWidth.fit(row[1], to: widths[1]), DisplayWidth.fit(row[2], to: widths[2]),
                         DisplayWidth.fit(row[3], to: widths[3]), DisplayWidth.fit(row[4], to: widths[4]), row[5]]
            lines.append(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            let indent = String(repeating: " ", count: widths[0] + 2)
            if status.isGone {
                lines.append(indent + "gone: the server answered 410 Gone; refresh skips it "
                    + "(`newsreader refresh \(status.feed.id ?? 0)` tries again)")
            } else if let error = status.feed.lastError {
                lines.append(indent + "last error, \(time(status.lastErrorAt ?? status.feed.lastFetched)): \(TerminalSafe.clean(error))")
            }
        }
        return lines
    }
}

/// The JSON shape of a feed in `feeds --json`: a contract for scripts.
struct FeedJSON: Encodable {
    var status: FeedStatus

    init(_ status: FeedStatus) { self.status = status }

    enum CodingKeys: String, CodingKey {
        case id, title, url, site, posts, unread, gone
        case lastFetch = "last_fetch", lastError = "last_error", lastErrorAt = "last_error_at"
    }

    func encode(to encoder: Encoder) throws {
        // Nulls are written, so every object has the same keys.
        let feed = status.feed
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(feed.id ?? 0, forKey: .id)
        try container.encode(feed.title, forKey: .title)
        try container.encode(feed.url, forKey: .url)
        try container.encode(feed.link, forKey: .site)
        try container.encode(status.postCount, forKey: .posts)
        try container.encode(status.unreadCount, forKey: .unread)
        try container.encode(feed.lastFetched.map { UTCDate(seconds: $0).iso8601 }, forKey: .lastFetch)
        try container.encode(feed.lastError, forKey: .lastError)
        try container.encode((status.lastErrorAt ?? (feed.lastError == nil ? nil : feed.lastFetched)).map { UTCDate(seconds: $0).iso8601 },
                             forKey: .lastErrorAt)
        try container.encode(status.isGone, forKey: .gone)
    }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Subscribe to a feed URL, after fetching it to check it is a feed.",
        discussion: """
            The URL is fetched first, and only a feed (RSS, Atom or RDF) is subscribed to,
            with its posts: a 404, a refused connection, an unknown host, a timeout or a
            page that is not a feed prints one line, exits 1 and subscribes nothing. A web
            page that names feeds (<link rel="alternate" type="application/rss+xml">)
            subscribes to the first one and lists the others. A feed already subscribed to
            (URLs compared without case in scheme and host, default port, fragment) prints
            "Already subscribed" and exits 0.

            With [sync] set in config.toml, subscribes on the sync server instead (which
            checks the URL and fetches the feed), then syncs.

            Examples:
              newsreader add https://example.com/feed.xml
              newsreader add https://example.com/        (the feed the page names)
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The feed's (or a web page's) http(s) URL.", valueName: "url"))
    var url: String
    @Flag(help: "Subscribe without fetching now (nothing is checked).")
    var noFetch = false
    @Option(help: "Seconds before the fetch gives up.")
    var timeout: Double = 60

    func validate() throws {
        do { _ = try HTTPURL(url) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let database = try store.open()
        if let settings = try reportingFailures({ try SyncSetup.configured() }) {
            return try SyncSetup.add(database, settings: settings, url: url)
        }
        if noFetch {
            if let existing = try reportingFailures({ try database.subscribedFeed(matching: url) }) {
                print("Already subscribed to \(TerminalSafe.clean(existing.url ?? url)) (feed \(existing.id ?? 0)).")
                return
            }
            let feed = try reportingFailures { try database.subscribe(url: url) }
            print("Subscribed to \(TerminalSafe.clean(feed.url ?? url)) (feed \(feed.id ?? 0)), not fetched yet.")
            return
        }
        let subscriber = FeedSubscriber(database: database, fetcher: Newsreader.fetcher(timeout: timeout))
        let outcome = try reportingFailures { try subscriber.subscribe(url) }
        func listFound(_ page: String?, _ alternates: [FeedDiscovery.Alternate]) {
            guard let page, !alternates.isEmpty else { return }
            print("\(TerminalSafe.clean(page)) names \(alternates.count == 1 ? "a feed" : "\(alternates.count) feeds"):")
            for (index, alternate) in alternates.enumerated() {
                let title = alternate.title.map { "  \(TerminalSafe.clean($0))" } ?? ""
                print("  \(index == 0 ? "*" : " ") \(TerminalSafe.clean(alternate.url))\(title)")
            }
        }
        switch outcome {
        case let .alreadySubscribed(feed, page, alternates):
            listFound(page, alternates)
            print("Already subscribed to \(TerminalSafe.clean(feed.url ?? url)) (feed \(feed.id ?? 0)): \(TerminalSafe.clean(feed.title)).")
        case let .subscribed(feed, result, page, alternates):
            listFound(page, alternates)
            let skipped = result.counts.unchanged + result.skipped
            print("Subscribed to \(TerminalSafe.clean(feed.url ?? url)) (feed \(feed.id ?? 0)): "
                + "\(TerminalSafe.clean(result.feedTitle)): \(result.counts.new) new, \(result.counts.updated) updated, "
                + "\(skipped) skipped.")
        }
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Unsubscribe from a feed; its posts stay unless --purge.",
        discussion: """
            A feed of the sync server is unsubscribed there first.

            Example: newsreader remove 3 --yes --purge
            """)

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
        try SyncSetup.unsubscribe(database, feed: found)
        let deleted = try reportingFailures { try database.removeFeed(id: found.id!, purge: purge) }
        print(purge ? "Removed \(title) and \(deleted) posts." : "Unsubscribed from \(title); its posts stay in the archive.")
    }
}

struct RefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch subscribed feeds (all, or those named), several at once.",
        discussion: """
            Every request goes out at once, at most two per host. Uses conditional GET
            (ETag, Last-Modified): an unchanged feed costs no parsing. A feed that fails
            keeps its posts and records its error (see `feeds`); the others go on. A
            server's Retry-After postpones its feed (a week at most); a feed that answered
            410 Gone is skipped; naming a feed fetches it anyway. A 301 or 308 moves the
            subscription to the new URL. The exit status is 1 when any feed failed.

            With [sync] set in config.toml, refresh is `newsreader sync` (named feeds are
            first fetched by the server): one line, exit status 1 when the server cannot
            be reached.

            Example: newsreader refresh
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("Feeds by id, URL or title (default: every subscribed feed).", valueName: "feed"))
    var feeds: [String] = []
    @Option(help: "Seconds before a feed's fetch gives up.")
    var timeout: Double = 60
    /// For the reader, which runs `R` in a child process: machine-readable
    /// progress on this descriptor (see `RefreshProgress`), nothing on standard output.
    @Option(help: ArgumentHelp(visibility: .private))
    var progressFd: Int32?

    func run() throws {
        if let settings = try reportingFailures({ try SyncSetup.configured() }) {
            // A sync writes what the server has: into a real store, created if need be.
            return try SyncSetup.refresh(try store.open(), settings: settings, feeds: feeds, timeout: timeout,
                                         channel: progressFd.map(ProgressChannel.init))
        }
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
        let channel = progressFd.map(ProgressChannel.init)
        channel?.send(.started(total: statuses.count))
        if statuses.isEmpty {
            channel?.send(.finished(newPosts: 0, failures: 0))
            if channel == nil { print("No subscribed feeds; add one with: newsreader add URL") }
            return
        }
        // The progress line goes to standard error, so it is shown when that is a terminal.
        let showProgress = channel == nil && isatty(STDERR_FILENO) != 0
        let refresher = FeedRefresher(database: database, fetcher: Newsreader.fetcher(timeout: timeout))
        let outcomes = refresher.refresh(statuses, explicit: !feeds.isEmpty, progress: { done, total, outcome in
            if let channel {
                channel.send(.feed(done: done, total: total, newPosts: outcome.newPosts, title: outcome.feed.title,
                                   error: outcome.failure))
            } else if showProgress {
                let line = DisplayWidth.truncate("Refreshing \(done)/\(total): \(TerminalSafe.clean(outcome.feed.title))",
                                                 to: Console.width - 1)
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            }
        })
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let channel {
            channel.send(.finished(newPosts: outcomes.reduce(0) { $0 + $1.newPosts },
                                   failures: outcomes.filter { $0.failure != nil }.count))
            if outcomes.contains(where: { $0.failure != nil }) { throw ExitCode(1) }
            return
        }
        try Self.report(outcomes)
    }

    /// One line per feed; exit status 1 when any feed failed.
    static func report(_ outcomes: [RefreshOutcome]) throws {
        var failed = false
        for outcome in outcomes {
            let name = TerminalSafe.clean(outcome.feed.url ?? outcome.feed.title)
            let time = String(format: "%.2f s", outcome.seconds)
            let moved = outcome.movedTo.map { " (moved for good to \(TerminalSafe.clean($0)))" } ?? ""
            switch outcome.result {
            case .imported(let result):
                print("\(name): \(TerminalSafe.clean(result.feedTitle)): \(result.counts.new) new, \(result.counts.updated) updated, "
                    + "\(result.counts.unchanged + result.skipped) skipped, \(time)\(moved)")
            case .notModified:
                print("\(name): not modified, \(time)\(moved)")
            case .postponed(let until):
                print("\(name): postponed until \(UTCDate(seconds: until).iso8601) (the server asked to retry later; "
                    + "name the feed to fetch it now)")
            case .gone:
                print("\(name): gone (410), not fetched; name the feed to try it again")
            case .failed(let message):
                Console.error("\(name): \(message)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// Writes `RefreshProgress` lines to a descriptor the reader gave.
struct ProgressChannel {
    let descriptor: Int32

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
        // The reader gone (the pipe closed) is no reason to die mid-transaction.
        signal(SIGPIPE, SIG_IGN)
    }

    func send(_ progress: RefreshProgress) {
        let bytes = Array(progress.line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

extension RefreshOutcome {
    var newPosts: Int {
        if case .imported(let result) = result { return result.counts.new }
        return 0
    }

    var failure: String? {
        if case .failed(let message) = result { return message }
        return nil
    }
}

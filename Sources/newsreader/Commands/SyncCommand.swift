import ArgumentParser
import Foundation
import NewsConfig
import NewsCore
import NewsModel
import NewsSync

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync the store with the feed server set in config.toml's [sync] table.",
        discussion: """
            Pushes local read, unread, star and unstar changes, then brings down the
            server's feeds (with its titles), new articles with their bodies, page by
            page, and the read and starred state. A local change not yet pushed wins
            over the server's older state. An interrupted sync keeps what it wrote and
            the next one goes on from there. Prints one line: feeds, new articles,
            changes up and down, time. When the server cannot be reached, the line
            says why and the exit status is 1; nothing is lost.

            Needs [sync] in config.toml (service = "ttrss", url, user, and
            password-command) or the password in $NEWSREADER_SYNC_PASSWORD.

            Examples:
              newsreader sync
              newsreader sync --json
            """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON: {\"feeds\":20,\"new\":12,\"updated\":0,\"up\":3,\"down\":5,\"seconds\":0.41,...}.")
    var json = false
    @Flag(help: "Compare every unread article with the server (otherwise done twice a day).")
    var everything = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds before a call to the server gives up.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        if !(timeout > 0) { throw ValidationError("--timeout takes a number of seconds above 0 (got \(timeout))") }
    }

    func run() throws {
        let settings = try reportingFailures { () throws -> SyncSettings in
            guard let settings = try SyncSetup.configured() else { throw SyncError.notConfigured }
            return settings
        }
        let database = try store.open()
        try SyncSetup.sync(database, settings: settings, json: json, everything: everything, timeout: timeout)
    }
}

/// The `[sync]` table put to work for `sync`, `refresh`, `add` and `remove`.
enum SyncSetup {
    /// The config file's `[sync]` settings; nil when the file has none. A
    /// broken table is an error: no sync on half a table, and no refresh
    /// behind the server's back either.
    static func configured(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SyncSettings? {
        guard let path = ConfigFile.defaultPath(environment: environment) else { return nil }
        let contents = ConfigFile.read(path: path)
        if let problem = contents.syncProblems.first {
            throw ValidationError("config: \(problem)")
        }
        return contents.sync
    }

    /// An engine for `settings`, with the password asked for now.
    static func engine(_ database: AppDatabase, settings: SyncSettings, timeout: Double = 30) throws -> SyncEngine {
        let password = try settings.password(environment: ProcessInfo.processInfo.environment)
        let service = try SyncServices.make(settings, password: password, timeout: timeout,
                                            userAgent: "newsreader/\(Newsreader.version)")
        return SyncEngine(database: database, service: service, settings: settings)
    }

    /// Runs one sync and prints its line (or its JSON); a failure is one line
    /// and exit status 1. With `channel` (the reader's `R`), the outcome goes
    /// there as one feed's progress: the reader's status line shows its line.
    static func sync(_ database: AppDatabase, settings: SyncSettings, json: Bool = false, everything: Bool = false,
                     timeout: Double = 30, channel: ProgressChannel? = nil) throws {
        if let channel {
            channel.send(.started(total: 1))
            let title = "Sync"
            do {
                let report = try engine(database, settings: settings, timeout: timeout).run(compareEverything: everything)
                channel.send(.feed(done: 1, total: 1, newPosts: report.newArticles, title: title, error: nil))
                channel.send(.finished(newPosts: report.newArticles, failures: 0))
                return
            } catch {
                channel.send(.feed(done: 1, total: 1, newPosts: 0, title: title, error: "\(error)"))
                channel.send(.finished(newPosts: 0, failures: 1))
                throw ExitCode(1)
            }
        }
        let report = try reportingFailures { () throws -> SyncReport in
            let engine = try engine(database, settings: settings, timeout: timeout)
            let progress = ProgressLine()
            engine.progress = { step in
                switch step.step {
                case .pushing: progress.show("Syncing: sending changes")
                case .feeds: progress.show("Syncing: feeds")
                case .articles: progress.show("Syncing: \(step.articles) articles")
                case .state: progress.show("Syncing: read and starred state")
                }
            }
            defer { progress.clear() }
            return try engine.run(compareEverything: everything)
        }
        if json {
            try JSONOutput.print(SyncReportJSON(report))
        } else {
            print(line(report))
        }
    }

    /// `Synced with URL as USER: 20 feeds, 12 new articles, 3 changes up, 5 down, 0.41 s`.
    static func line(_ report: SyncReport) -> String {
        var feeds = "\(report.feeds) feeds"
        let feedChanges = [report.feedsAdded > 0 ? "\(report.feedsAdded) added" : nil,
                           report.feedsRemoved > 0 ? "\(report.feedsRemoved) removed" : nil].compactMap { $0 }
        if !feedChanges.isEmpty { feeds += " (\(feedChanges.joined(separator: ", ")))" }
        var parts = [feeds, "\(report.newArticles) new articles"]
        if report.updatedArticles > 0 { parts.append("\(report.updatedArticles) updated") }
        parts += ["\(report.changesUp) changes up", "\(report.changesDown) down", String(format: "%.2f s", report.seconds)]
        return "Synced with \(TerminalSafe.clean(report.server)) as \(TerminalSafe.clean(report.user)): "
            + parts.joined(separator: ", ")
    }
}

/// A one-line progress report on standard error, when that is a terminal.
final class ProgressLine {
    private let enabled = isatty(STDERR_FILENO) != 0
    private var shown = false

    func show(_ text: String) {
        guard enabled else { return }
        let line = DisplayWidth.truncate(TerminalSafe.clean(text), to: Console.width - 1)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}

/// `sync --json`: a contract for scripts.
struct SyncReportJSON: Encodable {
    var server: String
    var user: String
    var feeds: Int
    var feedsAdded: Int
    var feedsRemoved: Int
    var new: Int
    var updated: Int
    var up: Int
    var down: Int
    var comparedEverything: Bool
    var seconds: Double
    var serverSeconds: Double
    var readingSeconds: Double
    var storeSeconds: Double

    init(_ report: SyncReport) {
        server = report.server
        user = report.user
        feeds = report.feeds
        feedsAdded = report.feedsAdded
        feedsRemoved = report.feedsRemoved
        new = report.newArticles
        updated = report.updatedArticles
        up = report.changesUp
        down = report.changesDown
        comparedEverything = report.comparedEverything
        seconds = (report.seconds * 1000).rounded() / 1000
        serverSeconds = (report.serverSeconds * 1000).rounded() / 1000
        readingSeconds = (report.readingSeconds * 1000).rounded() / 1000
        storeSeconds = (report.storeSeconds * 1000).rounded() / 1000
    }

    enum CodingKeys: String, CodingKey {
        case server, user, feeds, new, updated, up, down, seconds
        case feedsAdded = "feeds_added"
        case feedsRemoved = "feeds_removed"
        case comparedEverything = "compared_everything"
        case serverSeconds = "server_seconds"
        case readingSeconds = "reading_seconds"
        case storeSeconds = "store_seconds"
    }
}

/// `refresh`, `add` and `remove` when the store syncs with a server.
extension SyncSetup {
    /// `refresh [FEED…]`: a sync; named feeds are first fetched by the server.
    static func refresh(_ database: AppDatabase, settings: SyncSettings, feeds names: [String], timeout: Double,
                        channel: ProgressChannel? = nil) throws {
        if !names.isEmpty {
            try reportingFailures {
                let feeds = try names.map { name -> SyncedFeed in
                    guard let feed = try database.findFeed(name), let synced = try database.syncedFeed(feedID: feed.id!),
                          synced.subscribed else {
                        throw StoreError.notFound(what: "feed '\(name)' on the sync server")
                    }
                    return synced
                }
                try engine(database, settings: settings, timeout: timeout).updateFeeds(feeds)
            }
        }
        try sync(database, settings: settings, timeout: timeout, channel: channel)
    }

    /// `add URL`: the server subscribes (and checks the URL), fetches the feed, and a sync brings it.
    static func add(_ database: AppDatabase, settings: SyncSettings, url: String) throws {
        let (subscription, report) = try reportingFailures {
            try engine(database, settings: settings).subscribe(url: url)
        }
        let server = TerminalSafe.clean(settings.displayURL)
        switch subscription {
        case .alreadySubscribed:
            print("Already subscribed to \(TerminalSafe.clean(url)) on \(server).")
        case .subscribed:
            print("Subscribed to \(TerminalSafe.clean(url)) on \(server).")
        }
        if let report { print(line(report)) }
    }

    /// `remove FEED` of a server feed: unsubscribed on the server first. A
    /// store whose config has no `[sync]` any more removes it locally only.
    static func unsubscribe(_ database: AppDatabase, feed: Feed) throws {
        guard let settings = try reportingFailures({ try configured() }),
              let synced = try reportingFailures({ try database.syncedFeed(feedID: feed.id!) }), synced.subscribed else { return }
        try reportingFailures { try engine(database, settings: settings).unsubscribe(synced) }
    }
}

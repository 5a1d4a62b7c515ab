import Foundation
import NewsCore

/// What one sync did: the line `newsreader sync` prints.
public struct SyncReport: Sendable {
    public var server: String
    public var user: String
    /// Subscriptions on the server after the sync.
    public var feeds = 0
    public var feedsAdded = 0
    public var feedsRemoved = 0
    public var newArticles = 0
    public var updatedArticles = 0
    /// Local read/unread/star/unstar changes pushed to the server.
    public var changesUp = 0
    /// Read or starred flags of stored posts changed to the server's.
    public var changesDown = 0
    /// Whether every unread article was compared (not only what can have changed).
    public var comparedEverything = false
    public var seconds = 0.0
    /// Where the time went: waiting for the server's answers, reading them
    /// (JSON, and the bodies' text for the search index), writing the store.
    /// The pass over new articles does all three at once, so they can add up
    /// to more than `seconds`.
    public var serverSeconds = 0.0
    public var readingSeconds = 0.0
    public var storeSeconds = 0.0
    /// Pages of new articles asked for.
    public var pages = 0
}

/// What a sync is doing, for a progress line.
public struct SyncProgress: Sendable {
    public enum Step: Sendable { case pushing, feeds, articles, state }
    public var step: Step
    /// New or changed articles written so far.
    public var articles: Int
}

/// One sync of the store with a server, in an order that loses nothing
/// whenever it stops: the outbox is pushed first (so the server's state
/// that comes down already holds it), then the feeds, then new articles a
/// page at a time (each page written with the position after it, in one
/// transaction: an interrupted sync resumes there), then the read and
/// starred state, which a local change not yet pushed always outranks.
public final class SyncEngine {
    let database: AppDatabase
    let service: SyncService
    let settings: SyncSettings
    let clock: @Sendable () -> Double
    /// Called on the calling thread as the sync moves on.
    public var progress: ((SyncProgress) -> Void)?

    /// Every unread article is compared with the server at least this often.
    public static let fullComparisonInterval: Double = 12 * 3600

    /// `sync_state` keys: the account the store belongs to, the position in
    /// the server's articles, when every unread article was last compared.
    static let accountKey = "account"
    static let articlesKey = "articles"
    static let comparedKey = "compared-everything"

    public init(database: AppDatabase, service: SyncService, settings: SyncSettings,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.database = database
        self.service = service
        self.settings = settings
        self.clock = clock
    }

    /// Runs one sync. `compareEverything` compares every unread article
    /// with the server's (otherwise only twice a day).
    public func run(compareEverything: Bool = false) throws -> SyncReport {
        let started = clock()
        let waitedBefore = service.secondsWaiting
        var report = SyncReport(server: settings.displayURL, user: settings.user)
        try checkAccount()
        try service(&report) { try service.logIn() }
        try database.setSyncValue(settings.identity, for: Self.accountKey)

        progress?(SyncProgress(step: .pushing, articles: 0))
        report.changesUp = try push(&report)

        progress?(SyncProgress(step: .feeds, articles: 0))
        let feeds = try service(&report) { try service.feeds() }
        let (added, removed) = try store(&report) { try database.replaceSyncedFeeds(feeds) }
        report.feeds = feeds.count
        report.feedsAdded = added
        report.feedsRemoved = removed

        // A first sync brings every article with its state: as good as comparing everything.
        if try database.syncValue(Self.articlesKey) == nil {
            try database.setSyncValue(String(Int64(started)), for: Self.comparedKey)
        }
        try pullArticles(&report)

        progress?(SyncProgress(step: .state, articles: report.newArticles + report.updatedArticles))
        let lastCompared = try database.syncValue(Self.comparedKey).flatMap(Double.init) ?? 0
        let everything = compareEverything || started - lastCompared >= Self.fullComparisonInterval
        report.comparedEverything = everything
        let state = try service(&report) { try service.state(everything: everything, knowledge: database) }
        // Articles the state names that the store lacks (one a pass skipped, a
        // starred one from before the first sync) are fetched first, with their state.
        let wanted = state.mentionedIDs.subtracting(state.read)
        let unknown = try store(&report) { try database.unknownArticleIDs(wanted) }
        if !unknown.isEmpty {
            let articles = try service(&report) { try service.articles(ids: unknown) }
            let counts = try store(&report) { try database.writeSyncedArticles(articles) }
            report.newArticles += counts.new
            report.updatedArticles += counts.updated
            report.changesDown += counts.stateChanges
        }
        report.changesDown += try store(&report) { try database.applyServerState(state) }
        if report.comparedEverything {
            try database.setSyncValue(String(Int64(started)), for: Self.comparedKey)
        }
        report.seconds = clock() - started
        report.serverSeconds = service.secondsWaiting - waitedBefore
        report.readingSeconds = max(0, report.readingSeconds - report.serverSeconds)
        return report
    }

    /// A store holds one account's articles: another account or server is refused before anything is written.
    func checkAccount() throws {
        if let stored = try database.syncValue(Self.accountKey), stored != settings.identity {
            throw SyncError.otherAccount(stored: Self.describe(identity: stored), configured: Self.describe(identity: settings.identity))
        }
    }

    /// `ttrss user url` as `user at url`.
    static func describe(identity: String) -> String {
        let parts = identity.split(separator: " ", maxSplits: 2).map(String.init)
        return parts.count == 3 ? "\(parts[1]) at \(parts[2])" : identity
    }

    /// Pushes the outbox: each kind of change in calls of many articles; what
    /// the server took leaves the outbox.
    private func push(_ report: inout SyncReport) throws -> Int {
        let pending = try database.pendingChanges()
        guard !pending.isEmpty else { return 0 }
        let groups: [([Int64], (SyncService) throws -> Void, (AppDatabase) throws -> Void)] = [
            (pending.markRead, { try $0.setRead(true, ids: pending.markRead) }, { try $0.recordPushed(read: true, ids: pending.markRead) }),
            (pending.markUnread, { try $0.setRead(false, ids: pending.markUnread) }, { try $0.recordPushed(read: false, ids: pending.markUnread) }),
            (pending.star, { try $0.setStarred(true, ids: pending.star) }, { try $0.recordPushed(starred: true, ids: pending.star) }),
            (pending.unstar, { try $0.setStarred(false, ids: pending.unstar) }, { try $0.recordPushed(starred: false, ids: pending.unstar) }),
        ]
        for (ids, send, record) in groups where !ids.isEmpty {
            try service(&report) { try send(service) }
            try store(&report) { try record(database) }
        }
        return pending.count
    }

    /// New articles, page by page: the next page is fetched while this one is written.
    private func pullArticles(_ report: inout SyncReport) throws {
        let start = try database.syncValue(Self.articlesKey)
        let pages = BoundedQueue<(Result<ArticlePage, Error>, Double)>(capacity: 2)
        let finished = DispatchSemaphore(value: 0)
        let service = self.service
        let clock = self.clock
        let fetcher = Thread {
            var position = start
            while true {
                let began = clock()
                let result = Result { try service.articles(from: position) }
                guard pages.send((result, clock() - began)) else { break }
                guard case .success(let page) = result, !page.isLast else { break }
                position = page.next
            }
            pages.finish()
            finished.signal()
        }
        fetcher.start()
        defer {
            pages.cancel()
            finished.wait()
        }
        var written = 0
        progress?(SyncProgress(step: .articles, articles: 0))
        while let (result, seconds) = pages.next() {
            report.readingSeconds += seconds
            report.pages += 1
            let page = try result.get()
            let counts = try store(&report) {
                try database.writeSyncedArticles(page.articles, progress: (Self.articlesKey, page.next))
            }
            report.newArticles += counts.new
            report.updatedArticles += counts.updated
            report.changesDown += counts.stateChanges
            written += counts.new + counts.updated
            progress?(SyncProgress(step: .articles, articles: written))
            if page.isLast { break }
        }
    }

    // MARK: - Subscriptions through the server

    /// Subscribes on the server, asks it to fetch the feed now, and syncs.
    public func subscribe(url: String) throws -> (Subscription, SyncReport?) {
        try checkAccount()
        var report = SyncReport(server: settings.displayURL, user: settings.user)
        try service(&report) { try service.logIn() }
        let subscription = try service.subscribe(url: url)
        guard case .subscribed(let feedID) = subscription else { return (subscription, nil) }
        try service.updateFeed(id: feedID)
        return (subscription, try run())
    }

    /// Unsubscribes on the server; the local feed stays in the archive with its posts.
    public func unsubscribe(_ feed: SyncedFeed) throws {
        try checkAccount()
        try service.logIn()
        try service.unsubscribe(feedID: feed.remoteID)
        try database.markSyncedFeedUnsubscribed(feedID: feed.feedID)
    }

    /// Asks the server to fetch these feeds now (before a sync brings what they got).
    public func updateFeeds(_ feeds: [SyncedFeed]) throws {
        try checkAccount()
        try service.logIn()
        for feed in feeds { try service.updateFeed(id: feed.remoteID) }
    }

    // MARK: - Timing

    /// Times a call of the service (the wait for the server is told apart at the end).
    private func service<T>(_ report: inout SyncReport, _ body: () throws -> T) throws -> T {
        let began = clock()
        defer { report.readingSeconds += clock() - began }
        return try body()
    }

    private func store<T>(_ report: inout SyncReport, _ body: () throws -> T) throws -> T {
        let began = clock()
        defer { report.storeSeconds += clock() - began }
        return try body()
    }
}

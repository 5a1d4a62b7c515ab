import Foundation
import NewsCore
import NewsModel
import NewsUI

/// The loop's brain: owns the state, runs the reducer, performs its effects
/// and feeds the results back as actions. Store → model → UI state → screen.
///
/// Reads (the archive, a page of the list, an article) run on the caller's
/// thread: they never wait for a writer (the store is in WAL mode). Writes
/// go to `StoreWriter`'s queue, search as you type to `SearchWorker`'s
/// thread, `R` (and `+`, `D`: add, remove) to a child process; each reports back through the inbox,
/// which the loop drains between keys.
public final class ReaderProgram {
    public private(set) var state: ReaderState
    let database: AppDatabase
    /// Hands a link to the browser; returns an error message on failure.
    let openLink: (String) -> String?
    /// Puts text on the clipboard (OSC 52); false when the terminal cannot.
    let copy: (String) -> Bool
    /// Carries out a redraw or a suspend; false when the terminal cannot.
    let terminal: (TerminalRequest) -> Bool

    /// Starts a feed refresh that reports back through `report`, from any thread.
    public typealias RefreshRunner = (AppDatabase, _ report: @escaping @Sendable (Action) -> Void) -> Void
    let runRefresh: RefreshRunner
    /// Runs `add` or `remove` for the reader (`+`, `D`) and reports back, from any thread.
    public typealias FeedCommandRunner = (FeedCommand, _ storePath: String,
                                          _ report: @escaping @Sendable (Action) -> Void) -> Void
    let runFeedCommand: FeedCommandRunner
    /// Actions from background work, waiting for the main loop.
    private let inbox: Inbox
    /// Runs the type-ahead searches, one at a time, off the caller's thread.
    private let searches: SearchWorker
    /// Makes the reader's writes, in order, off the caller's thread; watches for other processes' changes.
    private let writer: StoreWriter
    private let clock: any RuntimeClock
    /// When `tick` last asked whether another process changed the store.
    private var lastChangeCheck: TimeInterval
    /// When the last refresh started (on `clock`): `refresh-interval` counts from it.
    private var lastRefreshStart: TimeInterval
    /// Seconds since 1970 (UTC), for the status line's "refreshed 08:15".
    private let wallClock: @Sendable () -> Int64

    /// How often the loop's idle tick asks whether another process changed
    /// the store (a cron `refresh`, a second reader, the reader's own `R`):
    /// their posts show within about this long. The question costs one
    /// `PRAGMA` on the writing connection.
    public static let changeCheckInterval: TimeInterval = 1

    /// One search of the store: the ids the list pages through, and how many match in all.
    public typealias SearchFunction = @Sendable (SearchQuery) throws -> SearchOutcome

    /// How long a type-ahead search waits for a newer text before it starts.
    /// Keys closer together than this (a paste, a held key) cost one search,
    /// not the first key's plus the last's, so on the 100,000-post store its
    /// results come sooner (`search_as_you_type_burst` in newsreader-bench,
    /// with and without). Typed keys come farther apart than this.
    public static let searchDebounce: TimeInterval = 0.030

    /// `wake` is called (from any thread) whenever background work has
    /// posted an action, so a loop waiting for keys can come round and call
    /// `drainBackground()`. `search` replaces the store's search and `clock`
    /// the system's (tests).
    public init(database: AppDatabase, size: ScreenSize, language: Language = .english,
                settings: Settings = Settings(), copy: @escaping (String) -> Bool = { _ in false },
                runRefresh: @escaping RefreshRunner = ReaderProgram.refreshInBackground,
                runFeedCommand: @escaping FeedCommandRunner = { FeedCommandChild.run($0, storePath: $1, report: $2) },
                search: SearchFunction? = nil, searchDebounce: TimeInterval = ReaderProgram.searchDebounce,
                clock: any RuntimeClock = SystemClock(),
                wallClock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
                wake: @escaping @Sendable () -> Void = {},
                terminal: @escaping (TerminalRequest) -> Bool = { _ in true },
                openLink: @escaping (String) -> String? = { _ in nil }) {
        self.copy = copy
        self.terminal = terminal
        self.database = database
        self.state = ReaderState(size: size, language: language)
        self.state.settings = settings
        self.openLink = openLink
        self.runRefresh = runRefresh
        self.runFeedCommand = runFeedCommand
        let inbox = Inbox(wake: wake)
        self.inbox = inbox
        let strings = state.strings
        self.clock = clock
        lastChangeCheck = clock.now
        lastRefreshStart = clock.now
        self.wallClock = wallClock
        writer = StoreWriter(database: database, strings: strings) { inbox.post($0) }
        searches = SearchWorker(search: search ?? Self.storeSearch(database), debounce: searchDebounce,
                                clock: clock) { generation, result in
            switch result {
            case let .success(outcome):
                inbox.post(.search(.results(generation: generation, ids: outcome.ids, count: outcome.count,
                                            matcher: outcome.matcher)))
            case let .failure(error):
                inbox.post(.search(.failed(generation: generation, message: strings.storeError("\(error)"))))
            }
        }
    }

    /// The most ids a search loads (the list pages through them); the status line still counts every match.
    public static let searchLimit = 10_000

    /// The store's search, as the reader runs it: on the caller's thread,
    /// with a read of its own (a `DatabasePool` reads beside the main thread).
    public static func storeSearch(_ database: AppDatabase) -> SearchFunction {
        { query in
            let (ids, matcher) = try database.searchIDsAndMatcher(query, limit: searchLimit)
            // Counting costs a second pass: only when the ids were cut.
            let count = ids.count < searchLimit ? ids.count : try database.searchCount(query)
            return SearchOutcome(ids: ids, count: count, matcher: matcher)
        }
    }

    /// True while a type-ahead search runs or waits to run.
    public var isSearching: Bool { searches.isBusy }

    /// Waits until no type-ahead search runs or waits (at most `timeout`
    /// seconds), then runs what background work reported. False on timeout.
    /// For tests and the benchmark; the terminal loop never waits.
    @discardableResult
    public func waitForSearches(timeout: TimeInterval = 10) -> Bool {
        let idle = searches.waitUntilIdle(timeout: timeout)
        drainBackground()
        return idle
    }

    /// Waits until every write asked for so far has been made, then runs
    /// what background work reported. For tests; the terminal loop never waits.
    public func waitForWrites() {
        writer.waitUntilDone()
        drainBackground()
    }

    /// Lets the writes asked for so far reach the store before the reader
    /// ends, waiting at most `timeout` seconds (another process may hold the
    /// store's lock); false when some did not. The terminal is given back first.
    @discardableResult
    public func finishWrites(timeout: Double = ReaderProgram.finishTimeout) -> Bool {
        writer.finish(timeout: timeout)
    }

    /// How long quitting waits for the reader's last writes.
    public static let finishTimeout: Double = 2

    /// The loop's idle tick: now and then, asks (off this thread) whether
    /// another process changed the store; if so, `storeChanged` comes
    /// through the inbox and the archive and list are read anew. With
    /// `refresh-interval`, starts a refresh once that long has passed since
    /// the last one started.
    public func tick() {
        let now = clock.now
        // `refresh-interval`: through the inbox, so the loop draws what it changes.
        if let interval = state.settings.refreshInterval, !state.isRefreshing,
           now - lastRefreshStart >= TimeInterval(interval) {
            lastRefreshStart = now
            inbox.post(.automaticRefresh)
        }
        guard now - lastChangeCheck >= Self.changeCheckInterval else { return }
        lastChangeCheck = now
        writer.checkForOutsideChanges()
    }

    /// Runs what background work reported since the last call; true when
    /// something arrived (the screen needs drawing).
    @discardableResult
    public func drainBackground() -> Bool {
        let actions = inbox.takeAll()
        for action in actions { send(action) }
        return !actions.isEmpty
    }

    /// Every subscribed feed, fetched several at once on other threads of
    /// this process (tests, and stores without a file; the terminal reader
    /// runs `RefreshChild` instead, so it never loads the network stack).
    public static func refreshInBackground(_ database: AppDatabase, report: @escaping @Sendable (Action) -> Void) {
        Thread.detachNewThread {
            do {
                let feeds = try database.subscribedFeeds()
                report(.refreshProgress(done: 0, total: feeds.count))
                let outcomes = FeedRefresher(database: database).refresh(feeds, progress: { done, total, _ in
                    report(.refreshProgress(done: done, total: total))
                })
                var newPosts = 0
                var failures: [String] = []
                for outcome in outcomes {
                    switch outcome.result {
                    case let .imported(result): newPosts += result.counts.new
                    case let .failed(error): failures.append("\(outcome.feed.title): \(error)")
                    case .notModified, .postponed, .gone: break
                    }
                }
                report(.refreshFinished(newPosts: newPosts, failures: failures))
            } catch {
                report(.refreshFinished(newPosts: 0, failures: ["\(error)"]))
            }
        }
    }

    public var isQuitting: Bool { state.isQuitting }

    /// Starts; `notice` (such as a config problem) shows in the status line until the first key.
    public func start(notice: StatusMessage? = nil) {
        // What the store holds now: later changes by others are told from it.
        writer.checkForOutsideChanges()
        send(.start)
        if state.settings.refreshOnStart { send(.automaticRefresh) }
        if let notice { state.message = notice }
    }

    /// A key, resize or mouse event from the terminal, through the key map.
    public func handle(_ input: InputEvent) {
        for action in KeyMap.actions(for: input, in: state) { send(action) }
    }

    public func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in Reducer.reduce(&state, next) {
                if let result = perform(effect) { queue.append(result) }
            }
        }
    }

    public func render() -> CellGrid { Renderer.render(state) }

    /// Runs one effect; its outcome (if any) is the next action.
    func perform(_ effect: Effect) -> Action? {
        do {
            switch effect {
            case let .loadArchive(filter):
                writer.noteRead()
                return .archiveLoaded(try database.archiveMonths(filter))
            case .loadFailingFeeds:
                return .failingFeedsLoaded(try database.failingFeeds())
            case .loadFeeds:
                writer.noteRead()
                return .feedsLoaded(try database.feedStatuses(), searches: try database.savedSearches())
            case let .feedCommand(command):
                let inbox = self.inbox
                runFeedCommand(command, database.path) { inbox.post($0) }
                return nil
            case let .renameFeed(id, title):
                writer.renameFeed(id: id, title: title)
                return nil
            case let .saveSearch(name, query):
                writer.saveSearch(name: name, query: query)
                return nil
            case let .findNextUnread(filter, after):
                writer.noteRead()
                return .nextUnreadFound(writer.patch(try database.nextUnread(in: filter, after: after).map { [$0] } ?? []).first,
                                        in: filter)
            case let .loadCount(filter, generation):
                writer.noteRead()
                let count = try database.listCount(filter)
                return .countLoaded(generation: generation, total: count.total, newestID: count.newestID)
            case let .loadPage(filter, offset, limit, generation):
                writer.noteRead()
                return .pageLoaded(generation: generation, offset: offset,
                                   rows: writer.patch(try database.posts(filter, offset: offset, limit: limit)))
            case let .loadPosts(ids, offset, generation):
                return .pageLoaded(generation: generation, offset: offset, rows: writer.patch(try database.posts(ids: ids)))
            case let .loadArticle(id):
                return .articleLoaded(writer.patch(try database.article(id: id)))
            case let .reloadList(filter, selected, generation):
                writer.noteRead()
                let count = try database.listCount(filter)
                return .listReloaded(generation: generation, total: count.total, newestID: count.newestID,
                                     selectedIndex: try selected.flatMap { try database.position(ofPost: $0, in: filter) })
            case let .searchAsYouType(query, generation):
                searches.submit(query, generation: generation)
                return nil
            case let .setRead(isRead, postID):
                writer.setRead(isRead, postID: postID)
                return nil
            case let .setStarred(isStarred, postID):
                writer.setStarred(isStarred, postID: postID)
                return nil
            case let .markAllRead(source, newestID):
                writer.markAllRead(source, upTo: newestID)
                return nil
            case .undoMarkAllRead:
                writer.undoMarkAllRead()
                return nil
            case let .copyToClipboard(text):
                return copy(text) ? nil : .clipboardUnavailable(text)
            case let .setReadMany(isRead, ids):
                writer.setRead(isRead, postIDs: ids)
                return nil
            case let .openLink(link):
                return openLink(link).map { .failed($0) }
            case .refreshFeeds:
                let inbox = self.inbox
                lastRefreshStart = clock.now
                runRefresh(database) { inbox.post($0) }
                return .refreshStarted(at: wallClock())
            case let .terminal(request):
                // Only a suspend can be refused (a shell without job control).
                return terminal(request) ? nil : .failed(state.strings.cannotSuspend)
            }
        } catch {
            return .failed(state.strings.storeError("\(error)"))
        }
    }
}

/// What one search found: the ids to page through (at most the reader's
/// limit), how many posts match in all, and what its hits are.
public struct SearchOutcome: Sendable {
    public var ids: [Int64]
    public var count: Int
    public var matcher: SearchMatcher?
    public init(ids: [Int64], count: Int? = nil, matcher: SearchMatcher? = nil) {
        self.ids = ids
        self.count = count ?? ids.count
        self.matcher = matcher
    }
}

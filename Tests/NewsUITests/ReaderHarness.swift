import NewsModel
import NewsUI
import TestSupport
import XCTest

/// The reducer and the renderer driven as the runtime drives them (keys
/// through the key map, each effect's answer fed back as an action), with
/// the store's answers worked out from values instead of SQLite: NewsUI's
/// tests need no store. What the runtime itself does (the store, threads,
/// the child refresh) is NewsRuntimeTests' business.
///
/// Searches as you type answer only at `settle()`, as results come later
/// from the runtime's search thread: the ids in `searchAnswers` for the
/// query's text, else every post where each word of the query starts a word
/// of its title or text (the matcher's rule, without the store's compounds), newest first. (The store's
/// ranking is NewsCore's to test.)
final class ReaderHarness: KeyDriven {
    private(set) var state: ReaderState
    /// The posts as the store would hold them, ids from 1 in the order given.
    private(set) var posts: [Post]
    private var bodies: [Int64: ArticleBody]
    private var feedTitles: [Int64: String]
    /// What a search of a text finds, as the store would rank it.
    var searchAnswers: [String: [Int64]] = [:]
    /// Searches asked for and not answered yet.
    private var searches: [(query: SearchQuery, generation: Int)] = []
    private var lastMarkedRead: [Int64] = []

    /// Whether the terminal takes OSC 52 (else `y` only shows the link).
    var clipboardWorks = true
    /// What went to the clipboard, the browser, the terminal, and how often `R` started a refresh.
    private(set) var copied: [String] = []
    private(set) var opened: [String] = []
    private(set) var terminalRequests: [TerminalRequest] = []
    private(set) var refreshes = 0
    /// What the browser says when it cannot be run (nil: it can).
    var browserFailure: String?
    /// Whether the terminal can stop as a shell job (else `suspend` is refused).
    var canSuspend = true

    init(_ posts: [FixturePost] = Fixtures.mixedPosts, feedTitle: String = Fixtures.feedTitle,
         columns: Int = 80, rows: Int = 24, language: Language = .english, settings: Settings = Settings(),
         start: Bool = true) {
        state = ReaderState(size: ScreenSize(columns: columns, rows: rows), language: language)
        state.settings = settings
        self.posts = []
        bodies = [:]
        feedTitles = [:]
        add(posts, feedTitle: feedTitle)
        if start { self.start() }
    }

    /// Starts, as the runtime does: `notice` (a config problem) shows until the first key.
    func start(notice: StatusMessage? = nil) {
        send(.start)
        if let notice { state.message = notice }
    }

    /// Stores more posts (as another process would import them), from another feed if named.
    func add(_ fixtures: [FixturePost], feedTitle: String = Fixtures.feedTitle) {
        let feedId = Int64(Set(feedTitles.values).contains(feedTitle) ? 1 : feedTitles.count + 1)
        for fixture in fixtures {
            let id = Int64(posts.count + 1)
            posts.append(Post(id: id, feedId: feedId, guid: fixture.guid, title: fixture.title, link: fixture.link,
                              author: fixture.author, published: fixture.published, contentHTML: fixture.html,
                              firstSeen: Fixtures.stored))
            bodies[id] = fixture.body
            feedTitles[id] = feedTitle
        }
    }

    // MARK: - Driving it

    func handle(_ input: InputEvent) {
        for action in KeyMap.actions(for: input, in: state) { send(action) }
    }

    func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            for effect in Reducer.reduce(&state, queue.removeFirst()) {
                if let answer = perform(effect) { queue.append(answer) }
            }
        }
    }

    /// Answers the searches asked for so far, in order, as their results would come back.
    func settle() {
        while !searches.isEmpty {
            let (query, generation) = searches.removeFirst()
            let ids = search(query)
            send(.search(.results(generation: generation, ids: ids, count: ids.count)))
        }
    }

    /// Whether a search was asked for and not answered yet.
    var isSearching: Bool { !searches.isEmpty }

    func render() -> CellGrid { Renderer.render(state) }

    var screen: [String] { render().lines }

    var isQuitting: Bool { state.isQuitting }

    // MARK: - The store's answers, from values

    private func perform(_ effect: Effect) -> Action? {
        switch effect {
        case let .loadArchive(filter):
            // Every month of the filter's feed, counting the posts of its view.
            var counts: [String?: Int] = [:]
            for post in posts where filter.feedID == nil || post.feedId == filter.feedID {
                counts[post.month, default: 0] += filter.with(months: .every).contains(
                    month: post.month, feedID: post.feedId, isRead: post.isRead, isStarred: post.isStarred) ? 1 : 0
            }
            let months = counts.map { ArchiveMonth(month: $0.key, count: $0.value) }
                .sorted { ($0.month ?? "") > ($1.month ?? "") }
            return .archiveLoaded(months)
        case .loadFeeds:
            return .feedsLoaded(feeds, searches: savedSearches.map { name, query in
                SavedSearch(name: name, query: query, count: search(SearchQuery(query)).count)
            }.sorted { $0.name < $1.name })
        case let .renameFeed(id, title):
            for index in posts.indices where posts[index].feedId == id { feedTitles[posts[index].id!] = title }
            return .feedRenamed(title: title)
        case let .feedCommand(command):
            feedCommands.append(command)
            return nil
        case let .saveSearch(name, query):
            savedSearches[name] = query
            return .searchSaved(name: name)
        case .loadFailingFeeds:
            return .failingFeedsLoaded(feeds.filter { $0.feed.lastError != nil })
        case let .findNextUnread(filter, after):
            // In the listing's order whatever the view: the post asked about may be read by now.
            let listing = listing(filter.with(view: .all))
            let start = after.flatMap { id in listing.firstIndex { $0.id == id }.map { $0 + 1 } } ?? 0
            let found = listing[min(start, listing.count)...].first {
                !$0.isRead && filter.contains(month: $0.month, feedID: $0.feedId, isRead: false, isStarred: $0.isStarred)
            }
            return .nextUnreadFound(found.map(summary), in: filter)
        case let .loadCount(filter, generation):
            return .countLoaded(generation: generation, total: listing(filter).count, newestID: newestID)
        case let .loadPage(filter, offset, limit, generation):
            let listing = listing(filter)
            let page = listing[min(offset, listing.count)..<min(offset + limit, listing.count)]
            return .pageLoaded(generation: generation, offset: offset, rows: page.map(summary))
        case let .loadPosts(ids, offset, generation):
            return .pageLoaded(generation: generation, offset: offset, rows: ids.compactMap { post($0) }.map(summary))
        case let .loadArticle(id):
            return .articleLoaded(post(id).map { Article(post: $0, feedTitle: feedTitles[id] ?? "", body: bodies[id] ?? .empty) })
        case let .reloadList(filter, keeping, generation):
            let listing = listing(filter)
            return .listReloaded(generation: generation, total: listing.count, newestID: newestID,
                                 selectedIndex: keeping.flatMap { id in listing.firstIndex { $0.id == id } })
        case let .searchAsYouType(query, generation):
            searches.append((query, generation))
            return nil
        case let .setRead(isRead, id):
            update([id]) { $0.isRead = isRead }
            return nil
        case let .setStarred(isStarred, id):
            update([id]) { $0.isStarred = isStarred }
            return nil
        case let .setReadMany(isRead, ids):
            update(ids) { $0.isRead = isRead }
            return nil
        case let .markAllRead(source, newestID):
            let candidates: [Post]
            switch source {
            case let .filter(filter): candidates = listing(filter).filter { $0.id ?? 0 <= newestID ?? 0 }
            case let .search(results): candidates = results.ids.compactMap { post($0) }
            }
            lastMarkedRead = candidates.filter { !$0.isRead }.compactMap(\.id)
            update(lastMarkedRead) { $0.isRead = true }
            return .markedAllRead(ids: lastMarkedRead)
        case .undoMarkAllRead:
            let ids = lastMarkedRead
            lastMarkedRead = []
            update(ids) { $0.isRead = false }
            return .undoneMarkAllRead(ids: ids)
        case let .copyToClipboard(text):
            guard clipboardWorks else { return .clipboardUnavailable(text) }
            copied.append(text)
            return nil
        case let .openLink(link):
            guard browserFailure == nil else { return .failed(browserFailure!) }
            opened.append(link)
            return nil
        case .refreshFeeds:
            refreshes += 1
            return nil
        case let .terminal(request):
            terminalRequests.append(request)
            // As the runtime answers: only a suspend can be refused.
            return request == .suspend && !canSuspend ? .failed(state.strings.cannotSuspend) : nil
        }
    }

    func post(_ id: Int64) -> Post? {
        posts.first { $0.id == id }
    }

    private var newestID: Int64 { Int64(posts.count) }

    /// What `+` and `D` asked of the `add` and `remove` commands.
    private(set) var feedCommands: [FeedCommand] = []

    /// The saved searches: name → query.
    var savedSearches: [String: String] = [:]

    /// The last refresh's error of a feed, by id (the feed's row is marked).
    var feedErrors: [Int64: String] = [:]
    /// Feeds that answered 410 Gone.
    var goneFeeds: Set<Int64> = []

    /// Every feed with its counts, by title, as the store lists them.
    var feeds: [FeedStatus] {
        var titles: [Int64: String] = [:]
        for post in posts { titles[post.feedId] = feedTitles[post.id ?? 0] }
        return titles.map { id, title in
            let own = posts.filter { $0.feedId == id }
            return FeedStatus(feed: Feed(id: id, url: "https://example.com/\(id).xml", title: title,
                                         lastError: feedErrors[id]),
                              postCount: own.count, unreadCount: own.filter { !$0.isRead }.count,
                              isGone: goneFeeds.contains(id),
                              lastErrorAt: feedErrors[id] == nil ? nil : Fixtures.date(2022, 3, 1, hour: 8, minute: 15))
        }.sorted { $0.feed.title < $1.feed.title }
    }

    /// A filter's posts as the store lists them: newest first, undated last, then by id.
    private func listing(_ filter: PostFilter) -> [Post] {
        posts.filter { post in
            filter.contains(month: post.month, feedID: post.feedId, isRead: post.isRead, isStarred: post.isStarred)
        }.sorted { a, b in
            switch (a.published, b.published) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.id ?? 0) < (b.id ?? 0)
            }
        }
    }

    private func summary(_ post: Post) -> PostSummary {
        PostSummary(id: post.id ?? 0, title: post.title, published: post.published, month: post.month,
                    feed: feedTitles[post.id ?? 0] ?? "", link: post.link, isRead: post.isRead,
                    isStarred: post.isStarred, feedId: post.feedId)
    }

    private func update(_ ids: [Int64], _ change: (inout Post) -> Void) {
        let wanted = Set(ids)
        for index in posts.indices where wanted.contains(posts[index].id ?? 0) { change(&posts[index]) }
    }

    private func search(_ query: SearchQuery) -> [Int64] {
        if let answer = searchAnswers[query.text] { return answer }
        let words = SearchMatcher(query: query).words
        guard !words.isEmpty else { return [] }
        return listing(.all).filter { post in
            let text = post.title + " " + (bodies[post.id ?? 0]?.text ?? "")
            return words.allSatisfy { !SearchMatcher(words: [$0]).hits(in: text).isEmpty }
        }.compactMap(\.id)
    }
}

/// The whole rendered screen, line by line (trailing spaces trimmed), and
/// every row exactly the screen's width: nothing shifted or spilled.
func assertWholeScreen(_ program: ReaderHarness, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    for difference in ExpectedScreen.textDifferences(program.render(), expected) {
        XCTFail(difference, file: file, line: line)
    }
}

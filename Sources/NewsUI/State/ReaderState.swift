import NewsModel

/// Which pane receives the keys.
public enum Focus: Hashable, Sendable {
    case archive
    case list
    case article
}

/// Everything the reader shows, as a value: the reducer changes it, the
/// renderer draws it. It holds one page of list rows, never the whole store.
public struct ReaderState: Sendable {
    public var size: ScreenSize
    public var focus: Focus = .list
    public var archive = ArchivePane()
    public var list = PostList(source: .filter(.all), generation: 0)
    public var article: ArticleView?
    /// Search as you type: from `/` until Esc, or until the results of the
    /// text Enter kept have arrived. Holds the prompt while it is open.
    public var typeAhead: TypeAhead?
    /// The number of the newest type-ahead search asked for; only its results are shown.
    public var searchGeneration = 0
    /// The view, month and feed that `v` and the left pane chose: the list
    /// shows them, unless it shows search results.
    public var chosen = PostFilter.all
    /// Where leaving the search results returns: the list they replaced.
    public var searchReturn: SavedBrowsing?
    public var isHelpVisible = false
    public var helpTop = 0
    /// A one-shot note in the status line ("No link", errors); cleared by the next key.
    public var message: StatusMessage?
    public var isQuitting = false
    /// True while a background refresh (`R`) runs.
    public var isRefreshing = false
    /// How many feeds the running refresh said it fetches (0: no subscriptions).
    public var refreshTotal: Int?
    /// The running refresh was started by `refresh-interval` or `refresh-on-start`,
    /// not by `R`: it works quietly and speaks only of new posts and failures.
    public var isAutomaticRefresh = false
    /// When the last refresh started (seconds since 1970, UTC), for the status line.
    public var lastRefresh: Int64?
    /// The error screen (`E`): every failing feed with its error, while shown.
    public var failingFeeds: FailingFeedsScreen?
    /// `S` on search results, `+` to add a feed: the status line's prompt.
    public var linePrompt: LinePrompt?
    /// `D`: "Remove this feed?" while asked.
    public var removalQuestion: RemovalQuestion?
    /// The interface language's strings.
    public var strings: Catalogue
    /// What the config file set (key bindings, date format, columns, ...).
    public var settings = Settings()
    /// Which key runs which named command (defaults plus the config's overrides).
    public var keys: KeyBindings {
        get { settings.keys }
        set { settings.keys = newValue }
    }
    /// `Q` with `confirm-quit`: the status line asks, `y` quits, any other key stays.
    public var isConfirmingQuit = false
    /// What `u` undoes: the last mark-all-read.
    public var undoMarkRead: UndoMarkRead?

    public init(size: ScreenSize, language: Language = .english) {
        self.size = size
        self.strings = language.catalogue
    }

    /// The `/` prompt while it is open.
    public var prompt: TextInput? { typeAhead?.input }

    public var layout: Layout {
        var layout = Layout(size: size, focus: focus)
        layout.archiveWidthSetting = settings.archiveWidth
        return layout
    }

    /// What counts as a hit of the list's search: highlighted in the list
    /// and the article, stepped through with `n`/`N`. Nil when the list is no search.
    public var searchMatcher: SearchMatcher? {
        if case let .search(results) = list.source { return results.matcher }
        return nil
    }
}

public struct ScreenSize: Hashable, Sendable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The left pane: the months ("All posts", then one row per month) or,
/// after `f`, the feeds ("All feeds", then one row per feed). Each list
/// keeps its own selection, so `f` and back finds the same row.
public struct ArchivePane: Sendable {
    public var months: [ArchiveMonth] = []
    /// Every feed with its unread count and its last refresh's error.
    public var feeds: [FeedStatus] = []
    /// The saved searches with their counts, listed after the feeds.
    public var searches: [SavedSearch] = []
    public var showsFeeds = false
    private var monthPlace = (selected: 0, top: 0)
    private var feedPlace = (selected: 0, top: 0)

    public init() {}

    public var selected: Int {
        get { showsFeeds ? feedPlace.selected : monthPlace.selected }
        set { if showsFeeds { feedPlace.selected = newValue } else { monthPlace.selected = newValue } }
    }

    public var top: Int {
        get { showsFeeds ? feedPlace.top : monthPlace.top }
        set { if showsFeeds { feedPlace.top = newValue } else { monthPlace.top = newValue } }
    }

    public var rowCount: Int { (showsFeeds ? feeds.count + searches.count : months.count) + 1 }
    public var totalPosts: Int { months.reduce(0) { $0 + $1.count } }
    public var totalUnread: Int { feeds.reduce(0) { $0 + $1.unreadCount } }

    /// The filter row `row` chooses, from the one chosen now: a month keeps
    /// the feed and the view; a feed keeps the view, over every month.
    public func filter(at row: Int, from chosen: PostFilter) -> PostFilter {
        if showsFeeds { return chosen.with(feedID: feed(at: row)?.feed.id).with(months: .every) }
        return chosen.with(months: row <= 0 || row > months.count ? .every : .one(months[row - 1].month))
    }

    /// The feed of row `row` (nil for "All feeds").
    public func feed(at row: Int) -> FeedStatus? {
        row <= 0 || row > feeds.count ? nil : feeds[row - 1]
    }

    /// The saved search of row `row`, below the feeds.
    public func savedSearch(at row: Int) -> SavedSearch? {
        let index = row - feeds.count - 1
        return showsFeeds && index >= 0 && index < searches.count ? searches[index] : nil
    }

    /// The row of the saved search whose query is `text`, while the feeds show.
    public func row(ofSearch text: String) -> Int? {
        guard showsFeeds else { return nil }
        return searches.firstIndex { $0.query == text }.map { feeds.count + 1 + $0 }
    }

    public func label(at row: Int, _ strings: Catalogue) -> String {
        if let search = savedSearch(at: row) { return "/" + TerminalSafe.clean(search.name) }
        if showsFeeds { return feed(at: row).map { TerminalSafe.clean($0.feed.title) } ?? strings.allFeeds }
        return row <= 0 || row > months.count ? strings.allPosts : strings.monthLabel(months[row - 1].month)
    }

    /// A month's posts in the chosen feed and view; a feed's unread posts.
    public func count(at row: Int) -> Int {
        if let search = savedSearch(at: row) { return search.count }
        if showsFeeds { return feed(at: row)?.unreadCount ?? totalUnread }
        return row <= 0 || row > months.count ? totalPosts : months[row - 1].count
    }

    /// Whether row `row` is a feed whose last refresh failed, or that is gone.
    public func isFailing(at row: Int) -> Bool {
        guard let feed = feed(at: row), showsFeeds else { return false }
        return feed.feed.lastError != nil || feed.isGone
    }

    /// The row showing `filter`'s month (or feed, while the feeds show), if the pane has it.
    public func row(of filter: PostFilter) -> Int? {
        if showsFeeds {
            guard let id = filter.feedID else { return 0 }
            return feeds.firstIndex { $0.feed.id == id }.map { $0 + 1 }
        }
        switch filter.months {
        case .every: return 0
        case let .one(month): return months.firstIndex { $0.month == month }.map { $0 + 1 }
        }
    }

    /// The title of feed `id`, if the pane knows it.
    public func feedTitle(_ id: Int64) -> String? {
        feeds.first { $0.feed.id == id }.map { TerminalSafe.clean($0.feed.title) }
    }

    /// A post's read or starred flag changed on screen: its feed's unread
    /// count, and its month's count when the view counts that flag, follow at once.
    mutating func noteChange(of post: PostSummary, isRead: Bool? = nil, isStarred: Bool? = nil, in chosen: PostFilter) {
        if let isRead, isRead != post.isRead, let index = feeds.firstIndex(where: { $0.feed.id == post.feedId }) {
            feeds[index].unreadCount = max(0, feeds[index].unreadCount + (isRead ? -1 : 1))
        }
        guard chosen.feedID == nil || chosen.feedID == post.feedId,
              let index = months.firstIndex(where: { $0.month == post.month }) else { return }
        switch chosen.view {
        case .all: return
        case .unread:
            if let isRead, isRead != post.isRead { months[index].count = max(0, months[index].count + (isRead ? -1 : 1)) }
        case .starred:
            if let isStarred, isStarred != post.isStarred {
                months[index].count = max(0, months[index].count + (isStarred ? 1 : -1))
            }
        }
    }
}

/// The error screen: each feed whose last refresh failed (or that is gone),
/// with its whole error and when it happened, scrolled by `top` lines.
public struct FailingFeedsScreen: Sendable {
    public var feeds: [FeedStatus]
    public var top = 0
    public init(feeds: [FeedStatus]) {
        self.feeds = feeds
    }
}

/// A one-line question in the status line: the name to save a search
/// under (`S`), or the address of a feed to add (`+`).
public struct LinePrompt: Sendable {
    public enum Purpose: Hashable, Sendable {
        /// The search that is saved under the name typed.
        case saveSearch(query: String)
        case addFeed
        /// The feed that gets the title typed (its own, which refreshes leave alone).
        case renameFeed(id: Int64)
    }

    public var purpose: Purpose
    public var input: TextInput

    public init(_ purpose: Purpose, text: String = "") {
        self.purpose = purpose
        input = TextInput(text: text, maximumLength: purpose == .addFeed ? 2000 : 200)
    }
}

/// `D`: the feed whose removal the status line asks about.
public struct RemovalQuestion: Hashable, Sendable {
    public var feedID: Int64
    public var title: String
}

/// Search results: the ids in rank order (the store pages through them).
public struct SearchResults: Hashable, Sendable {
    public var query: SearchQuery
    public var ids: [Int64]
    /// Every match; more than `ids` when the ids were cut at the reader's limit.
    public var count: Int
    /// The hits as the store searched them (before its answer: as the query reads).
    public var matcher: SearchMatcher
    public init(query: SearchQuery, ids: [Int64], count: Int? = nil, matcher: SearchMatcher? = nil) {
        self.query = query
        self.ids = ids
        self.count = count ?? ids.count
        self.matcher = matcher ?? SearchMatcher(query: query)
    }
}

public enum ListSource: Hashable, Sendable {
    case filter(PostFilter)
    case search(SearchResults)
}

/// The list pane: a position in a source of `total` posts, of which only
/// the rows from `loadedOffset` are in memory (the visible page plus a margin).
public struct PostList: Sendable {
    public var source: ListSource
    /// Bumped whenever the source changes, so late page loads for an old source are ignored.
    public var generation: Int
    public var total = 0
    /// The newest post stored when `total` was counted: `A` marks the
    /// filter's posts up to it, never those another process added since.
    public var newestID: Int64?
    public var selected = 0
    public var top = 0
    public var loadedOffset = 0
    public var rows: [PostSummary] = []

    public init(source: ListSource, generation: Int) {
        self.source = source
        self.generation = generation
        if case let .search(results) = source { total = results.ids.count }
    }

    public func row(at index: Int) -> PostSummary? {
        let local = index - loadedOffset
        return local >= 0 && local < rows.count ? rows[local] : nil
    }

    public var selectedPost: PostSummary? { row(at: selected) }

    /// Whether rows `range` (clamped to the total) are all in memory.
    public func hasLoaded(_ range: Range<Int>) -> Bool {
        let wanted = range.clamped(to: 0..<max(0, total))
        if wanted.isEmpty { return true }
        return loadedOffset <= wanted.lowerBound && loadedOffset + rows.count >= wanted.upperBound
    }

    public mutating func update(id: Int64, _ change: (inout PostSummary) -> Void) {
        if let index = rows.firstIndex(where: { $0.id == id }) { change(&rows[index]) }
    }
}

/// The open article, laid out for the current width. The article holds
/// its rendered body; a new width lays the same body out again.
public struct ArticleView: Sendable {
    public var article: Article
    /// The title, a line of date and author, the link, a blank line, the body and its link list.
    public var lines: [ArticleLine]
    /// Where the body starts (after the header fields and a blank line).
    public var bodyStart: Int
    public var width: Int
    public var top = 0
    /// The search the article was opened from, if any, and its hits in the
    /// title and the body (never in the date, the link or the link list).
    public let matcher: SearchMatcher?
    public let hits: [ArticleHit]
    /// The hit `n`/`N` last went to (an index of `hits`).
    public var currentHit: Int?

    public var labels: ArticleText.Labels

    public init(article: Article, width: Int, labels: ArticleText.Labels = .english, matcher: SearchMatcher? = nil) {
        self.article = article
        self.width = width
        self.labels = labels
        self.matcher = matcher
        let width = max(1, width)
        let head = ArticleText.compactHead(article, width: width, labels: labels)
        let lines = head + ArticleText.body(article, width: width, labels: labels)
        self.lines = lines
        bodyStart = head.count
        hits = matcher.map { ArticleHit.find($0, in: lines, bodyStart: head.count) } ?? []
    }

    /// The hit `n` (forward) or `N` goes to: the one after or before the
    /// current one, else the first from the top of the page or the last
    /// above its end; `wrapped` when it went round the article's end.
    /// Nil when the article has no hit.
    public func nextHit(forward: Bool, pageSize: Int) -> (index: Int, wrapped: Bool)? {
        guard !hits.isEmpty else { return nil }
        if let current = currentHit {
            let next = current + (forward ? 1 : -1)
            return hits.indices.contains(next) ? (next, false) : (forward ? 0 : hits.count - 1, true)
        }
        if forward {
            return hits.firstIndex { $0.line >= top }.map { ($0, false) } ?? (0, true)
        }
        return hits.lastIndex { $0.line < top + pageSize }.map { ($0, false) } ?? (hits.count - 1, true)
    }

    /// The hits on line `index`, with their indexes in `hits`.
    public func hits(onLine index: Int) -> [(number: Int, range: Range<Int>)] {
        // Hits are in line order: find the first on the line by halving.
        var low = 0, high = hits.count
        while low < high {
            let middle = (low + high) / 2
            if hits[middle].line < index { low = middle + 1 } else { high = middle }
        }
        var found: [(Int, Range<Int>)] = []
        while low < hits.count, hits[low].line == index {
            found.append((low, hits[low].range))
            low += 1
        }
        return found
    }

    /// The body's links: `[N]` opens `links[N - 1]`.
    public var links: [String] { article.body.links }

    /// The same article laid out for a new width, keeping roughly the same place.
    public func rewrapped(width: Int) -> ArticleView {
        guard width != self.width else { return self }
        var view = ArticleView(article: article, width: width, labels: labels, matcher: matcher)
        view.top = lines.isEmpty ? 0 : top * view.lines.count / max(1, lines.count)
        return view
    }
}

/// A search hit in an open article: its line and its characters there.
public struct ArticleHit: Hashable, Sendable {
    public var line: Int
    /// Character offsets in the line's text.
    public var range: Range<Int>

    /// The hits of `matcher` in the title lines (those before the date) and
    /// the body (from `bodyStart`, without the list of links), in order. The
    /// body is read as one run of words, as the index holds it, so a phrase
    /// may go on from one line to the next.
    static func find(_ matcher: SearchMatcher, in lines: [ArticleLine], bodyStart: Int) -> [ArticleHit] {
        guard !matcher.isEmpty else { return [] }
        let title = Array(lines.indices.prefix { index in lines[index].styles.contains { $0.style == .title } })
        let body = Array(lines.indices.dropFirst(bodyStart).filter { lines[$0].link == nil })
        var hits: [ArticleHit] = []
        for (indices, isTitle) in [(title, true), (body, false)] {
            let passages = indices.map { SearchMatcher.Passage(lines[$0].text, skipped: lines[$0].characterRanges(lines[$0].added)) }
            for (offset, ranges) in matcher.hits(in: passages, isTitle: isTitle).enumerated() {
                hits += ranges.map { ArticleHit(line: indices[offset], range: $0) }
            }
        }
        return hits
    }
}

/// The last mark-all-read, as `u` finds it.
public enum UndoMarkRead: Hashable, Sendable {
    /// Asked of the store, which has not said yet which posts it changed.
    case pending
    /// The posts it changed.
    case posts([Int64])
}

/// A list at its row, as leaving search results finds it again.
public struct SavedBrowsing: Sendable {
    public var list: PostList
    public var archiveSelected: Int
    public var focus: Focus
}

/// The screen before `/`, which Esc (or an emptied prompt) brings back:
/// the list at its row, the focus, the open article, and where leaving
/// search results went at the time.
public struct SearchOrigin: Sendable {
    public var browsing: SavedBrowsing
    public var article: ArticleView?
    /// `ReaderState.searchReturn` before `/`.
    public var searchReturn: SavedBrowsing?

    /// Where leaving results that replace this screen returns: this list
    /// (a month or a view), or, when it shows results itself, where those return.
    public var returnPoint: SavedBrowsing? {
        guard case .filter = browsing.list.source else { return searchReturn }
        var point = browsing
        point.focus = browsing.focus == .article ? .list : browsing.focus
        return point
    }
}

/// Search as you type: the prompt, the newest query asked for, and where
/// the screen came from. Each edit asks for a search in the background, and
/// the list shows the newest results that arrived.
public struct TypeAhead: Sendable {
    /// The characters a search prompt holds; each edit copies the text, so
    /// without a bound a 100 KB paste took minutes.
    public static let maximumLength = 500

    /// The `/` prompt; nil once Enter closed it while its results are still on their way.
    public var input: TextInput? = TextInput(maximumLength: TypeAhead.maximumLength)
    /// The one place to return to (see `SearchOrigin`).
    public var origin: SearchOrigin
    /// The newest query asked for and its generation; nil while the text asks for nothing.
    public var query: SearchQuery?
    public var generation: Int?
    /// The generation whose results the list shows.
    public var shownGeneration: Int?
    /// Whether the list shows results (or Enter's placeholder) instead of the origin's.
    public var hasReplacedList = false

    public init(origin: SearchOrigin) {
        self.origin = origin
    }

    /// True while the newest query's results have not arrived.
    public var isWaiting: Bool { generation != nil && generation != shownGeneration }
}

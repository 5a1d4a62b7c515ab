import NewsModel

/// Every user intent and every completed load. The reducer is the only
/// place that turns them into state changes.
public enum Action: Equatable, Sendable {
    // Start-up and the terminal
    case start
    case resize(ScreenSize)
    /// `C-l`, or the reader was continued after a stop it did not make (SIGCONT).
    case redraw
    /// `C-z`, or SIGTSTP from outside: stop as a shell job until `fg`.
    case suspend

    // Moving
    case moveDown
    case moveUp
    case pageDown
    case pageUp
    case first
    case last
    /// Mouse wheel: scroll the pane under column `x` by `lines` (negative = up).
    case scroll(lines: Int, column: Int)
    /// Mouse click at a screen cell.
    case click(column: Int, row: Int)

    // Navigation
    case open
    case back
    case quit
    /// Any key but `y` while "Quit? (y/n)" is asked.
    case cancelQuit
    case toggleFocus
    case focusArchive
    case nextPost
    case previousPost
    case toggleHelp

    // In an article
    case nextMatch
    case previousMatch

    /// The `/` prompt and the searches it runs as you type.
    case search(SearchAction)

    // Post actions
    case openLink
    case toggleRead
    case toggleStarred
    /// `R`: fetch every subscribed feed in the background while browsing goes on.
    case refreshFeeds
    /// `A`: every post of the list (month, all posts or search results) read.
    case markAllRead
    /// `v`: the list cycles all posts → unread → starred.
    case cycleView
    /// `f`: the left pane shows the feeds, or the months again.
    case toggleFeeds
    /// `.`: the next unread post, opened: further down the list, then in the
    /// next month (or, with a feed chosen, the next feed with unread posts).
    case nextUnread
    /// `C`: every post of the chosen feed read.
    case markFeedRead
    /// `E`: the error screen (every failing feed with its error), or closes it.
    case toggleFailingFeeds
    /// The store's failing feeds, for the error screen.
    case failingFeedsLoaded([FeedStatus])
    /// `S` on search results: asks for a name to save the search under.
    case saveSearch
    /// The name prompt: typing, Enter (saves) and Esc.
    case linePrompt(LinePromptAction)
    /// The store kept the search under this name.
    case searchSaved(name: String)
    /// `+`: asks for the address of a feed to subscribe to.
    case addFeed
    /// `D`: asks whether to unsubscribe from the chosen feed.
    case removeFeed
    /// `T`: asks for the chosen feed's own title.
    case renameFeed
    /// The store gave the feed its title (empty: the source's again).
    case feedRenamed(title: String)
    /// The answer to `D`'s question: unsubscribe, keeping the posts or not; nil: no.
    case answerRemoval(purge: Bool?)
    /// `add` or `remove` ran (in a child process): its last line, and whether it failed.
    case feedCommandFinished(message: String, failed: Bool)
    /// `1`–`9` in an article: open its link number N (the `[N]` list under the text).
    case openLinkNumber(Int)
    /// `y`: copy the post's link.
    case copyLink
    /// The terminal cannot take OSC 52: the link is only shown.
    case clipboardUnavailable(String)
    /// `u`: undoes the last mark-all-read.
    case undo

    // Loads completed by the runtime
    case archiveLoaded([ArchiveMonth])
    case feedsLoaded([FeedStatus], searches: [SavedSearch])
    /// The store's answer to `findNextUnread`: the post, or nil when `filter` has none after the one asked about.
    case nextUnreadFound(PostSummary?, in: PostFilter)
    /// The list's size; `newestID` is the newest post stored when it was counted.
    case countLoaded(generation: Int, total: Int, newestID: Int64? = nil)
    case pageLoaded(generation: Int, offset: Int, rows: [PostSummary])
    case articleLoaded(Article?)
    case markedAllRead(ids: [Int64])
    /// The store undid the last mark-all-read (asked before it had answered): these posts are unread again.
    case undoneMarkAllRead(ids: [Int64])
    case failed(String)
    /// `refresh-interval` came round (or `refresh-on-start`): a refresh, unless one runs.
    case automaticRefresh
    /// A refresh started at this time (seconds since 1970, UTC).
    case refreshStarted(at: Int64)
    /// Background refresh: `done` of `total` feeds fetched so far.
    case refreshProgress(done: Int, total: Int)
    /// Background refresh ended: posts it added, and the feeds that failed with their errors.
    case refreshFinished(newPosts: Int, failures: [String])
    /// Another process changed the store (an import, a refresh, a second reader).
    case storeChanged
    /// The list read anew: its total (and the newest post then stored), and
    /// where the selected post now stands (nil: gone from it).
    case listReloaded(generation: Int, total: Int, newestID: Int64?, selectedIndex: Int?)
    /// A write (read, starred, mark all read, undo) failed; the message says why.
    case writeFailed(String)
}

/// What the reader asks of the `add` and `remove` commands.
public enum FeedCommand: Hashable, Sendable {
    case add(url: String)
    case remove(feedID: Int64, purge: Bool)
}

/// What the line prompt (`S`, `+`) does.
public enum LinePromptAction: Equatable, Sendable {
    case edit(TextInput.Edit)
    case submit
    case cancel
}

/// What the `/` prompt does: typing, and the results coming back.
public enum SearchAction: Equatable, Sendable {
    /// `/`: opens the prompt.
    case start
    case edit(TextInput.Edit)
    /// Enter: keeps the results and closes the prompt.
    case submit
    /// Esc: closes the prompt and brings back the screen from before `/`.
    case cancel
    /// A type-ahead search finished: its ids (at most the reader's limit),
    /// how many posts match in all and what its hits are. Ignored unless `generation` is the newest.
    case results(generation: Int, ids: [Int64], count: Int, matcher: SearchMatcher? = nil)
    /// A type-ahead search failed (a store error).
    case failed(generation: Int, message: String)
}

extension Action {
    /// Keys and clicks, as opposed to loads finishing and the terminal: these
    /// clear the status message. Every action is listed, so a new one must be classified.
    var isUserIntent: Bool {
        switch self {
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last, .scroll, .click,
             .open, .back, .quit, .cancelQuit, .toggleFocus, .focusArchive, .nextPost, .previousPost, .toggleHelp,
             .nextMatch, .previousMatch,
             .openLink, .toggleRead, .toggleStarred, .refreshFeeds, .markAllRead, .cycleView, .toggleFeeds, .nextUnread, .markFeedRead, .toggleFailingFeeds, .saveSearch, .linePrompt, .addFeed, .removeFeed, .renameFeed, .answerRemoval,
             .openLinkNumber,
             .copyLink, .undo:
            return true
        case let .search(action):
            switch action {
            case .start, .edit, .submit, .cancel: return true
            case .results, .failed: return false
            }
        // A redraw or a stop and `fg` keep the message on the screen.
        case .start, .resize, .redraw, .suspend,
             .archiveLoaded, .feedsLoaded, .nextUnreadFound, .failingFeedsLoaded, .searchSaved, .feedCommandFinished, .feedRenamed, .countLoaded, .pageLoaded, .articleLoaded, .markedAllRead, .undoneMarkAllRead, .failed,
             .clipboardUnavailable, .automaticRefresh, .refreshStarted, .refreshProgress, .refreshFinished, .storeChanged, .listReloaded, .writeFailed:
            return false
        }
    }
}

/// Work the reducer asks the runtime to do against the store or the system.
public enum Effect: Hashable, Sendable {
    /// The months of the filter's feed, counting the posts of its view; reports `archiveLoaded`.
    case loadArchive(PostFilter)
    /// Every feed with its unread count, and the saved searches with theirs; reports `feedsLoaded`.
    case loadFeeds
    /// Keeps `query` under `name` (a write); reports `searchSaved`.
    case saveSearch(name: String, query: String)
    /// `newsreader add` or `remove` on the reader's store, off the loop (a
    /// child process: the same checks, network and sync as the commands);
    /// reports `feedCommandFinished`.
    case feedCommand(FeedCommand)
    /// Gives feed `id` a title of its own (a write); reports `feedRenamed`.
    case renameFeed(id: Int64, title: String)
    /// The subscribed feeds whose last refresh failed, or that are gone; reports `failingFeedsLoaded`.
    case loadFailingFeeds
    /// The first unread post of `filter` (every month of it) after post
    /// `after` in the list's order (from the top when nil); reports `nextUnreadFound`.
    case findNextUnread(PostFilter, after: Int64?)
    case loadCount(PostFilter, generation: Int)
    case loadPage(PostFilter, offset: Int, limit: Int, generation: Int)
    /// A page of search results: the ids to fetch, in order.
    case loadPosts(ids: [Int64], offset: Int, generation: Int)
    case loadArticle(id: Int64)
    /// The count of a list and where post `keeping` stands in it now (the
    /// store changed underneath it); reports `listReloaded`.
    case reloadList(PostFilter, keeping: Int64?, generation: Int)
    /// Search as you type: runs off the main thread, at most one at a time
    /// (a newer one replaces any still waiting); reports `searchResults`.
    case searchAsYouType(SearchQuery, generation: Int)
    case setRead(Bool, postID: Int64)
    case setStarred(Bool, postID: Int64)
    /// The list's posts: search results by id, a filter up to the newest post it counted.
    case markAllRead(ListSource, upTo: Int64?)
    case copyToClipboard(String)
    case setReadMany(Bool, postIDs: [Int64])
    /// Undoes the last `markAllRead` the store made, whichever posts it changed;
    /// reports `undoneMarkAllRead`. (`u` before the store said which.)
    case undoMarkAllRead
    case openLink(String)
    /// Runs the feed refresh off the main thread; it reports back with refresh actions.
    case refreshFeeds
    /// Something only the terminal around the program can do.
    case terminal(TerminalRequest)
}

/// What the terminal loop carries out for the reader.
public enum TerminalRequest: Hashable, Sendable {
    /// Repaint every cell on the next draw.
    case redraw
    /// Give the terminal back as the shell had it and stop as a shell job;
    /// after `fg`, take it again and repaint.
    case suspend
}

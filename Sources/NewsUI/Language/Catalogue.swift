import NewsModel

/// Every string the reader shows, for one language. The two catalogues are
/// `Catalogue+English.swift` and `Catalogue+Swedish.swift`; code never spells
/// user-facing text itself, it asks `state.strings`.
public struct Catalogue: Sendable {
    public var language: Language

    // Months and places
    /// January … December, as they appear in `December 2021` / `december 2021`.
    public var monthNames: [String]
    public var allPosts: String
    public var undatedMonth: String
    /// The list's date column for a post without a date.
    public var undatedDay: String
    public var archiveTitle: String
    public var search: @Sendable (_ query: String) -> String
    public var hits: @Sendable (_ count: Int) -> String

    // Panes
    public var noPostsMatch: String
    /// While a type-ahead search has nothing to show yet.
    public var searching: String
    /// Beside the hit count when the query was longer than a search takes (see `SearchQuery.cuts`).
    public var queryCut: String
    public var noPostsHere: String
    public var terminalTooSmall: String
    public var atLeast: @Sendable (_ columns: Int, _ rows: Int) -> String
    public var articleLabels: ArticleText.Labels

    // Status line
    public var archiveStatus: String
    /// The key hints' short names (`open` in `Enter:open`).
    public var hints: [KeyHint: String]

    // Help overlay
    public var helpTitle: String
    public var helpMore: String
    /// The mouse, in the keys column.
    public var mouse: String
    /// What each command does, by its name (`Command.rawValue`), and the
    /// help lines that are not commands: `prompt-keys`, `link-numbers`, `mouse`, `list-marks`.
    public var help: [String: String]

    // Messages
    public var nothingToSearch: String
    /// `month:2021-13 is not a month`: a limit the search cannot use.
    public var queryProblem: @Sendable (SearchQuery.Problem) -> String
    public var markedRead: String
    public var markedUnread: String
    public var starred: String
    public var unstarred: String
    public var postGone: String
    public var lastPost: String
    public var firstPost: String
    public var matchesOnlyInPost: String
    public var noSearch: String
    public var noMatchesInPost: String
    public var wrappedToTop: String
    public var wrappedToBottom: String
    public var match: @Sendable (_ index: Int, _ count: Int) -> String
    public var noLink: String
    public var onlyWebLinks: String
    /// A mailto link that asks for more than to, cc, subject and body (an attachment).
    public var unsafeMailLink: String
    public var opening: @Sendable (_ link: String) -> String
    public var couldNotRun: @Sendable (_ program: String) -> String
    public var noBrowser: String
    // Background refresh (`R`).
    public var refreshing: String
    public var alreadyRefreshing: String
    public var refreshProgress: @Sendable (_ done: Int, _ total: Int) -> String
    public var refreshDone: @Sendable (_ newPosts: Int) -> String
    public var refreshFailed: @Sendable (_ newPosts: Int, _ firstError: String, _ others: Int) -> String
    public var confirmQuit: String
    public var markedAllRead: @Sendable (Int) -> String
    public var undoneMarkRead: @Sendable (Int) -> String
    public var nothingToUndo: String
    public var noLinkNumber: @Sendable (Int) -> String
    public var unreadView: String
    public var starredView: String
    public var copied: @Sendable (String) -> String
    public var linkIs: @Sendable (String) -> String
    /// Suspend asked where the shell has no job control (nothing could resume the reader).
    public var cannotSuspend: String
    public var storeError: @Sendable (_ error: String) -> String
    /// A change (read, starred, mark all read, undo) the store did not take.
    public var writeFailed: @Sendable (_ error: String) -> String

    // Feeds in the left pane (`f`) and the reading flow
    /// The left pane's title and status while it shows the feeds.
    public var feedsTitle: String
    /// The feeds' first row: every feed.
    public var allFeeds: String
    /// A chosen feed the pane does not know (yet).
    public var feedNumber: @Sendable (Int64) -> String
    /// `.`: no unread post after the selected one, in any month or feed.
    public var noMoreUnread: String
    /// `C` without a feed chosen.
    public var noFeedChosen: String
    /// `R` without a subscription.
    public var noSubscriptions: String

    // The error screen (`E`)
    public var feedErrorsTitle: String
    /// No subscribed feed failed its last refresh.
    public var noFeedErrors: String
    /// A feed that answered 410 Gone.
    public var feedGone: String
    public var hintsFeedErrors: String
    /// In the status line: when the last refresh ran (`08:15`, UTC).
    public var lastRefreshed: @Sendable (_ time: String) -> String

    // Saved searches (`S`)
    public var saveSearchAs: String
    public var searchSaved: @Sendable (_ name: String) -> String
    public var searchFirst: String
    public var searchNeedsName: String

    // Feeds added and removed in the reader (`+`, `D`)
    public var addFeedPrompt: String
    public var addingFeed: @Sendable (_ url: String) -> String
    public var removeQuestion: @Sendable (_ feed: String) -> String
    public var removingFeed: @Sendable (_ feed: String) -> String
    public var nothingRemoved: String
    public var renameFeedPrompt: String
    public var feedRenamed: @Sendable (_ title: String) -> String
    public var feedTitleReset: String

    /// A query in quotes (`"upphandling"`, Swedish `”upphandling”`), or as
    /// it is when it has quotes of its own (`"due diligence" -textilier`):
    /// quoting it again would read `""due diligence" -textilier"`.
    public static func quoting(_ query: String, open: String, close: String) -> String {
        query.contains { SearchQuery.quoteCharacters.contains($0) } ? query : open + query + close
    }

    /// `2021-12` → `December 2021` / `december 2021`; anything else unchanged.
    public func monthLabel(_ key: String?) -> String {
        guard let key else { return undatedMonth }
        let parts = key.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month) else { return key }
        return "\(monthNames[month - 1]) \(year)"
    }
}


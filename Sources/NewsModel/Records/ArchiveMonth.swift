/// One row of the archive: a UTC month and how many posts it holds.
public struct ArchiveMonth: Codable, Hashable, Sendable {
    /// `YYYY-MM`, or nil for the bucket of posts without a date.
    public var month: String?
    public var count: Int

    public init(month: String?, count: Int) {
        self.month = month
        self.count = count
    }

    /// `December 2021`, or `Undated`.
    public var label: String {
        guard let month else { return "Undated" }
        return UTCDate.monthLabel(month)
    }
}

/// Which posts a listing shows: a view (all, unread or starred), within
/// every month or one, of every feed or one. The reader's left pane picks
/// the month or the feed, `v` the view; each keeps the others.
public struct PostFilter: Hashable, Sendable {
    /// The reader's views, which `v` cycles through.
    public enum View: Hashable, Sendable, CaseIterable {
        case all, unread, starred
    }

    /// Every month, or one.
    public enum Months: Hashable, Sendable {
        case every
        /// One archive month (`YYYY-MM`), or the undated bucket when nil.
        case one(String?)
    }

    public var view: View
    public var months: Months
    /// One feed's posts only; nil for every feed.
    public var feedID: Int64?

    public init(view: View = .all, months: Months = .every, feedID: Int64? = nil) {
        self.view = view
        self.months = months
        self.feedID = feedID
    }

    /// Every post.
    public static let all = PostFilter()
    /// Every unread post (the reader's "unread" view).
    public static let unread = PostFilter(view: .unread)
    /// Every starred post (the reader's "starred" view).
    public static let starred = PostFilter(view: .starred)
    /// One archive month (`YYYY-MM`), or the undated bucket when nil.
    public static func month(_ month: String?) -> PostFilter { PostFilter(months: .one(month)) }

    /// The same filter for one month (or, with `.every`, for every month).
    public func with(months: Months) -> PostFilter {
        var filter = self
        filter.months = months
        return filter
    }

    /// The same filter in another view.
    public func with(view: View) -> PostFilter {
        var filter = self
        filter.view = view
        return filter
    }

    /// The same filter for one feed (nil: every feed).
    public func with(feedID: Int64?) -> PostFilter {
        var filter = self
        filter.feedID = feedID
        return filter
    }

    /// Whether a post with these fields is one of the filter's.
    public func contains(month: String?, feedID: Int64, isRead: Bool, isStarred: Bool) -> Bool {
        if case let .one(wanted) = months, wanted != month { return false }
        if let wanted = self.feedID, wanted != feedID { return false }
        switch view {
        case .all: return true
        case .unread: return !isRead
        case .starred: return isStarred
        }
    }
}

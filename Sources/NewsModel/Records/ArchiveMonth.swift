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

/// Which posts a listing shows.
public enum PostFilter: Hashable, Sendable {
    case all
    /// One archive month (`YYYY-MM`), or the undated bucket when nil.
    case month(String?)
    /// Every unread post (the reader's "unread" view).
    case unread
    /// Every starred post (the reader's "starred" view).
    case starred
}

import NewsModel

/// Where each pane sits for a screen size. Shared by the renderer and the
/// reducer (page sizes, mouse hits), so both agree on geometry.
public struct Layout: Hashable, Sendable {
    public static let minimumColumns = 20
    public static let minimumRows = 5
    /// From this width the archive and the list sit side by side.
    public static let twoPaneColumns = 60

    public var size: ScreenSize
    public var focus: Focus
    /// The config's `archive-width` (nil = automatic); never more than half the screen.
    public var archiveWidthSetting: Int?

    public init(size: ScreenSize, focus: Focus) {
        self.size = size
        self.focus = focus
    }

    public var isTooSmall: Bool {
        size.columns < Self.minimumColumns || size.rows < Self.minimumRows
    }

    public var isTwoPane: Bool { size.columns >= Self.twoPaneColumns }

    /// From this width an open article sits beside the list instead of covering it.
    public static let articleBesideListColumns = 120

    /// The article is open and shares the screen with the list.
    public var isArticleBesideList: Bool {
        focus == .article && size.columns >= Self.articleBesideListColumns
    }

    /// Row 0 holds the pane titles, the last row the status line; the panes fill the rest.
    public var bodyTop: Int { 1 }
    public var bodyHeight: Int { max(1, size.rows - 2) }
    public var statusRow: Int { size.rows - 1 }

    public var showsArchive: Bool { focus != .article && (isTwoPane || focus == .archive) }
    public var showsList: Bool { isArticleBesideList || (focus != .article && (isTwoPane || focus == .list)) }
    public var showsArticle: Bool { focus == .article }

    /// The archive is narrow: room for "September 2021", a bar and a count.
    public var archiveWidth: Int {
        guard isTwoPane else { return size.columns }
        if let setting = archiveWidthSetting { return min(setting, size.columns / 2) }
        return min(30, max(24, size.columns / 4))
    }

    public var archiveRange: Range<Int> { 0..<archiveWidth }

    /// The list's width when the article sits beside it.
    var listBesideArticleWidth: Int { max(40, size.columns * 2 / 5) }

    /// The column of the line between the two panes, if two are shown.
    public var dividerColumn: Int? {
        if isArticleBesideList { return listBesideArticleWidth }
        return isTwoPane && focus != .article ? archiveWidth : nil
    }

    public var listRange: Range<Int> {
        if isArticleBesideList { return 0..<listBesideArticleWidth }
        return isTwoPane ? (archiveWidth + 1)..<size.columns : 0..<size.columns
    }

    /// The columns of the article pane.
    public var articleRange: Range<Int> {
        isArticleBesideList ? (listBesideArticleWidth + 1)..<size.columns : 0..<size.columns
    }

    /// Article text keeps one column of margin on each side when there is room.
    public var articleTextRange: Range<Int> {
        let range = articleRange
        return range.count >= 30 ? (range.lowerBound + 1)..<(range.upperBound - 1) : range
    }

    /// The pane under column `x` of a body row.
    public func pane(atColumn x: Int) -> Focus? {
        if showsArticle && articleRange.contains(x) { return .article }
        if showsArchive && archiveRange.contains(x) { return .archive }
        if showsList && listRange.contains(x) { return .list }
        return nil
    }
}

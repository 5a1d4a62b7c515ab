import NewsModel

/// Moving, paging and scrolling in the three panes, the list's loads from
/// the store a page at a time, and opening and leaving months, posts and
/// search results.
enum Navigation {
    static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { Reducer.clamp(value, low, high) }

    static func resize(_ state: inout ReaderState, to size: ScreenSize) -> [Effect] {
        state.size = size
        if let article = state.article {
            state.article = article.rewrapped(width: state.layout.articleTextRange.count)
            clampArticle(&state)
        }
        keepArchiveSelectionVisible(&state)
        keepListSelectionVisible(&state)
        return loadVisibleRows(&state)
    }

    static func toggleFocus(_ state: inout ReaderState) -> [Effect] {
        switch state.focus {
        case .archive: state.focus = .list
        case .list: state.focus = .archive
        case .article: break
        }
        return []
    }

    static func focusArchive(_ state: inout ReaderState) -> [Effect] {
        state.focus = .archive
        keepArchiveSelectionVisible(&state)
        return []
    }

    /// `v`: all posts → unread → starred → all posts, in the same month and feed.
    static func cycleView(_ state: inout ReaderState) -> [Effect] {
        let views = PostFilter.View.allCases
        let next = views[(views.firstIndex(of: state.chosen.view)! + 1) % views.count]
        state.focus = .list
        state.article = nil
        state.searchReturn = nil
        return showSource(&state, .filter(state.chosen.with(view: next)))
    }

    /// `f`: the left pane shows the feeds instead of the months, or the
    /// months again, on the row of the feed or month the list shows.
    static func toggleFeeds(_ state: inout ReaderState) -> [Effect] {
        state.archive.showsFeeds.toggle()
        state.focus = .archive
        followChosen(&state)
        return state.archive.showsFeeds ? [.loadFeeds] : []
    }

    /// What the left pane counts, read anew: the months of the chosen feed
    /// in the chosen view, and the feeds' unread counts while they show.
    static func reloadArchive(_ state: ReaderState) -> [Effect] {
        [.loadArchive(state.chosen)] + (state.archive.showsFeeds ? [.loadFeeds] : [])
    }

    // MARK: - Loads that came back

    static func archiveLoaded(_ state: inout ReaderState, _ months: [ArchiveMonth]) -> [Effect] {
        state.archive.months = months
        followChosen(&state)
        return []
    }

    static func feedsLoaded(_ state: inout ReaderState, _ feeds: [FeedStatus], _ searches: [SavedSearch]) -> [Effect] {
        state.archive.feeds = feeds
        state.archive.searches = searches
        followChosen(&state)
        return []
    }

    /// The left pane's selection on the row of what the list shows, when it has one.
    static func followChosen(_ state: inout ReaderState) {
        if case let .search(results) = state.list.source, let row = state.archive.row(ofSearch: results.query.text) {
            state.archive.selected = row
        } else if let row = state.archive.row(of: state.chosen) { state.archive.selected = row }
        state.archive.selected = min(state.archive.selected, state.archive.rowCount - 1)
        keepArchiveSelectionVisible(&state)
    }

    static func countLoaded(_ state: inout ReaderState, generation: Int, total: Int, newestID: Int64?) -> [Effect] {
        guard generation == state.list.generation else { return [] }
        state.list.total = total
        state.list.newestID = newestID
        keepListSelectionVisible(&state)
        return loadVisibleRows(&state)
    }

    static func pageLoaded(_ state: inout ReaderState, generation: Int, offset: Int, rows: [PostSummary]) -> [Effect] {
        guard generation == state.list.generation else { return [] }
        state.list.loadedOffset = offset
        state.list.rows = rows
        return []
    }

    static func articleLoaded(_ state: inout ReaderState, _ article: Article?) -> [Effect] {
        guard let article else {
            state.message = StatusMessage(state.strings.postGone, isError: true)
            return []
        }
        let width = Layout(size: state.size, focus: .article).articleTextRange.count
        var view = ArticleView(article: article, width: width, labels: state.strings.articleLabels,
                               matcher: state.searchMatcher)
        var effects: [Effect] = []
        if let id = article.post.id, !article.post.isRead {
            // Opening a post marks it read, in the store and on screen.
            view.article.post.isRead = true
            if let row = state.list.rows.first(where: { $0.id == id }) {
                state.archive.noteChange(of: row, isRead: true, in: state.chosen)
            }
            state.list.update(id: id) { $0.isRead = true }
            effects.append(.setRead(true, postID: id))
        }
        view.top = 0
        state.article = view
        state.focus = .article
        return effects
    }

    // MARK: - Moving

    static func pageSize(_ state: ReaderState) -> Int { state.layout.bodyHeight }

    static func move(_ state: inout ReaderState, by delta: Int, paging: Bool = false) -> [Effect] {
        if state.isHelpVisible {
            state.helpTop = clamp(state.helpTop + delta, 0, HelpOverlay(state).maxTop)
            return []
        }
        if var screen = state.failingFeeds {
            let lines = FailingFeedsText.lines(screen.feeds, width: state.size.columns, state.strings).count
            screen.top = clamp(screen.top &+ delta, 0, max(0, lines - pageSize(state)))
            state.failingFeeds = screen
            return []
        }
        switch state.focus {
        case .article:
            guard var article = state.article else { return [] }
            article.top = clamp(article.top &+ delta, 0, maxArticleTop(state, article))
            state.article = article
            return []
        case .archive:
            let archive = state.archive
            let target = clamp(archive.selected &+ delta, 0, archive.rowCount - 1)
            if paging { state.archive.top = clamp(archive.top &+ delta, 0, max(0, archive.rowCount - pageSize(state))) }
            return selectArchiveRow(&state, target)
        case .list:
            let list = state.list
            guard list.total > 0 else { return [] }
            state.list.selected = clamp(list.selected &+ delta, 0, list.total - 1)
            if paging { state.list.top = clamp(list.top &+ delta, 0, max(0, list.total - pageSize(state))) }
            keepListSelectionVisible(&state)
            return loadVisibleRows(&state)
        }
    }

    static func scroll(_ state: inout ReaderState, lines: Int, column: Int) -> [Effect] {
        guard !state.isHelpVisible, state.prompt == nil else { return [] }
        let height = pageSize(state)
        switch state.layout.pane(atColumn: column) {
        case .article:
            return move(&state, by: lines)
        case .archive:
            state.archive.top = clamp(state.archive.top + lines, 0, max(0, state.archive.rowCount - height))
            return []
        case .list:
            let list = state.list
            guard list.total > 0 else { return [] }
            let top = clamp(list.top + lines, 0, max(0, list.total - height))
            state.list.top = top
            // The selection stays on screen, as in mutt and newsboat.
            state.list.selected = clamp(list.selected, top, min(list.total - 1, top + height - 1))
            return loadVisibleRows(&state)
        case nil:
            return []
        }
    }

    static func click(_ state: inout ReaderState, column: Int, row: Int) -> [Effect] {
        let layout = state.layout
        guard !layout.isTooSmall, row >= layout.bodyTop, row < layout.bodyTop + layout.bodyHeight else { return [] }
        let offset = row - layout.bodyTop
        switch layout.pane(atColumn: column) {
        case .archive:
            let index = state.archive.top + offset
            guard index < state.archive.rowCount else { return [] }
            state.focus = .archive
            return selectArchiveRow(&state, index)
        case .list:
            let index = state.list.top + offset
            guard index < state.list.total else { return [] }
            // Beside an open article a click opens the row at once.
            if state.focus == .article {
                state.list.selected = index
                let loads = loadVisibleRows(&state)
                return loads + (state.list.selectedPost.map { [.loadArticle(id: $0.id)] } ?? [])
            }
            // A click on the selected row opens it; elsewhere it selects.
            if state.focus == .list && index == state.list.selected { return open(&state) }
            state.focus = .list
            state.list.selected = index
            return loadVisibleRows(&state)
        case .article, nil:
            return []
        }
    }

    static func selectArchiveRow(_ state: inout ReaderState, _ row: Int) -> [Effect] {
        state.archive.selected = row
        keepArchiveSelectionVisible(&state)
        if let search = state.archive.savedSearch(at: row) { return SavedSearches.open(&state, search) }
        let filter = state.archive.filter(at: row, from: state.chosen)
        if case .filter(filter) = state.list.source { return [] }
        // Picking a month leaves any search.
        state.searchReturn = nil
        return showSource(&state, .filter(filter))
    }

    /// Replaces the list with a new source, from its first row.
    static func showSource(_ state: inout ReaderState, _ source: ListSource) -> [Effect] {
        // Results still awaited after Enter no longer replace the list.
        if state.prompt == nil { state.typeAhead = nil }
        state.list = PostList(source: source, generation: state.list.generation + 1)
        switch source {
        case let .filter(filter):
            let generation = state.list.generation
            return choose(&state, filter) + [.loadCount(filter, generation: generation),
                                             .loadPage(filter, offset: 0, limit: pageLimit(state), generation: generation)]
        case .search:
            return loadVisibleRows(&state)
        }
    }

    /// Notes `filter` as the chosen one; the months are counted anew for another feed or view.
    static func choose(_ state: inout ReaderState, _ filter: PostFilter) -> [Effect] {
        let before = state.chosen
        state.chosen = filter
        if let row = state.archive.row(of: filter) { state.archive.selected = row }
        keepArchiveSelectionVisible(&state)
        return before.feedID == filter.feedID && before.view == filter.view ? [] : [.loadArchive(filter)]
    }

    /// The same list again, after the store changed underneath it (another
    /// process imported, a refresh ended, a write failed): the selection
    /// stays on its post, at its place on the screen, and the rows are read anew.
    static func reloadList(_ state: inout ReaderState) -> [Effect] {
        let selected = state.list.selectedPost?.id
        state.list.rows = []
        switch state.list.source {
        case let .filter(filter):
            return [.reloadList(filter, keeping: selected, generation: state.list.generation)]
        case .search:
            // Results are the ids a search found: their rows are read anew, in the same order.
            return loadVisibleRows(&state)
        }
    }

    static func listReloaded(_ state: inout ReaderState, generation: Int, total: Int, newestID: Int64?,
                             selectedIndex: Int?) -> [Effect] {
        guard generation == state.list.generation else { return [] }
        state.list.total = total
        state.list.newestID = newestID
        if let index = selectedIndex {
            state.list.top += index - state.list.selected
            state.list.selected = index
        }
        keepListSelectionVisible(&state)
        return loadVisibleRows(&state)
    }

    // MARK: - Paging through the store

    /// One page each side of the visible one, so moving and paging rarely wait.
    static func pageLimit(_ state: ReaderState) -> Int { 3 * pageSize(state) }

    /// Asks for the rows around the visible ones when they are not in memory.
    static func loadVisibleRows(_ state: inout ReaderState) -> [Effect] {
        let list = state.list
        let height = pageSize(state)
        // One row beyond each edge, so J/K from an article always find their neighbour.
        let needed = max(0, list.top - 1)..<(list.top + height + 1)
        guard !list.hasLoaded(needed) else { return [] }
        let offset = max(0, list.top - height)
        let limit = pageLimit(state)
        switch list.source {
        case let .filter(filter):
            return [.loadPage(filter, offset: offset, limit: limit, generation: list.generation)]
        case let .search(results):
            let ids = Array(results.ids[min(offset, results.ids.count)..<min(offset + limit, results.ids.count)])
            return [.loadPosts(ids: ids, offset: offset, generation: list.generation)]
        }
    }

    static func keepListSelectionVisible(_ state: inout ReaderState) {
        let height = pageSize(state)
        var list = state.list
        list.selected = clamp(list.selected, 0, max(0, list.total - 1))
        if list.selected < list.top { list.top = list.selected }
        if list.selected >= list.top + height { list.top = list.selected - height + 1 }
        list.top = clamp(list.top, 0, max(0, list.total - height))
        state.list = list
    }

    static func keepArchiveSelectionVisible(_ state: inout ReaderState) {
        let height = pageSize(state)
        var archive = state.archive
        if archive.selected < archive.top { archive.top = archive.selected }
        if archive.selected >= archive.top + height { archive.top = archive.selected - height + 1 }
        archive.top = clamp(archive.top, 0, max(0, archive.rowCount - height))
        state.archive = archive
    }

    // MARK: - Opening and leaving

    static func open(_ state: inout ReaderState) -> [Effect] {
        switch state.focus {
        case .archive:
            state.focus = .list
            return []
        case .list:
            guard let post = state.list.selectedPost else { return [] }
            return [.loadArticle(id: post.id)]
        case .article:
            return []
        }
    }

    static func back(_ state: inout ReaderState) -> [Effect] {
        switch state.focus {
        case .article:
            state.focus = .list
            state.article = nil
            keepListSelectionVisible(&state)
            return loadVisibleRows(&state)
        case .archive:
            state.focus = .list
            return []
        case .list:
            if case .search = state.list.source { return leaveSearch(&state) }
            state.isQuitting = true
            return []
        }
    }

    /// Back from search results to the month (and row) the search started from.
    static func leaveSearch(_ state: inout ReaderState) -> [Effect] {
        state.typeAhead = nil
        guard let saved = state.searchReturn else {
            return showSource(&state, .filter(state.chosen))
        }
        state.searchReturn = nil
        return show(&state, saved)
    }

    /// A saved list again, at its row, its rows read anew: read and starred
    /// flags may have changed meanwhile.
    static func show(_ state: inout ReaderState, _ saved: SavedBrowsing) -> [Effect] {
        let generation = state.list.generation + 1
        var list = saved.list
        list.generation = generation
        list.rows = []
        state.list = list
        state.archive.selected = saved.archiveSelected
        state.focus = saved.focus
        keepListSelectionVisible(&state)
        keepArchiveSelectionVisible(&state)
        guard case let .filter(filter) = list.source else { return loadVisibleRows(&state) }
        return choose(&state, filter) + [.loadCount(filter, generation: generation)] + loadVisibleRows(&state)
    }

    static func stepPost(_ state: inout ReaderState, by delta: Int) -> [Effect] {
        guard state.focus == .article else { return move(&state, by: delta) }
        let target = state.list.selected + delta
        guard target >= 0, target < state.list.total else {
            state.message = StatusMessage(delta > 0 ? state.strings.lastPost : state.strings.firstPost)
            return []
        }
        state.list.selected = target
        keepListSelectionVisible(&state)
        let post = state.list.selectedPost
        let loads = loadVisibleRows(&state)
        guard let post else { return loads }
        return loads + [.loadArticle(id: post.id)]
    }

    // MARK: - The article

    /// `n` and `N`: the next or previous hit of the search in the article.
    static func jumpToMatch(_ state: inout ReaderState, forward: Bool) -> [Effect] {
        guard state.focus == .article, var article = state.article else {
            state.message = StatusMessage(state.strings.matchesOnlyInPost)
            return []
        }
        guard state.searchMatcher != nil else {
            state.message = StatusMessage(state.strings.noSearch)
            return []
        }
        guard let (target, wrapped) = article.nextHit(forward: forward, pageSize: pageSize(state)) else {
            state.message = StatusMessage(state.strings.noMatchesInPost)
            return []
        }
        article.currentHit = target
        // Keep two lines of context above the hit.
        article.top = clamp(article.hits[target].line - 2, 0, maxArticleTop(state, article))
        state.article = article
        if wrapped {
            state.message = StatusMessage(forward ? state.strings.wrappedToTop : state.strings.wrappedToBottom)
        } else {
            state.message = StatusMessage(state.strings.match(target + 1, article.hits.count))
        }
        return []
    }

    static func maxArticleTop(_ state: ReaderState, _ article: ArticleView) -> Int {
        max(0, article.lines.count - pageSize(state))
    }

    static func clampArticle(_ state: inout ReaderState) {
        guard var article = state.article else { return }
        article.top = clamp(article.top, 0, maxArticleTop(state, article))
        state.article = article
    }
}

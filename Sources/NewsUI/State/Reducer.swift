import NewsCore

/// The reader's logic: (state, action) → new state and the effects to run.
/// Pure: no store, no terminal, no clock; the runtime performs the effects
/// and feeds their results back as actions.
public enum Reducer {
    public static func reduce(_ state: ReaderState, _ action: Action) -> (ReaderState, [Effect]) {
        var state = state
        let effects = reduce(&state, action)
        return (state, effects)
    }

    public static func reduce(_ state: inout ReaderState, _ action: Action) -> [Effect] {
        if action.isUserIntent { state.message = nil }
        switch action {
        case .start:
            return [.loadArchive] + showSource(&state, .filter(.all))
        case let .resize(size):
            state.size = size
            if let article = state.article {
                state.article = article.rewrapped(width: state.layout.articleTextRange.count)
                clampArticle(&state)
            }
            keepArchiveSelectionVisible(&state)
            keepListSelectionVisible(&state)
            return loadVisibleRows(&state)
        case .redraw: return [.terminal(.redraw)]
        case .suspend: return [.terminal(.suspend)]

        case .moveDown: return move(&state, by: 1)
        case .moveUp: return move(&state, by: -1)
        case .pageDown: return move(&state, by: max(1, pageSize(state) - 1), paging: true)
        case .pageUp: return move(&state, by: -max(1, pageSize(state) - 1), paging: true)
        case .first: return move(&state, by: Int.min / 2)
        case .last: return move(&state, by: Int.max / 2)
        case let .scroll(lines, column): return scroll(&state, lines: lines, column: column)
        case let .click(column, row): return click(&state, column: column, row: row)

        case .open: return open(&state)
        case .back: return back(&state)
        case .quit:
            if state.settings.confirmQuit && !state.isConfirmingQuit {
                state.isConfirmingQuit = true
                state.message = StatusMessage(state.strings.confirmQuit)
                return []
            }
            state.isQuitting = true
            return []
        case .cancelQuit:
            state.isConfirmingQuit = false
            return []
        case .toggleFocus:
            switch state.focus {
            case .archive: state.focus = .list
            case .list: state.focus = .archive
            case .article: break
            }
            return []
        case .focusArchive:
            state.focus = .archive
            keepArchiveSelectionVisible(&state)
            return []
        case .nextPost: return stepPost(&state, by: 1)
        case .previousPost: return stepPost(&state, by: -1)
        case .toggleHelp:
            state.isHelpVisible.toggle()
            state.helpTop = 0
            return []

        case .startSearch:
            state.prompt = SearchPrompt()
            state.typeAhead = TypeAhead(before: saveBrowsing(state), beforeArticle: state.article,
                                        beforeSearch: state.beforeSearch, returnTo: returnPoint(state))
            return []
        case let .promptInsert(text):
            return editPrompt(&state) { prompt in
                var characters = Array(prompt.text)
                let room = SearchPrompt.maximumLength - characters.count
                guard room > 0 else { return }
                let inserted = Array(TerminalSafe.clean(text).prefix(room))
                characters.insert(contentsOf: inserted, at: prompt.cursor)
                prompt.text = String(characters)
                prompt.cursor += inserted.count
            }
        case .promptBackspace:
            return editPrompt(&state) { prompt in
                guard prompt.cursor > 0 else { return }
                var characters = Array(prompt.text)
                characters.remove(at: prompt.cursor - 1)
                prompt.text = String(characters)
                prompt.cursor -= 1
            }
        case .promptClear:
            return editPrompt(&state) { $0 = SearchPrompt() }
        case .promptCursorLeft:
            return editPrompt(&state) { $0.cursor = max(0, $0.cursor - 1) }
        case .promptCursorRight:
            return editPrompt(&state) { $0.cursor = min($0.text.count, $0.cursor + 1) }
        case .promptCursorHome:
            return editPrompt(&state) { $0.cursor = 0 }
        case .promptCursorEnd:
            return editPrompt(&state) { $0.cursor = $0.text.count }
        case .promptDelete:
            return editPrompt(&state) { prompt in
                guard prompt.cursor < prompt.text.count else { return }
                var characters = Array(prompt.text)
                characters.remove(at: prompt.cursor)
                prompt.text = String(characters)
            }
        case .promptCancel:
            state.prompt = nil
            guard let typeAhead = state.typeAhead else { return [] }
            state.typeAhead = nil
            return typeAhead.hasReplacedList ? restore(&state, typeAhead) : []
        case .promptSubmit:
            guard let prompt = state.prompt else { return [] }
            state.prompt = nil
            // A single letter is not searched while typing; Enter searches it.
            let effects = searchUnsearchedText(&state, prompt.text)
            guard var typeAhead = state.typeAhead, let query = typeAhead.query else {
                // The list is already the one from before `/`.
                state.typeAhead = nil
                state.message = SearchQuery(prompt.text).problem.map {
                    StatusMessage(state.strings.queryProblem($0), isError: true)
                } ?? StatusMessage(state.strings.nothingToSearch)
                return []
            }
            guard typeAhead.isWaiting else {
                state.typeAhead = nil
                return effects
            }
            // The results are still coming: they replace the list when they
            // arrive. Until then the list is the search, so q and Esc leave it.
            if !typeAhead.hasReplacedList {
                typeAhead.hasReplacedList = true
                state.beforeSearch = typeAhead.returnTo
                state.list = PostList(source: .search(SearchResults(query: query, ids: [])),
                                      generation: state.list.generation + 1)
                state.focus = .list
                state.article = nil
            }
            state.typeAhead = typeAhead
            return effects
        case let .searchResults(generation, ids, count, matcher):
            guard var typeAhead = state.typeAhead, generation == typeAhead.generation,
                  let query = typeAhead.query else { return [] }
            typeAhead.shownGeneration = generation
            typeAhead.hasReplacedList = true
            state.beforeSearch = typeAhead.returnTo
            state.list = PostList(source: .search(SearchResults(query: query, ids: ids, count: count, matcher: matcher)),
                                  generation: state.list.generation + 1)
            state.focus = .list
            state.article = nil
            // After Enter these were the last results awaited.
            state.typeAhead = state.prompt == nil ? nil : typeAhead
            return loadVisibleRows(&state)
        case let .searchFailed(generation, text):
            guard var typeAhead = state.typeAhead, generation == typeAhead.generation else { return [] }
            typeAhead.shownGeneration = generation
            state.typeAhead = state.prompt == nil ? nil : typeAhead
            state.message = StatusMessage(text, isError: true)
            return []
        case .nextMatch: return jumpToMatch(&state, forward: true)
        case .previousMatch: return jumpToMatch(&state, forward: false)

        case .openLink: return openLink(&state)
        case .toggleRead:
            guard let post = currentPost(state) else { return [] }
            let isRead = !post.isRead
            setFlags(&state, id: post.id, isRead: isRead)
            state.message = StatusMessage(isRead ? state.strings.markedRead : state.strings.markedUnread)
            return [.setRead(isRead, postID: post.id)]
        case .toggleStarred:
            guard let post = currentPost(state) else { return [] }
            let isStarred = !post.isStarred
            setFlags(&state, id: post.id, isStarred: isStarred)
            state.message = StatusMessage(isStarred ? state.strings.starred : state.strings.unstarred)
            return [.setStarred(isStarred, postID: post.id)]

        case .copyLink: return copyLink(&state)
        case let .openLinkNumber(number):
            guard state.focus == .article, let article = state.article else { return [] }
            let links = article.links
            guard number >= 1, number <= links.count else {
                state.message = StatusMessage(state.strings.noLinkNumber(number))
                return []
            }
            let link = links[number - 1]
            if let refusal = refusalMessage(state, link) {
                state.message = StatusMessage(refusal, isError: true)
                return []
            }
            state.message = StatusMessage(state.strings.opening(TerminalSafe.clean(link)))
            return [.openLink(link)]
        case .cycleView:
            var next = PostFilter.unread
            if case let .filter(filter) = state.list.source {
                next = filter == .unread ? .starred : (filter == .starred ? .all : .unread)
            }
            state.focus = .list
            state.article = nil
            state.beforeSearch = nil
            if let row = state.archive.row(of: next) { state.archive.selected = row }
            return showSource(&state, .filter(next))
        case let .clipboardUnavailable(link):
            state.message = StatusMessage(state.strings.linkIs(TerminalSafe.clean(link)))
            return []
        case .markAllRead:
            guard state.list.total > 0 else { return [] }
            return [.markAllRead(state.list.source, upTo: state.list.newestID)]
        case let .markedAllRead(ids):
            let changed = Set(ids)
            for index in state.list.rows.indices where changed.contains(state.list.rows[index].id) {
                state.list.rows[index].isRead = true
            }
            state.undoMarkRead = ids.isEmpty ? nil : ids
            state.message = StatusMessage(state.strings.markedAllRead(ids.count))
            return []
        case .undo:
            guard let ids = state.undoMarkRead else {
                state.message = StatusMessage(state.strings.nothingToUndo)
                return []
            }
            state.undoMarkRead = nil
            let changed = Set(ids)
            for index in state.list.rows.indices where changed.contains(state.list.rows[index].id) {
                state.list.rows[index].isRead = false
            }
            state.message = StatusMessage(state.strings.undoneMarkRead(ids.count))
            return [.setReadMany(false, postIDs: ids)]

        case let .archiveLoaded(months):
            state.archive.months = months
            if case let .filter(filter) = state.list.source, let row = state.archive.row(of: filter) {
                state.archive.selected = row
            }
            state.archive.selected = min(state.archive.selected, state.archive.rowCount - 1)
            keepArchiveSelectionVisible(&state)
            return []
        case .refreshFeeds:
            guard !state.isRefreshing else {
                state.message = StatusMessage(state.strings.alreadyRefreshing)
                return []
            }
            state.isRefreshing = true
            state.message = StatusMessage(state.strings.refreshing)
            return [.refreshFeeds]
        case let .refreshProgress(done, total):
            state.message = StatusMessage(state.strings.refreshProgress(done, total))
            return []
        case let .refreshFinished(newPosts, failures):
            state.isRefreshing = false
            if let first = failures.first {
                state.message = StatusMessage(state.strings.refreshFailed(newPosts, first, failures.count - 1), isError: true)
            } else {
                state.message = StatusMessage(state.strings.refreshDone(newPosts))
            }
            // Read the store anew even when nothing came: another process may have imported.
            return [.loadArchive] + reloadList(&state)

        case let .countLoaded(generation, total, newestID):
            guard generation == state.list.generation else { return [] }
            state.list.total = total
            state.list.newestID = newestID
            keepListSelectionVisible(&state)
            return loadVisibleRows(&state)
        case let .pageLoaded(generation, offset, rows):
            guard generation == state.list.generation else { return [] }
            state.list.loadedOffset = offset
            state.list.rows = rows
            return []
        case let .articleLoaded(article):
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
                state.list.update(id: id) { $0.isRead = true }
                effects.append(.setRead(true, postID: id))
            }
            view.top = 0
            state.article = view
            state.focus = .article
            return effects
        case let .failed(text):
            state.message = StatusMessage(text, isError: true)
            return []
        }
    }

    // MARK: - Moving

    static func pageSize(_ state: ReaderState) -> Int { state.layout.bodyHeight }

    static func move(_ state: inout ReaderState, by delta: Int, paging: Bool = false) -> [Effect] {
        if state.isHelpVisible {
            state.helpTop = clamp(state.helpTop + delta, 0, HelpOverlay(state).maxTop)
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
        let filter = state.archive.filter(at: row)
        if case .filter(filter) = state.list.source { return [] }
        // Picking a month leaves any search.
        state.beforeSearch = nil
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
            return [.loadCount(filter, generation: generation),
                    .loadPage(filter, offset: 0, limit: pageLimit(state), generation: generation)]
        case .search:
            return loadVisibleRows(&state)
        }
    }

    /// The same list again, after the store changed underneath it: the
    /// selection stays on its row number and the rows are read anew.
    static func reloadList(_ state: inout ReaderState) -> [Effect] {
        guard case let .filter(filter) = state.list.source else { return [] }
        let generation = state.list.generation
        state.list.rows = []
        return [.loadCount(filter, generation: generation),
                .loadPage(filter, offset: max(0, state.list.top - pageSize(state)), limit: pageLimit(state),
                          generation: generation)]
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
        guard let saved = state.beforeSearch else {
            return showSource(&state, .filter(state.archive.filter(at: state.archive.selected)))
        }
        state.beforeSearch = nil
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
        return [.loadCount(filter, generation: generation)] + loadVisibleRows(&state)
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

    // MARK: - Search

    /// Edits the prompt; a changed text asks for a search of it.
    static func editPrompt(_ state: inout ReaderState, _ edit: (inout SearchPrompt) -> Void) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        let text = prompt.text
        edit(&prompt)
        state.prompt = prompt
        return prompt.text == text ? [] : searchAsYouType(&state)
    }

    /// The prompt's text changed: search it in the background (a new
    /// generation, so older results are dropped), or, when it asks for
    /// nothing, show the list from before `/` again.
    static func searchAsYouType(_ state: inout ReaderState) -> [Effect] {
        guard let prompt = state.prompt, var typeAhead = state.typeAhead else { return [] }
        let query = SearchQuery(prompt.text)
        if let problem = query.problem {
            // Shown beside the prompt until the text is mended; nothing is searched.
            state.message = StatusMessage(state.strings.queryProblem(problem), isError: true)
        }
        if query.isEmpty || query.problem != nil || !isWorthSearchingAsYouType(query) {
            let replaced = typeAhead.hasReplacedList
            typeAhead.query = nil
            typeAhead.generation = nil
            typeAhead.shownGeneration = nil
            typeAhead.hasReplacedList = false
            state.typeAhead = typeAhead
            return replaced ? restore(&state, typeAhead) : []
        }
        // Spacing alone (or a closing quote) does not change what is asked:
        // no new search, but the title shows the text as it now reads.
        if let asked = typeAhead.query, asked.terms == query.terms, asked.feedNames == query.feedNames,
           asked.dateRange == query.dateRange {
            typeAhead.query = query
            state.typeAhead = typeAhead
            if typeAhead.shownGeneration == typeAhead.generation, case var .search(results) = state.list.source {
                results.query = query
                state.list.source = .search(results)
            }
            return []
        }
        return askSearch(&state, typeAhead, query)
    }

    /// Asks for a search of `query` as a new generation (older results are dropped).
    static func askSearch(_ state: inout ReaderState, _ typeAhead: TypeAhead, _ query: SearchQuery) -> [Effect] {
        var typeAhead = typeAhead
        state.searchGeneration += 1
        typeAhead.query = query
        typeAhead.generation = state.searchGeneration
        state.typeAhead = typeAhead
        return [.searchAsYouType(query, generation: state.searchGeneration)]
    }

    /// A query of single letters only matches most of a big store, and
    /// FTS5 would gather every word starting with the letter (tens of MB on
    /// 100,000 posts): typing waits for a second letter; Enter searches it.
    static func isWorthSearchingAsYouType(_ query: SearchQuery) -> Bool {
        if !query.feedNames.isEmpty || query.dateRange != nil { return true }
        return query.terms.contains { term in
            if case let .word(word, _) = term { return word.count > 1 }
            return true
        }
    }

    /// Starts the search of `text` if typing did not (see `isWorthSearchingAsYouType`).
    static func searchUnsearchedText(_ state: inout ReaderState, _ text: String) -> [Effect] {
        guard let typeAhead = state.typeAhead, typeAhead.query == nil else { return [] }
        let query = SearchQuery(text)
        guard !query.isEmpty, query.problem == nil else { return [] }
        return askSearch(&state, typeAhead, query)
    }

    /// The list, selection, focus and article as they are now.
    static func saveBrowsing(_ state: ReaderState) -> SavedBrowsing {
        SavedBrowsing(list: state.list, archiveSelected: state.archive.selected, focus: state.focus)
    }

    /// Where leaving search results started from here returns to: this list,
    /// or, from other results, where those would have returned.
    static func returnPoint(_ state: ReaderState) -> SavedBrowsing? {
        guard case .filter = state.list.source else { return state.beforeSearch }
        var saved = saveBrowsing(state)
        saved.focus = state.focus == .article ? .list : state.focus
        return saved
    }

    /// Back to the screen from before `/` (Esc, or a query emptied).
    static func restore(_ state: inout ReaderState, _ typeAhead: TypeAhead) -> [Effect] {
        state.beforeSearch = typeAhead.beforeSearch
        let effects = show(&state, typeAhead.before)
        // The terminal may have been resized meanwhile.
        state.article = typeAhead.beforeArticle?.rewrapped(width: state.layout.articleTextRange.count)
        clampArticle(&state)
        return effects
    }

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

    // MARK: - Post actions

    /// The post the keys act on: the open article, else the selected row.
    static func currentPost(_ state: ReaderState) -> PostSummary? {
        if state.focus == .article, let article = state.article, let id = article.article.post.id {
            let post = article.article.post
            return PostSummary(id: id, title: post.title, published: post.published, month: post.month,
                               feed: article.article.feedTitle, link: post.link,
                               isRead: post.isRead, isStarred: post.isStarred, feedId: post.feedId)
        }
        return state.focus == .list ? state.list.selectedPost : nil
    }

    static func setFlags(_ state: inout ReaderState, id: Int64, isRead: Bool? = nil, isStarred: Bool? = nil) {
        state.list.update(id: id) { post in
            if let isRead { post.isRead = isRead }
            if let isStarred { post.isStarred = isStarred }
        }
        if var article = state.article, article.article.post.id == id {
            if let isRead { article.article.post.isRead = isRead }
            if let isStarred { article.article.post.isStarred = isStarred }
            state.article = article
        }
    }

    static func openLink(_ state: inout ReaderState) -> [Effect] {
        guard let post = currentPost(state) else { return [] }
        guard let link = post.link.map({ PlainText.collapsingWhitespace($0) }), !link.isEmpty else {
            state.message = StatusMessage(state.strings.noLink)
            return []
        }
        if let refusal = refusalMessage(state, link) {
            state.message = StatusMessage(refusal, isError: true)
            return []
        }
        state.message = StatusMessage(state.strings.opening(TerminalSafe.clean(link)))
        return [.openLink(link)]
    }

    /// Why `link` is not opened (see `LinkPolicy`), or nil.
    static func refusalMessage(_ state: ReaderState, _ link: String) -> String? {
        switch LinkPolicy.refusal(of: link) {
        case nil: return nil
        case .scheme: return state.strings.onlyWebLinks
        case .mailField: return state.strings.unsafeMailLink
        }
    }

    /// `y`: the link goes to the clipboard through OSC 52 where the terminal
    /// takes it, and is shown in the status line either way.
    static func copyLink(_ state: inout ReaderState) -> [Effect] {
        guard let post = currentPost(state) else { return [] }
        guard let link = post.link.map({ PlainText.collapsingWhitespace($0) }), !link.isEmpty else {
            state.message = StatusMessage(state.strings.noLink)
            return []
        }
        state.message = StatusMessage(state.strings.copied(TerminalSafe.clean(link)))
        return [.copyToClipboard(link)]
    }

    // MARK: - Helpers

    static func maxArticleTop(_ state: ReaderState, _ article: ArticleView) -> Int {
        max(0, article.lines.count - pageSize(state))
    }

    static func clampArticle(_ state: inout ReaderState) {
        guard var article = state.article else { return }
        article.top = clamp(article.top, 0, maxArticleTop(state, article))
        state.article = article
    }

    static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
        min(max(value, low), max(low, high))
    }
}

extension Action {
    /// Keys and clicks, as opposed to loads finishing: these clear the status message.
    var isUserIntent: Bool {
        switch self {
        // A redraw or a stop and `fg` keep the message on the screen.
        case .start, .resize, .redraw, .suspend, .archiveLoaded, .countLoaded, .pageLoaded, .articleLoaded, .searchResults,
             .searchFailed, .failed,
             .refreshProgress, .refreshFinished, .markedAllRead, .clipboardUnavailable:
            return false
        default:
            return true
        }
    }
}

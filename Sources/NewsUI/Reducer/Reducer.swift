/// The reader's logic: (state, action) → new state and the effects to run.
/// Pure: no store, no terminal, no clock; the runtime performs the effects
/// and feeds their results back as actions.
///
/// This switch is the table of contents: each action goes to the part that
/// owns it: `Navigation` (moving, paging, the list's loads, opening and
/// leaving), `TypeAheadSearch` (the `/` prompt and its results),
/// `PostActions` (read, starred, links, mark all read, refresh).
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
            return [.loadArchive(.all)] + Navigation.showSource(&state, .filter(.all))
        case let .resize(size):
            return Navigation.resize(&state, to: size)
        case .redraw: return [.terminal(.redraw)]
        case .suspend: return [.terminal(.suspend)]
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
        case .toggleHelp:
            state.isHelpVisible.toggle()
            state.helpTop = 0
            return []
        case let .failed(text):
            state.message = StatusMessage(text, isError: true)
            return []
        case let .writeFailed(text):
            // The screen shows what the store holds again.
            state.message = StatusMessage(text, isError: true)
            return Navigation.reloadList(&state)

        case .moveDown: return Navigation.move(&state, by: 1)
        case .moveUp: return Navigation.move(&state, by: -1)
        case .pageDown: return Navigation.move(&state, by: max(1, Navigation.pageSize(state) - 1), paging: true)
        case .pageUp: return Navigation.move(&state, by: -max(1, Navigation.pageSize(state) - 1), paging: true)
        case .first: return Navigation.move(&state, by: Int.min / 2)
        case .last: return Navigation.move(&state, by: Int.max / 2)
        case let .scroll(lines, column): return Navigation.scroll(&state, lines: lines, column: column)
        case let .click(column, row): return Navigation.click(&state, column: column, row: row)
        case .open: return Navigation.open(&state)
        case .back: return Navigation.back(&state)
        case .toggleFocus: return Navigation.toggleFocus(&state)
        case .focusArchive: return Navigation.focusArchive(&state)
        case .nextPost: return Navigation.stepPost(&state, by: 1)
        case .previousPost: return Navigation.stepPost(&state, by: -1)
        case .cycleView: return Navigation.cycleView(&state)
        case .toggleFeeds: return Navigation.toggleFeeds(&state)
        case .nextUnread: return ReadingFlow.nextUnread(&state)
        case let .nextUnreadFound(post, filter): return ReadingFlow.found(&state, post, in: filter)
        case .markFeedRead: return ReadingFlow.markFeedRead(&state)
        case .toggleFailingFeeds:
            if state.failingFeeds != nil {
                state.failingFeeds = nil
                return []
            }
            return [.loadFailingFeeds]
        case .saveSearch: return SavedSearches.start(&state)
        case let .linePrompt(action): return SavedSearches.reduce(&state, action)
        case let .searchSaved(name): return SavedSearches.saved(&state, name)
        case .addFeed:
            state.linePrompt = LinePrompt(.addFeed)
            return []
        case .removeFeed: return FeedManagement.askRemoval(&state)
        case .renameFeed: return FeedManagement.askTitle(&state)
        case let .feedRenamed(title): return FeedManagement.renamed(&state, title)
        case let .answerRemoval(purge): return FeedManagement.answerRemoval(&state, purge: purge)
        case let .feedCommandFinished(message, failed):
            state.message = StatusMessage(message, isError: failed)
            return Navigation.reloadArchive(state) + Navigation.reloadList(&state)
        case let .failingFeedsLoaded(feeds):
            state.isHelpVisible = false
            state.failingFeeds = FailingFeedsScreen(feeds: feeds)
            return []
        case .nextMatch: return Navigation.jumpToMatch(&state, forward: true)
        case .previousMatch: return Navigation.jumpToMatch(&state, forward: false)
        case let .archiveLoaded(months): return Navigation.archiveLoaded(&state, months)
        case let .feedsLoaded(feeds, searches): return Navigation.feedsLoaded(&state, feeds, searches)
        case let .countLoaded(generation, total, newestID):
            return Navigation.countLoaded(&state, generation: generation, total: total, newestID: newestID)
        case let .pageLoaded(generation, offset, rows):
            return Navigation.pageLoaded(&state, generation: generation, offset: offset, rows: rows)
        case let .articleLoaded(article): return Navigation.articleLoaded(&state, article)
        case .storeChanged: return Navigation.reloadArchive(state) + Navigation.reloadList(&state)
        case let .listReloaded(generation, total, newestID, selectedIndex):
            return Navigation.listReloaded(&state, generation: generation, total: total, newestID: newestID,
                                           selectedIndex: selectedIndex)

        case let .search(action): return TypeAheadSearch.reduce(&state, action)

        case .openLink: return PostActions.openLink(&state)
        case let .openLinkNumber(number): return PostActions.openLink(&state, number: number)
        case .copyLink: return PostActions.copyLink(&state)
        case let .clipboardUnavailable(link): return PostActions.clipboardUnavailable(&state, link)
        case .toggleRead: return PostActions.toggleRead(&state)
        case .toggleStarred: return PostActions.toggleStarred(&state)
        case .markAllRead: return PostActions.markAllRead(&state)
        case let .markedAllRead(ids): return PostActions.markedAllRead(&state, ids)
        case let .undoneMarkAllRead(ids): return PostActions.undoneMarkAllRead(&state, ids)
        case .undo: return PostActions.undo(&state)
        case .refreshFeeds: return PostActions.refresh(&state)
        case .automaticRefresh: return PostActions.automaticRefresh(&state)
        case let .refreshStarted(time):
            state.lastRefresh = time
            return []
        case let .refreshProgress(done, total): return PostActions.refreshProgress(&state, done: done, total: total)
        case let .refreshFinished(newPosts, failures):
            return PostActions.refreshFinished(&state, newPosts: newPosts, failures: failures)
        }
    }

    static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
        min(max(value, low), max(low, high))
    }
}

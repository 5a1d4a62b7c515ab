import NewsModel

/// Reading one's feeds through: the next unread post wherever it is (`.`),
/// and a whole feed marked read (`C`).
enum ReadingFlow {
    /// `.`: the selected row when it is unread (in the list), else the next
    /// unread post after the current one. Loaded rows answer at once; the
    /// store looks further (the rest of the list, then older months).
    static func nextUnread(_ state: inout ReaderState) -> [Effect] {
        let current = PostActions.currentPost(state)
        if state.focus != .article, let post = state.list.selectedPost, !post.isRead {
            return [.loadArticle(id: post.id)]
        }
        let start = state.focus == .archive ? -1 : state.list.selected
        if let index = (start + 1..<max(start + 1, state.list.loadedOffset + state.list.rows.count)).first(where: {
            state.list.row(at: $0).map { !$0.isRead } ?? false
        }), state.list.hasLoaded(start + 1..<index + 1) {
            return open(&state, at: index)
        }
        switch state.list.source {
        case .search:
            // Results are what the search found: nothing beyond them.
            state.message = StatusMessage(state.strings.noMoreUnread)
            return []
        case let .filter(filter):
            return [.findNextUnread(filter.with(months: .every), after: state.focus == .archive ? nil : current?.id)]
        }
    }

    /// The store's answer: the post is opened, in its month if the list
    /// shows one month; with none left in a chosen feed, the next feed with
    /// unread posts is asked.
    static func found(_ state: inout ReaderState, _ post: PostSummary?, in filter: PostFilter) -> [Effect] {
        guard let post else {
            if let next = nextFeedWithUnread(state, after: filter.feedID) {
                return [.findNextUnread(filter.with(feedID: next), after: nil)]
            }
            state.message = StatusMessage(state.strings.noMoreUnread)
            return []
        }
        var target = filter
        if case .one = state.chosen.months { target.months = .one(post.month) }
        var effects: [Effect] = []
        if state.list.source != .filter(target) {
            state.searchReturn = nil
            effects = Navigation.showSource(&state, .filter(target))
        }
        // Where it stands in the list: the answer selects it.
        effects.append(.reloadList(target, keeping: post.id, generation: state.list.generation))
        effects.append(.loadArticle(id: post.id))
        return effects
    }

    /// The feed after `feedID` in the feeds' order that has unread posts (nil when no feed was chosen).
    static func nextFeedWithUnread(_ state: ReaderState, after feedID: Int64?) -> Int64? {
        guard let feedID, let index = state.archive.feeds.firstIndex(where: { $0.feed.id == feedID }) else { return nil }
        return state.archive.feeds[(index + 1)...].first { $0.unreadCount > 0 }?.feed.id
    }

    static func open(_ state: inout ReaderState, at index: Int) -> [Effect] {
        state.list.selected = index
        Navigation.keepListSelectionVisible(&state)
        let loads = Navigation.loadVisibleRows(&state)
        guard let post = state.list.selectedPost else { return loads }
        return loads + [.loadArticle(id: post.id)]
    }

    /// `C`: the chosen feed (the selected row while the feeds pane has the
    /// keys) read, every month and view of it; `u` undoes it as `A`'s.
    static func markFeedRead(_ state: inout ReaderState) -> [Effect] {
        guard let feedID = FeedManagement.chosenFeed(state) else {
            state.message = StatusMessage(state.strings.noFeedChosen)
            return []
        }
        for index in state.list.rows.indices where state.list.rows[index].feedId == feedID {
            state.list.rows[index].isRead = true
        }
        state.undoMarkRead = .pending
        return [.markAllRead(.filter(PostFilter(feedID: feedID)), upTo: state.list.newestID)]
    }
}

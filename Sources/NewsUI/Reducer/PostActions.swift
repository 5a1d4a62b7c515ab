import NewsModel

/// What the keys do to a post or to the whole list: read and starred
/// flags, its links, mark all read and its undo, and the feed refresh.
/// Flags change on screen at once; the store follows through effects.
enum PostActions {
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

    // MARK: - Flags

    static func toggleRead(_ state: inout ReaderState) -> [Effect] {
        guard let post = currentPost(state) else { return [] }
        let isRead = !post.isRead
        setFlags(&state, id: post.id, isRead: isRead)
        state.message = StatusMessage(isRead ? state.strings.markedRead : state.strings.markedUnread)
        return [.setRead(isRead, postID: post.id)]
    }

    static func toggleStarred(_ state: inout ReaderState) -> [Effect] {
        guard let post = currentPost(state) else { return [] }
        let isStarred = !post.isStarred
        setFlags(&state, id: post.id, isStarred: isStarred)
        state.message = StatusMessage(isStarred ? state.strings.starred : state.strings.unstarred)
        return [.setStarred(isStarred, postID: post.id)]
    }

    static func setFlags(_ state: inout ReaderState, id: Int64, isRead: Bool? = nil, isStarred: Bool? = nil) {
        if let post = state.list.rows.first(where: { $0.id == id }) ?? currentPost(state).flatMap({ $0.id == id ? $0 : nil }) {
            state.archive.noteChange(of: post, isRead: isRead, isStarred: isStarred, in: state.chosen)
        }
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

    /// `A`: the rows on screen are read at once; the store marks the whole
    /// list's posts and answers with the ids it changed (for `u`).
    static func markAllRead(_ state: inout ReaderState) -> [Effect] {
        guard state.list.total > 0 else { return [] }
        for index in state.list.rows.indices { state.list.rows[index].isRead = true }
        state.undoMarkRead = .pending
        return [.markAllRead(state.list.source, upTo: state.list.newestID)]
    }

    static func markedAllRead(_ state: inout ReaderState, _ ids: [Int64]) -> [Effect] {
        setRead(&state, true, ids)
        // Unless `u` came first (the store undoes it by itself, next).
        if state.undoMarkRead == .pending { state.undoMarkRead = ids.isEmpty ? nil : .posts(ids) }
        state.message = StatusMessage(state.strings.markedAllRead(ids.count))
        return Navigation.reloadArchive(state)
    }

    /// `u`: the posts the last mark-all-read changed are unread again, on
    /// screen at once when the store has said which, else when it has undone them.
    static func undo(_ state: inout ReaderState) -> [Effect] {
        switch state.undoMarkRead {
        case nil:
            state.message = StatusMessage(state.strings.nothingToUndo)
            return []
        case .pending:
            state.undoMarkRead = nil
            return [.undoMarkAllRead]
        case let .posts(ids):
            state.undoMarkRead = nil
            // The write first: counts read after it is asked for are read again once it is in.
            let write = Effect.setReadMany(false, postIDs: ids)
            return [write] + undoneMarkAllRead(&state, ids)
        }
    }

    static func undoneMarkAllRead(_ state: inout ReaderState, _ ids: [Int64]) -> [Effect] {
        setRead(&state, false, ids)
        state.message = StatusMessage(state.strings.undoneMarkRead(ids.count))
        return Navigation.reloadArchive(state)
    }

    static func setRead(_ state: inout ReaderState, _ isRead: Bool, _ ids: [Int64]) {
        let changed = Set(ids)
        for index in state.list.rows.indices where changed.contains(state.list.rows[index].id) {
            state.list.rows[index].isRead = isRead
        }
    }

    // MARK: - Links

    static func openLink(_ state: inout ReaderState) -> [Effect] {
        guard let post = currentPost(state) else { return [] }
        guard let link = post.link.map({ PlainText.collapsingWhitespace($0) }), !link.isEmpty else {
            state.message = StatusMessage(state.strings.noLink)
            return []
        }
        return open(&state, link)
    }

    /// `1`–`9` in an article: its link `[N]`.
    static func openLink(_ state: inout ReaderState, number: Int) -> [Effect] {
        guard state.focus == .article, let article = state.article else { return [] }
        let links = article.links
        guard number >= 1, number <= links.count else {
            state.message = StatusMessage(state.strings.noLinkNumber(number))
            return []
        }
        return open(&state, links[number - 1])
    }

    /// Hands `link` to the browser if it is one the reader opens.
    static func open(_ state: inout ReaderState, _ link: String) -> [Effect] {
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

    static func clipboardUnavailable(_ state: inout ReaderState, _ link: String) -> [Effect] {
        state.message = StatusMessage(state.strings.linkIs(TerminalSafe.clean(link)))
        return []
    }

    // MARK: - Refresh

    /// `R`: every subscribed feed, fetched in the background while browsing goes on.
    static func refresh(_ state: inout ReaderState) -> [Effect] {
        guard !state.isRefreshing else {
            state.message = StatusMessage(state.strings.alreadyRefreshing)
            return []
        }
        state.isRefreshing = true
        state.isAutomaticRefresh = false
        state.refreshTotal = nil
        state.message = StatusMessage(state.strings.refreshing)
        return [.refreshFeeds]
    }

    /// `refresh-interval` or `refresh-on-start`: as `R`, but quietly, and
    /// never over a refresh that runs.
    static func automaticRefresh(_ state: inout ReaderState) -> [Effect] {
        guard !state.isRefreshing else { return [] }
        state.isRefreshing = true
        state.isAutomaticRefresh = true
        state.refreshTotal = nil
        return [.refreshFeeds]
    }

    static func refreshProgress(_ state: inout ReaderState, done: Int, total: Int) -> [Effect] {
        state.refreshTotal = total
        if !state.isAutomaticRefresh { state.message = StatusMessage(state.strings.refreshProgress(done, total)) }
        return []
    }

    static func refreshFinished(_ state: inout ReaderState, newPosts: Int, failures: [String]) -> [Effect] {
        state.isRefreshing = false
        let wasAutomatic = state.isAutomaticRefresh
        state.isAutomaticRefresh = false
        if wasAutomatic && failures.isEmpty && (newPosts == 0 || state.prompt != nil) {
            // Nothing to say (or the prompt is open): the new posts simply appear.
        } else if let first = failures.first {
            state.message = StatusMessage(state.strings.refreshFailed(newPosts, first, failures.count - 1), isError: true)
        } else if state.refreshTotal == 0 {
            // Nothing to fetch: say how to get something.
            state.message = StatusMessage(state.strings.noSubscriptions)
        } else {
            state.message = StatusMessage(state.strings.refreshDone(newPosts))
        }
        // Read the store anew even when nothing came: another process may have imported.
        return Navigation.reloadArchive(state) + Navigation.reloadList(&state)
    }
}

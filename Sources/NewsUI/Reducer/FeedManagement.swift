import NewsModel

/// Subscribing and unsubscribing from the reader: `+` asks for an address,
/// `D` asks before it removes the chosen feed (keeping its posts or not).
/// The work is the `add` and `remove` commands' own, run off the loop, so
/// the checks, the network and a sync server are the same as on the command line.
enum FeedManagement {
    static func add(_ state: inout ReaderState, _ url: String) -> [Effect] {
        guard !url.isEmpty else { return [] }
        state.message = StatusMessage(state.strings.addingFeed(TerminalSafe.clean(url)))
        return [.feedCommand(.add(url: url))]
    }

    /// The chosen feed: the selected row while the feeds pane has the keys, else the list's feed.
    static func chosenFeed(_ state: ReaderState) -> Int64? {
        if state.focus == .archive, state.archive.showsFeeds { return state.archive.feed(at: state.archive.selected)?.feed.id }
        return state.chosen.feedID
    }

    static func askRemoval(_ state: inout ReaderState) -> [Effect] {
        guard let id = chosenFeed(state) else {
            state.message = StatusMessage(state.strings.noFeedChosen)
            return []
        }
        let title = state.archive.feedTitle(id) ?? state.strings.feedNumber(id)
        state.removalQuestion = RemovalQuestion(feedID: id, title: title)
        state.message = StatusMessage(state.strings.removeQuestion(title))
        return []
    }

    /// `T`: the chosen feed's title in the prompt, to edit.
    static func askTitle(_ state: inout ReaderState) -> [Effect] {
        guard let id = chosenFeed(state) else {
            state.message = StatusMessage(state.strings.noFeedChosen)
            return []
        }
        state.linePrompt = LinePrompt(.renameFeed(id: id), text: state.archive.feedTitle(id) ?? "")
        return []
    }

    static func renamed(_ state: inout ReaderState, _ title: String) -> [Effect] {
        state.message = StatusMessage(title.isEmpty ? state.strings.feedTitleReset : state.strings.feedRenamed(TerminalSafe.clean(title)))
        return Navigation.reloadArchive(state) + Navigation.reloadList(&state)
    }

    static func answerRemoval(_ state: inout ReaderState, purge: Bool?) -> [Effect] {
        guard let question = state.removalQuestion else { return [] }
        state.removalQuestion = nil
        guard let purge else {
            state.message = StatusMessage(state.strings.nothingRemoved)
            return []
        }
        state.message = StatusMessage(state.strings.removingFeed(question.title))
        var effects: [Effect] = [.feedCommand(.remove(feedID: question.feedID, purge: purge))]
        // Its posts may go: the list shows every feed's again.
        if state.chosen.feedID == question.feedID {
            state.searchReturn = nil
            effects += Navigation.showSource(&state, .filter(state.chosen.with(feedID: nil)))
        }
        return effects
    }
}

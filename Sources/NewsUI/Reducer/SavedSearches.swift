import NewsModel

/// Searches kept under a name: `S` on search results asks for the name; the
/// feeds pane lists them with their counts, and choosing one runs it as if
/// typed after `/` (Esc or `q` then leave it as any search's results).
enum SavedSearches {
    /// `S`: the name prompt, for the results on screen.
    static func start(_ state: inout ReaderState) -> [Effect] {
        guard case let .search(results) = state.list.source, state.prompt == nil else {
            state.message = StatusMessage(state.strings.searchFirst)
            return []
        }
        state.linePrompt = LinePrompt(.saveSearch(query: results.query.text))
        return []
    }

    static func reduce(_ state: inout ReaderState, _ action: LinePromptAction) -> [Effect] {
        guard var naming = state.linePrompt else { return [] }
        switch action {
        case let .edit(edit):
            if case let .insert(text) = edit { naming.input.update(.insert(TerminalSafe.clean(text))) } else { naming.input.update(edit) }
            state.linePrompt = naming
            return []
        case .cancel:
            state.linePrompt = nil
            return []
        case .submit:
            state.linePrompt = nil
            let text = Whitespace.trim(naming.input.text)
            switch naming.purpose {
            case .addFeed:
                return FeedManagement.add(&state, text)
            case let .renameFeed(id):
                return [.renameFeed(id: id, title: text)]
            case let .saveSearch(query):
                guard !text.isEmpty else {
                    state.message = StatusMessage(state.strings.searchNeedsName, isError: true)
                    return []
                }
                return [.saveSearch(name: text, query: query)]
            }
        }
    }

    static func saved(_ state: inout ReaderState, _ name: String) -> [Effect] {
        state.message = StatusMessage(state.strings.searchSaved(TerminalSafe.clean(name)))
        return state.archive.showsFeeds ? [.loadFeeds] : []
    }

    /// A saved search chosen in the feeds pane: its query, searched as `/` would.
    static func open(_ state: inout ReaderState, _ search: SavedSearch) -> [Effect] {
        if case let .search(results) = state.list.source, results.query.text == search.query { return [] }
        state.typeAhead = nil
        var effects = TypeAheadSearch.reduce(&state, .start)
        effects += TypeAheadSearch.reduce(&state, .edit(.insert(search.query)))
        effects += TypeAheadSearch.reduce(&state, .submit)
        return effects
    }
}

import NewsModel

/// Search as you type: the `/` prompt (a `TextInput`), the searches its
/// edits ask for (each a new generation, so older results are dropped), the
/// results replacing the list, and the way back: Esc, or an emptied prompt,
/// returns to `TypeAhead.origin`; leaving kept results returns to its
/// `returnPoint`.
enum TypeAheadSearch {
    static func reduce(_ state: inout ReaderState, _ action: SearchAction) -> [Effect] {
        switch action {
        case .start:
            let origin = SearchOrigin(browsing: saveBrowsing(state), article: state.article,
                                      searchReturn: state.searchReturn)
            state.typeAhead = TypeAhead(origin: origin)
            return []
        case let .edit(edit):
            guard var typeAhead = state.typeAhead, var input = typeAhead.input else { return [] }
            // Text from a paste goes through the same cleaning as text from feeds.
            let cleaned: TextInput.Edit
            if case let .insert(text) = edit { cleaned = .insert(TerminalSafe.clean(text)) } else { cleaned = edit }
            let changed = input.update(cleaned)
            typeAhead.input = input
            state.typeAhead = typeAhead
            return changed ? searchAsYouType(&state) : []
        case .cancel:
            guard let typeAhead = state.typeAhead, typeAhead.input != nil else { return [] }
            state.typeAhead = nil
            return typeAhead.hasReplacedList ? restore(&state, typeAhead.origin) : []
        case .submit:
            return submit(&state)
        case let .results(generation, ids, count, matcher):
            guard var typeAhead = state.typeAhead, generation == typeAhead.generation,
                  let query = typeAhead.query else { return [] }
            typeAhead.shownGeneration = generation
            typeAhead.hasReplacedList = true
            state.searchReturn = typeAhead.origin.returnPoint
            state.list = PostList(source: .search(SearchResults(query: query, ids: ids, count: count, matcher: matcher)),
                                  generation: state.list.generation + 1)
            state.focus = .list
            state.article = nil
            // After Enter these were the last results awaited.
            state.typeAhead = typeAhead.input == nil ? nil : typeAhead
            return Navigation.loadVisibleRows(&state)
        case let .failed(generation, text):
            guard var typeAhead = state.typeAhead, generation == typeAhead.generation else { return [] }
            typeAhead.shownGeneration = generation
            state.typeAhead = typeAhead.input == nil ? nil : typeAhead
            state.message = StatusMessage(text, isError: true)
            return []
        }
    }

    /// Enter: the prompt closes and the results stay (they replace the list
    /// when they arrive, if they are still on their way).
    static func submit(_ state: inout ReaderState) -> [Effect] {
        guard var typeAhead = state.typeAhead, let input = typeAhead.input else { return [] }
        typeAhead.input = nil
        state.typeAhead = typeAhead
        // A single letter is not searched while typing; Enter searches it.
        let effects = searchUnsearchedText(&state, input.text)
        guard var typeAhead = state.typeAhead, let query = typeAhead.query else {
            // The list is already the one from before `/`.
            state.typeAhead = nil
            state.message = SearchQuery(input.text).problem.map {
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
            state.searchReturn = typeAhead.origin.returnPoint
            state.list = PostList(source: .search(SearchResults(query: query, ids: [])),
                                  generation: state.list.generation + 1)
            state.focus = .list
            state.article = nil
        }
        state.typeAhead = typeAhead
        return effects
    }

    /// The prompt's text changed: search it in the background (a new
    /// generation, so older results are dropped), or, when it asks for
    /// nothing, show the screen from before `/` again.
    static func searchAsYouType(_ state: inout ReaderState) -> [Effect] {
        guard var typeAhead = state.typeAhead, let input = typeAhead.input else { return [] }
        let query = SearchQuery(input.text)
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
            return replaced ? restore(&state, typeAhead.origin) : []
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
        return askSearch(&state, query)
    }

    /// Asks for a search of `query` as a new generation (older results are dropped).
    static func askSearch(_ state: inout ReaderState, _ query: SearchQuery) -> [Effect] {
        guard var typeAhead = state.typeAhead else { return [] }
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
        return askSearch(&state, query)
    }

    /// The list, selection and focus as they are now.
    static func saveBrowsing(_ state: ReaderState) -> SavedBrowsing {
        SavedBrowsing(list: state.list, archiveSelected: state.archive.selected, focus: state.focus)
    }

    /// Back to the screen from before `/` (Esc, or a query emptied).
    static func restore(_ state: inout ReaderState, _ origin: SearchOrigin) -> [Effect] {
        state.searchReturn = origin.searchReturn
        let effects = Navigation.show(&state, origin.browsing)
        // The terminal may have been resized meanwhile.
        state.article = origin.article?.rewrapped(width: state.layout.articleTextRange.count)
        Navigation.clampArticle(&state)
        return effects
    }
}

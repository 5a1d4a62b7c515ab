import NewsCore

/// The loop's brain: owns the state, runs the reducer, performs its effects
/// against the store (synchronously, on the caller's thread) and feeds the
/// results back as actions. Store → model → UI state → screen.
public final class ReaderProgram {
    public private(set) var state: ReaderState
    let database: AppDatabase
    /// Hands a link to the browser; returns an error message on failure.
    let openLink: (String) -> String?
    /// Puts text on the clipboard (OSC 52); false when the terminal cannot.
    let copy: (String) -> Bool

    public init(database: AppDatabase, size: ScreenSize, language: Language = .english,
                settings: Settings = Settings(), copy: @escaping (String) -> Bool = { _ in false },
                openLink: @escaping (String) -> String? = { _ in nil }) {
        self.copy = copy
        self.database = database
        self.state = ReaderState(size: size, language: language)
        self.state.settings = settings
        self.openLink = openLink
    }

    public var isQuitting: Bool { state.isQuitting }

    /// Starts; `notice` (such as a config problem) shows in the status line until the first key.
    public func start(notice: StatusMessage? = nil) {
        send(.start)
        if let notice { state.message = notice }
    }

    /// A key from the terminal, through the key map.
    public func handle(_ key: KeyEvent) {
        for action in KeyMap.actions(for: key, in: state) { send(action) }
    }

    public func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in Reducer.reduce(&state, next) {
                if let result = perform(effect) { queue.append(result) }
            }
        }
    }

    public func render() -> CellGrid { Renderer.render(state) }

    /// Runs one effect; its outcome (if any) is the next action.
    func perform(_ effect: Effect) -> Action? {
        do {
            switch effect {
            case .loadArchive:
                return .archiveLoaded(try database.archiveMonths())
            case let .loadCount(filter, generation):
                return .countLoaded(generation: generation, total: try database.postCount(filter))
            case let .loadPage(filter, offset, limit, generation):
                return .pageLoaded(generation: generation, offset: offset,
                                   rows: try database.posts(filter, offset: offset, limit: limit))
            case let .loadPosts(ids, offset, generation):
                return .pageLoaded(generation: generation, offset: offset, rows: try database.posts(ids: ids))
            case let .loadArticle(id):
                return .articleLoaded(try database.article(id: id))
            case let .search(query):
                return .searchLoaded(query, ids: try database.searchIDs(query))
            case let .setRead(isRead, postID):
                try database.setRead(isRead, postID: postID)
                return nil
            case let .setStarred(isStarred, postID):
                try database.setStarred(isStarred, postID: postID)
                return nil
            case let .markAllRead(source):
                switch source {
                case let .filter(filter): return .markedAllRead(ids: try database.markAllRead(filter))
                case let .search(results): return .markedAllRead(ids: try database.markAllRead(.all, ids: results.ids))
                }
            case let .copyToClipboard(text):
                return copy(text) ? nil : .clipboardUnavailable(text)
            case let .setReadMany(isRead, ids):
                try database.setRead(isRead, postIDs: ids)
                return nil
            case let .openLink(link):
                return openLink(link).map { .failed($0) }
            }
        } catch {
            return .failed(state.strings.storeError("\(error)"))
        }
    }
}

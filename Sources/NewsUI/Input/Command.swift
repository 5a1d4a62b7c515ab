/// A UI action with a name, as key bindings in the config file spell it.
public enum Command: String, CaseIterable, Hashable, Sendable {
    case down, up
    case pageDown = "page-down", pageUp = "page-up"
    case first, last
    case open, back
    /// Back, but never quits (Esc by default).
    case leave
    case quit
    case toggleFocus = "toggle-focus"
    case archive, search
    case nextMatch = "next-match", previousMatch = "previous-match"
    case nextPost = "next-post", previousPost = "previous-post"
    case openLink = "open-link"
    case toggleRead = "toggle-read", toggleStarred = "toggle-star"
    case markAllRead = "mark-all-read", undo
    case copyLink = "copy-link"
    case cycleView = "cycle-view"
    /// The left pane: months or feeds.
    case toggleFeeds = "toggle-feeds"
    case nextUnread = "next-unread"
    case markFeedRead = "mark-feed-read"
    /// The error screen: every failing feed with its error.
    case feedErrors = "feed-errors"
    /// Search results kept under a name, listed with the feeds.
    case saveSearch = "save-search"
    case addFeed = "add-feed"
    case removeFeed = "remove-feed"
    case renameFeed = "rename-feed"
    case refresh
    case help
    /// Draws every cell again (after another program scribbled on the screen).
    case redraw
    /// Stops the reader as a shell job, the terminal restored; `fg` brings it back.
    case suspend

    /// Commands about the terminal itself, which work in every mode (the
    /// search prompt, the help, a quit question).
    var worksInEveryMode: Bool { self == .redraw || self == .suspend }

    /// The reducer's action for this command in `state`.
    func actions(in state: ReaderState) -> [Action] {
        switch self {
        case .down: return [.moveDown]
        case .up: return [.moveUp]
        case .pageDown: return [.pageDown]
        case .pageUp: return [.pageUp]
        case .first: return [.first]
        case .last: return [.last]
        case .open: return [.open]
        case .back: return [.back]
        case .leave: return KeyMap.isAtTopLevel(state) ? [] : [.back]
        case .quit: return [.quit]
        case .toggleFocus: return [.toggleFocus]
        case .archive: return [.focusArchive]
        case .search: return [.search(.start)]
        case .nextMatch: return [.nextMatch]
        case .previousMatch: return [.previousMatch]
        case .nextPost: return [.nextPost]
        case .previousPost: return [.previousPost]
        case .openLink: return [.openLink]
        case .toggleRead: return [.toggleRead]
        case .toggleStarred: return [.toggleStarred]
        case .markAllRead: return [.markAllRead]
        case .undo: return [.undo]
        case .copyLink: return [.copyLink]
        case .cycleView: return [.cycleView]
        case .toggleFeeds: return [.toggleFeeds]
        case .nextUnread: return [.nextUnread]
        case .markFeedRead: return [.markFeedRead]
        case .feedErrors: return [.toggleFailingFeeds]
        case .saveSearch: return [.saveSearch]
        case .addFeed: return [.addFeed]
        case .removeFeed: return [.removeFeed]
        case .renameFeed: return [.renameFeed]
        case .refresh: return [.refreshFeeds]
        case .help: return [.toggleHelp]
        case .redraw: return [.redraw]
        case .suspend: return [.suspend]
        }
    }
}

/// Which key runs which command: the defaults plus the user's overrides.
public struct KeyBindings: Hashable, Sendable {
    public private(set) var commands: [KeyEvent: Command]

    public init(_ commands: [KeyEvent: Command]) {
        self.commands = commands
    }

    public static let defaultList: [(Command, [KeyEvent])] = [
        (.down, [.character("j"), .down]),
        (.up, [.character("k"), .up]),
        (.pageDown, [.character(" "), .pageDown, .control("f"), .control("d")]),
        (.pageUp, [.character("b"), .pageUp, .control("b")]),
        (.first, [.character("g"), .home]),
        (.last, [.character("G"), .end]),
        (.open, [.enter, .character("l"), .right]),
        (.back, [.character("q"), .character("h"), .left, .backspace, .control("h")]),
        (.leave, [.escape]),
        (.quit, [.character("Q")]),
        (.toggleFocus, [.tab, .backTab]),
        (.archive, [.character("a")]),
        (.search, [.character("/")]),
        (.nextMatch, [.character("n")]),
        (.previousMatch, [.character("N")]),
        (.nextPost, [.character("J")]),
        (.previousPost, [.character("K")]),
        (.openLink, [.character("o")]),
        (.toggleRead, [.character("r")]),
        (.toggleStarred, [.character("s")]),
        (.refresh, [.character("R")]),
        (.markAllRead, [.character("A")]),
        (.undo, [.character("u")]),
        (.copyLink, [.character("y")]),
        (.cycleView, [.character("v")]),
        (.toggleFeeds, [.character("f")]),
        (.nextUnread, [.character(".")]),
        (.markFeedRead, [.character("C")]),
        (.feedErrors, [.character("E")]),
        (.saveSearch, [.character("S")]),
        (.addFeed, [.character("+")]),
        (.removeFeed, [.character("D")]),
        (.renameFeed, [.character("T")]),
        (.help, [.character("?")]),
        (.redraw, [.control("l")]),
        (.suspend, [.control("z")]),
    ]

    public static let defaults: KeyBindings = {
        var map: [KeyEvent: Command] = [:]
        for (command, keys) in defaultList { for key in keys { map[key] = command } }
        return KeyBindings(map)
    }()

    public subscript(key: KeyEvent) -> Command? { commands[key] }

    /// Binds `key` to `command`, or unbinds it when `command` is nil.
    public mutating func bind(_ key: KeyEvent, to command: Command?) {
        commands[key] = command
    }

    /// The keys of `command`, defaults' order first, then any others by name.
    public func keys(for command: Command) -> [KeyEvent] {
        let preferred = Self.defaultList.first { $0.0 == command }?.1 ?? []
        let bound = preferred.filter { commands[$0] == command }
        let extra = commands.filter { $0.value == command && !preferred.contains($0.key) }.map(\.key)
            .sorted { KeyName.name(of: $0) < KeyName.name(of: $1) }
        return bound + extra
    }
}

/// Key names as the config file and the help overlay spell them:
/// `j`, `C-d`, `PageDown`, `F5`, `Space`, `Enter`, `Esc`, `Tab`, `S-Tab`,
/// `Up`, `Down`, `Left`, `Right`, `Home`, `End`, `Backspace`, `Insert`, `Delete`.
public enum KeyName {
    static let named: [(String, KeyEvent)] = [
        ("Space", .character(" ")), ("Enter", .enter), ("Esc", .escape), ("Tab", .tab), ("S-Tab", .backTab),
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right), ("PageUp", .pageUp),
        ("PageDown", .pageDown), ("Home", .home), ("End", .end), ("Backspace", .backspace), ("Insert", .insert),
        ("Delete", .delete),
    ]

    public static func parse(_ text: String) -> KeyEvent? {
        if let found = named.first(where: { $0.0.lowercased() == text.lowercased() }) { return found.1 }
        if text.count == 1, let character = text.first, !character.isWhitespace,
           !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .character(character)
        }
        if text.hasPrefix("C-"), text.count == 3, let letter = text.last?.lowercased().first,
           letter.isASCII, letter.isLetter {
            return .control(letter)
        }
        if text.hasPrefix("F"), let number = Int(text.dropFirst()), (1...12).contains(number) {
            return .function(number)
        }
        return nil
    }

    public static func name(of key: KeyEvent) -> String {
        if let found = named.first(where: { $0.1 == key }) { return found.0 }
        switch key {
        case let .character(character): return String(character)
        case let .control(letter): return "C-\(letter)"
        case let .function(number): return "F\(number)"
        default: return "\(key)"
        }
    }
}

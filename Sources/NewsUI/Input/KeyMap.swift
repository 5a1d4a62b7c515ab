/// Turns key events into actions. The meaning of a key depends on the mode
/// (prompt open, help shown), so the current state is consulted.
public enum KeyMap {
    /// Lines one mouse wheel notch scrolls.
    public static let wheelLines = 3

    public static func actions(for key: KeyEvent, in state: ReaderState) -> [Action] {
        if case let .resize(size) = key { return [.resize(size)] }
        if state.prompt != nil { return promptActions(for: key) }
        if state.isHelpVisible { return helpActions(for: key) }
        return browsingActions(for: key, in: state)
    }

    static func promptActions(for key: KeyEvent) -> [Action] {
        switch key {
        case let .character(character): return [.promptInsert(String(character))]
        case .backspace: return [.promptBackspace]
        case .control("u"): return [.promptClear]
        case .control("h"): return [.promptBackspace]
        case .left, .control("b"): return [.promptCursorLeft]
        case .right, .control("f"): return [.promptCursorRight]
        case .home, .control("a"): return [.promptCursorHome]
        case .end, .control("e"): return [.promptCursorEnd]
        case .delete, .control("d"): return [.promptDelete]
        case .enter: return [.promptSubmit]
        case .escape, .control("g"): return [.promptCancel]
        default: return []
        }
    }

    static func helpActions(for key: KeyEvent) -> [Action] {
        switch key {
        case .character("j"), .down: return [.moveDown]
        case .character("k"), .up: return [.moveUp]
        case .character("Q"): return [.quit]
        case .mouse: return []
        default: return [.toggleHelp] // any other key closes the help
        }
    }

    static func browsingActions(for key: KeyEvent, in state: ReaderState) -> [Action] {
        switch key {
        case .character("j"), .down: return [.moveDown]
        case .character("k"), .up: return [.moveUp]
        case .character(" "), .pageDown, .control("f"), .control("d"): return [.pageDown]
        case .character("b"), .pageUp, .control("b"): return [.pageUp]
        case .character("g"), .home: return [.first]
        case .character("G"), .end: return [.last]
        case .character("l"), .right, .enter: return [.open]
        case .character("q"), .character("h"), .left, .backspace, .control("h"): return [.back]
        case .escape:
            // Esc leaves an article, the archive or search results, but never quits.
            return isAtTopLevel(state) ? [] : [.back]
        case .character("Q"): return [.quit]
        case .tab, .backTab: return [.toggleFocus]
        case .character("a"): return [.focusArchive]
        case .character("/"): return [.startSearch]
        case .character("n"): return [.nextMatch]
        case .character("N"): return [.previousMatch]
        case .character("J"): return [.nextPost]
        case .character("K"): return [.previousPost]
        case .character("o"): return [.openLink]
        case .character("r"): return [.toggleRead]
        case .character("s"): return [.toggleStarred]
        case .character("?"): return [.toggleHelp]
        case let .mouse(event):
            switch event.kind {
            case .wheelUp: return [.scroll(lines: -wheelLines, column: event.column)]
            case .wheelDown: return [.scroll(lines: wheelLines, column: event.column)]
            case .click: return [.click(column: event.column, row: event.row)]
            }
        default: return []
        }
    }

    /// The list of a month or of all posts: where "back" quits.
    static func isAtTopLevel(_ state: ReaderState) -> Bool {
        guard state.focus == .list else { return false }
        if case .search = state.list.source { return false }
        return true
    }

    /// Every key, for the help overlay: (keys, what they do, in the catalogue).
    public static let help: [(keys: String, topic: HelpTopic)] = [
        ("j k ↓ ↑", .move),
        ("Space PgDn", .pageDown),
        ("b PgUp", .pageUp),
        ("g G Home End", .firstLast),
        ("Enter l →", .open),
        ("q h ← Backspace", .back),
        ("Esc", .escape),
        ("Q", .quit),
        ("Tab", .toggleFocus),
        ("a", .archive),
        ("/", .search),
        ("← → ^A ^E ^U", .promptKeys),
        ("n N", .matches),
        ("J K", .posts),
        ("o", .openLink),
        ("r", .toggleRead),
        ("s", .toggleStarred),
        ("?", .help),
        ("mouse", .mouse),
        ("N *", .listMarks),
    ]
}

/// Turns key events into actions. The meaning of a key depends on the mode
/// (prompt open, help shown), so the current state is consulted.
public enum KeyMap {
    /// Lines one mouse wheel notch scrolls.
    public static let wheelLines = 3

    public static func actions(for input: InputEvent, in state: ReaderState) -> [Action] {
        switch input {
        case let .resize(size): return [.resize(size)]
        case let .mouse(event): return mouseActions(for: event, in: state)
        case let .key(key): return actions(for: key, in: state)
        }
    }

    public static func actions(for key: KeyEvent, in state: ReaderState) -> [Action] {
        // Redraw and suspend work everywhere, but the prompt's own keys come first there.
        if let command = state.keys[key], command.worksInEveryMode,
           state.prompt == nil || promptActions(for: key).isEmpty {
            return command.actions(in: state)
        }
        if state.isConfirmingQuit {
            return key == .character("y") || key == .character("Y") || key == .character("j") && state.strings.language == .swedish
                ? [.quit] : [.cancelQuit]
        }
        if state.removalQuestion != nil {
            switch key {
            case .character("y"), .character("Y"), .character("j"), .character("J"): return [.answerRemoval(purge: false)]
            case .character("p"), .character("P"): return [.answerRemoval(purge: true)]
            default: return [.answerRemoval(purge: nil)]
            }
        }
        if state.linePrompt != nil { return linePromptActions(for: key) }
        if state.prompt != nil { return promptActions(for: key) }
        if state.isHelpVisible { return helpActions(for: key, in: state) }
        if state.failingFeeds != nil { return failingFeedsActions(for: key, in: state) }
        return browsingActions(for: key, in: state)
    }

    /// In the `/` prompt: the text field's own keys, Enter and Esc.
    static func promptActions(for key: KeyEvent) -> [Action] {
        if let edit = TextInput.edit(for: key) { return [.search(.edit(edit))] }
        switch key {
        case .enter: return [.search(.submit)]
        case .escape, .control("g"): return [.search(.cancel)]
        default: return []
        }
    }

    /// In the name prompt of `S`: the text field's keys, Enter saves, Esc cancels.
    static func linePromptActions(for key: KeyEvent) -> [Action] {
        if let edit = TextInput.edit(for: key) { return [.linePrompt(.edit(edit))] }
        switch key {
        case .enter: return [.linePrompt(.submit)]
        case .escape, .control("g"): return [.linePrompt(.cancel)]
        default: return []
        }
    }

    static func helpActions(for key: KeyEvent, in state: ReaderState) -> [Action] {
        switch state.keys[key] {
        case .down: return [.moveDown]
        case .up: return [.moveUp]
        case .quit: return [.quit]
        default: return [.toggleHelp] // any other key closes the help
        }
    }

    /// The error screen scrolls; any other key closes it.
    static func failingFeedsActions(for key: KeyEvent, in state: ReaderState) -> [Action] {
        switch state.keys[key] {
        case .down: return [.moveDown]
        case .up: return [.moveUp]
        case .pageDown: return [.pageDown]
        case .pageUp: return [.pageUp]
        case .quit: return [.quit]
        default: return [.toggleFailingFeeds]
        }
    }

    /// The wheel scrolls the pane under the pointer, a click selects; not
    /// while the prompt or the help is open, and at the quit question the
    /// mouse, like any key but yes, says no.
    static func mouseActions(for event: MouseEvent, in state: ReaderState) -> [Action] {
        if state.isConfirmingQuit { return [.cancelQuit] }
        if state.removalQuestion != nil { return [.answerRemoval(purge: nil)] }
        guard state.prompt == nil, state.linePrompt == nil, !state.isHelpVisible, state.failingFeeds == nil else { return [] }
        switch event.kind {
        case .wheelUp: return [.scroll(lines: -wheelLines, column: event.column)]
        case .wheelDown: return [.scroll(lines: wheelLines, column: event.column)]
        case .click: return [.click(column: event.column, row: event.row)]
        }
    }

    static func browsingActions(for key: KeyEvent, in state: ReaderState) -> [Action] {
        if let command = state.keys[key] { return command.actions(in: state) }
        if state.focus == .article, case let .character(character) = key,
           let number = character.wholeNumberValue, (1...9).contains(number) {
            return [.openLinkNumber(number)]
        }
        return []
    }

    /// The list of a month or of all posts: where "back" quits.
    static func isAtTopLevel(_ state: ReaderState) -> Bool {
        guard state.focus == .list else { return false }
        if case .search = state.list.source { return false }
        return true
    }

    /// The help overlay's lines, generated from the live bindings so they
    /// never disagree: each bound command with its keys, then the fixed keys.
    public static func help(_ state: ReaderState) -> [(keys: String, meaning: String)] {
        reference(state.keys, state.strings, keyName: helpName).map { ($0.keys.joined(separator: " "), $0.meaning) }
    }

    /// The key reference of the help overlay and of the manual's KEYS
    /// section: every command that has keys (in `Command` order), then the
    /// keys that are not commands. `keyName` spells a key (`↑` for the
    /// overlay, `Up` for the manual and the config file).
    public static func reference(_ bindings: KeyBindings, _ strings: Catalogue,
                                 keyName: (KeyEvent) -> String) -> [KeyHelp] {
        var lines: [KeyHelp] = []
        for command in Command.allCases {
            let keys = bindings.keys(for: command)
            guard !keys.isEmpty else { continue }
            lines.append(KeyHelp(keys: keys.map(keyName), command: command,
                                 meaning: strings.help[command.rawValue] ?? command.rawValue))
        }
        lines.append(KeyHelp(keys: TextInput.helpKeys.map(keyName), meaning: strings.help["prompt-keys"] ?? ""))
        lines.append(KeyHelp(keys: ["1-9"], meaning: strings.help["link-numbers"] ?? ""))
        lines.append(KeyHelp(keys: [strings.mouse], meaning: strings.help["mouse"] ?? ""))
        lines.append(KeyHelp(keys: ["N", "*"], meaning: strings.help["list-marks"] ?? ""))
        return lines
    }

    /// Short names for the overlay's narrow keys column.
    public static func helpName(_ key: KeyEvent) -> String {
        switch key {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        default: return KeyName.name(of: key)
        }
    }
}

/// One line of the key reference: keys, the command they run (nil for keys
/// that are not commands, such as the mouse), and what they do.
public struct KeyHelp: Sendable {
    public var keys: [String]
    public var command: Command?
    public var meaning: String

    public init(keys: [String], command: Command? = nil, meaning: String) {
        self.keys = keys
        self.command = command
        self.meaning = meaning
    }
}

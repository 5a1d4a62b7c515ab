import NewsModel

/// A one-line text field with a cursor: its state, the edits it knows
/// (`update`) and the keys that make them (`bindings`, with the keys the help
/// shows beside them), as bubbles' `textinput` keeps them together. The
/// search prompt is one; a future prompt (a feed URL, a tag) is another.
public struct TextInput: Hashable, Sendable {
    public private(set) var text: String
    /// An index in characters, from 0 (before the first) to `text.count` (after the last).
    public private(set) var cursor: Int
    /// Characters the field holds at most; the rest of a paste is dropped.
    public let maximumLength: Int

    public init(text: String = "", cursor: Int? = nil, maximumLength: Int = 500) {
        let kept = String(text.prefix(maximumLength))
        self.text = kept
        self.cursor = min(max(0, cursor ?? kept.count), kept.count)
        self.maximumLength = maximumLength
    }

    /// What a key can do to the field.
    public enum Edit: Hashable, Sendable {
        /// Text typed or pasted at the cursor (control characters are the caller's to clean).
        case insert(String)
        case deleteBackward
        /// The character under the cursor.
        case deleteForward
        /// The whole text.
        case clear
        case moveLeft
        case moveRight
        case moveToStart
        case moveToEnd
    }

    /// Applies `edit`; true when the text changed (a cursor move changes none).
    @discardableResult
    public mutating func update(_ edit: Edit) -> Bool {
        let before = text
        switch edit {
        case let .insert(inserted):
            let room = maximumLength - text.count
            guard room > 0 else { return false }
            let kept = Array(inserted.prefix(room))
            var characters = Array(text)
            characters.insert(contentsOf: kept, at: cursor)
            text = String(characters)
            cursor += kept.count
        case .deleteBackward:
            guard cursor > 0 else { return false }
            var characters = Array(text)
            characters.remove(at: cursor - 1)
            text = String(characters)
            cursor -= 1
        case .deleteForward:
            guard cursor < text.count else { return false }
            var characters = Array(text)
            characters.remove(at: cursor)
            text = String(characters)
        case .clear:
            text = ""
            cursor = 0
        case .moveLeft: cursor = max(0, cursor - 1)
        case .moveRight: cursor = min(text.count, cursor + 1)
        case .moveToStart: cursor = 0
        case .moveToEnd: cursor = text.count
        }
        return text != before
    }

    // MARK: - Keys

    /// Keys and the edit they make, as readline has them; `help` is the key
    /// the help overlay names for it (nil: not listed).
    public struct Binding: Hashable, Sendable {
        public var keys: [KeyEvent]
        public var edit: Edit
        public var help: KeyEvent?
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.left, .control("b")], edit: .moveLeft, help: .left),
        Binding(keys: [.right, .control("f")], edit: .moveRight, help: .right),
        Binding(keys: [.home, .control("a")], edit: .moveToStart, help: .control("a")),
        Binding(keys: [.end, .control("e")], edit: .moveToEnd, help: .control("e")),
        Binding(keys: [.backspace, .control("h")], edit: .deleteBackward, help: nil),
        Binding(keys: [.delete, .control("d")], edit: .deleteForward, help: nil),
        Binding(keys: [.control("u")], edit: .clear, help: .control("u")),
    ]

    /// The edit `key` makes: a character is typed, a bound key edits; nil for any other key.
    public static func edit(for key: KeyEvent) -> Edit? {
        if case let .character(character) = key { return .insert(String(character)) }
        return bindings.first { $0.keys.contains(key) }?.edit
    }

    /// The keys the help overlay lists for the field, in the bindings' order.
    public static var helpKeys: [KeyEvent] { bindings.compactMap(\.help) }
}

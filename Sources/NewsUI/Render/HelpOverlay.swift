import NewsModel

/// Where the help overlay sits and what its rows hold, for a state's screen:
/// as wide as its widest line needs, within the terminal's width; the keys
/// column as wide as its keys (at most a third), each description wrapped
/// beside them. Shared by the renderer and the reducer (how far it scrolls).
public struct HelpOverlay {
    /// One row inside the box: the keys on an entry's first row, then the
    /// rest of its wrapped description.
    public struct Row: Hashable, Sendable {
        /// Which line of `KeyMap.help` the row belongs to.
        public var entry: Int
        public var keys: String
        public var meaning: String
    }

    public var left: Int
    public var top: Int
    public var width: Int
    public var height: Int
    public var keysWidth: Int
    public var rows: [Row]

    public init(_ state: ReaderState) {
        let entries = KeyMap.help(state)
        let layout = state.layout
        let screen = state.size.columns
        // Two columns of the screen show on each side where there is room.
        let available = screen >= 44 ? screen - 4 : screen
        // Inside the borders: a space, the keys, a space, the description, a space.
        let inner = max(2, available - 5)
        // Never narrower than a key's name: a key is not cut in two.
        let longestKey = entries.flatMap { $0.keys.split(separator: " ").map(DisplayWidth.of) }.max() ?? 0
        keysWidth = min(entries.map { DisplayWidth.of($0.keys) }.max() ?? 0, max(longestKey, inner / 3))
        let meaningNeeded = entries.map { DisplayWidth.of($0.meaning) }.max() ?? 0
        width = min(available, keysWidth + meaningNeeded + 5)
        let meaningWidth = max(1, width - 5 - keysWidth)
        let keysWidth = keysWidth
        rows = entries.enumerated().flatMap { number, entry -> [Row] in
            let keys = TextWrapper.wrap(entry.keys, width: max(1, keysWidth))
            let meanings = TextWrapper.wrap(entry.meaning, width: meaningWidth)
            return (0..<max(keys.count, meanings.count)).map { index in
                Row(entry: number, keys: index < keys.count ? keys[index] : "",
                    meaning: index < meanings.count ? meanings[index] : "")
            }
        }
        height = min(layout.bodyHeight + 1, rows.count + 2)
        left = (screen - width) / 2
        top = max(0, min(layout.bodyTop, layout.statusRow - height))
    }

    /// Rows shown at once (inside the borders).
    public var visibleRows: Int { max(0, height - 2) }

    /// How far the rows scroll: the last page shows the last row.
    public var maxTop: Int { max(0, rows.count - visibleRows) }
}

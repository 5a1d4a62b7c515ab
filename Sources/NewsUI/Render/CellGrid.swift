import NewsModel

/// What a cell means on screen; the terminal backend turns roles into
/// colours and attributes (or plain attributes on monochrome terminals).
public enum StyleRole: Hashable, Sendable {
    case normal
    case dim
    case unread
    case header
    case border
    case selection
    /// The selected row of the pane that does not have the focus.
    case selectionInactive
    case match
    case matchInSelection
    case status
    case prompt
    case cursor
    case title
    case error
    /// The archive's per-month bars.
    case archiveBar
    // An article's text styles.
    case heading
    case strong
    case emphasis
    /// A link's words and its `[N]`, and the link list.
    case link
    case code
}

/// One terminal column: a grapheme cluster and its display width. A wide
/// character occupies two cells; the second is a continuation (empty text,
/// width 0) that the backend skips.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: Int
    public var role: StyleRole

    public static let blank = Cell(text: " ", width: 1, role: .normal)

    public var isContinuation: Bool { width == 0 }
}

/// An in-memory screen. The renderer draws into it; tests read it back as
/// text; the curses backend copies it to the terminal.
public struct CellGrid: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` from column `x`, never past `x + maxWidth` nor the grid's
    /// edge. A wide character that does not fit whole becomes a space, so
    /// nothing spills into the next pane. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, role: StyleRole = .normal) -> Int {
        put(text, x: x, y: y, maxWidth: maxWidth, role: { _ in role })
    }

    /// As `put`, with the role chosen per character (by its index in `text`),
    /// for search matches inside a line.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil,
                             role: (Int) -> StyleRole) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for (index, character) in text.enumerated() {
            let w = DisplayWidth.of(character)
            if w == 0 { continue } // stray marks or invisible characters take no cell
            if column + w > limit {
                // Pad the remainder so a cut wide character leaves no gap of stale cells.
                while column < limit {
                    set(Cell(text: " ", width: 1, role: role(index)), x: column, y: y)
                    column += 1
                }
                break
            }
            if column >= 0 {
                set(Cell(text: String(character), width: w, role: role(index)), x: column, y: y)
                if w == 2 { set(Cell(text: "", width: 0, role: role(index)), x: column + 1, y: y) }
            }
            column += w
        }
        return column - x
    }

    /// Paints `count` cells from `x` with spaces of `role`.
    public mutating func fill(x: Int, y: Int, count: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<max(max(0, x), min(width, x + count)) {
            set(Cell(text: " ", width: 1, role: role), x: column, y: y)
        }
    }

    public mutating func verticalLine(x: Int, y: Int, count: Int) {
        for row in y..<(y + max(0, count)) where row >= 0 && row < height && x >= 0 && x < width {
            set(Cell(text: "│", width: 1, role: .border), x: x, y: row)
        }
    }

    public mutating func horizontalLine(x: Int, y: Int, count: Int) {
        for column in x..<(x + max(0, count)) where column >= 0 && column < width && y >= 0 && y < height {
            set(Cell(text: "─", width: 1, role: .border), x: column, y: y)
        }
    }

    /// Gives the cells of `x` (clamped to the grid) on row `y` the role `role`, their text unchanged.
    public mutating func setRole(_ role: StyleRole, x: Range<Int>, y: Int) {
        guard y >= 0, y < height else { return }
        for column in x.clamped(to: 0..<width) { cells[y * width + column].role = role }
    }

    private mutating func set(_ cell: Cell, x: Int, y: Int) {
        let index = y * width + x
        // Overwriting half of a wide character blanks its other half.
        let old = cells[index]
        if old.width == 2, x + 1 < width { cells[index + 1] = Cell(text: " ", width: 1, role: cells[index + 1].role) }
        if old.isContinuation, x > 0 { cells[index - 1] = Cell(text: " ", width: 1, role: cells[index - 1].role) }
        cells[index] = cell
    }

    /// Row `y` as text (continuation cells contribute nothing).
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<width where !self[x, y].isContinuation { text += self[x, y].text }
        return text
    }

    /// Every row as text, for tests and debugging.
    public var lines: [String] { (0..<height).map(line) }

    /// The role of every column of row `y` (continuations repeat their character's role).
    public func roles(_ y: Int) -> [StyleRole] { (0..<width).map { self[$0, y].role } }
}

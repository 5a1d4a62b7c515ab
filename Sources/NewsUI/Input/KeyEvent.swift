/// What the terminal delivers to the reader: a key, a new size, or the mouse.
public enum InputEvent: Hashable, Sendable {
    case key(KeyEvent)
    /// The terminal was resized to this size.
    case resize(ScreenSize)
    case mouse(MouseEvent)
}

/// A key as the terminal reports it, independent of curses.
public enum KeyEvent: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, given as the lowercase letter (Ctrl-U is `.control("u")`).
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, insert, delete
    /// F1 … F12.
    case function(Int)
}

public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case wheelUp, wheelDown, click
    }
    public var kind: Kind
    public var column: Int
    public var row: Int

    public init(_ kind: Kind, column: Int, row: Int) {
        self.kind = kind
        self.column = column
        self.row = row
    }
}

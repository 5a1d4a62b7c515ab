/// What the config file sets, as plain values (no TOML here).
public struct Settings: Sendable {
    public var keys = KeyBindings.defaults
    public var theme = Theme.named(.default)
    /// The list's date column, strftime-like: `%Y %m %d %H %M %b` (month name in the interface language).
    public var dateFormat = "%Y-%m-%d"
    /// The list's feed column: shown when the visible posts come from more than one feed (`auto`), or always, or never.
    public var feedColumn = FeedColumn.auto
    /// The archive pane's width in two-pane layouts; nil = automatic.
    public var archiveWidth: Int?
    public var confirmQuit = false
    /// `refresh-interval`: seconds between automatic refreshes while the reader runs; nil = never.
    public var refreshInterval: Int?
    /// `refresh-on-start`: refresh once when the reader starts.
    public var refreshOnStart = false
    /// Browser argv template with `%u` for the URL (run without a shell); nil = `$BROWSER`/xdg-open.
    public var browser: [String]?

    public init() {}
}

/// When the list shows each post's feed at the right (`show-feed-column`).
public enum FeedColumn: Hashable, Sendable {
    /// Only when the visible posts are not all from one feed: a column
    /// repeating one name would take the titles' room.
    case auto
    case always
    case never
}

/// A terminal colour: the terminal's default, one of 256 indexed colours
/// (0–7 are the basic eight), or 24-bit RGB (drawn as the nearest indexed colour).
public enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// `default`, `red` … `white`, `bright-red` …, `0`–`255`, `#rrggbb`.
    public init?(parsing text: String) {
        let text = text.lowercased()
        if text == "default" { self = .terminalDefault; return }
        if let index = Self.names.firstIndex(of: text) { self = .indexed(index); return }
        if text.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(text.dropFirst(7))) {
            self = .indexed(index + 8); return
        }
        if let number = Int(text), (0...255).contains(number) { self = .indexed(number); return }
        if text.hasPrefix("#"), text.count == 7, let value = UInt32(text.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)); return
        }
        return nil
    }

    /// The index to use on a terminal with `colors` colours (8 or 256), -1 for the default.
    public func index(colors: Int) -> Int {
        switch self {
        case .terminalDefault: return -1
        case let .indexed(index): return colors >= 256 ? index : (index < 16 ? index % 8 : Self.nearest8(of: index))
        case let .rgb(r, g, b):
            if colors >= 256 {
                let level = { (v: UInt8) in v < 48 ? 0 : (v < 115 ? 1 : (Int(v) - 35) / 40) }
                return 16 + 36 * level(r) + 6 * level(g) + level(b)
            }
            return (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0)
        }
    }

    static func nearest8(of index: Int) -> Int {
        guard index >= 16 && index < 232 else { return index >= 244 ? 7 : 0 }
        let cube = index - 16
        let r = cube / 36, g = (cube / 6) % 6, b = cube % 6
        return (r > 2 ? 1 : 0) | (g > 2 ? 2 : 0) | (b > 2 ? 4 : 0)
    }
}

/// Foreground and background of one element.
public struct ColorPair: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public init(_ foreground: TerminalColor, on background: TerminalColor = .terminalDefault) {
        self.foreground = foreground
        self.background = background
    }

    /// `yellow`, `black on yellow`, `#336699 on default`.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ").map(String.init)
        if parts.count == 1, let fg = TerminalColor(parsing: parts[0]) { self.init(fg); return }
        if parts.count == 3, parts[1].lowercased() == "on",
           let fg = TerminalColor(parsing: parts[0]), let bg = TerminalColor(parsing: parts[2]) {
            self.init(fg, on: bg); return
        }
        return nil
    }
}

/// The colours of the screen's elements. `mono` (and `NO_COLOR`, and
/// terminals without colour) use attributes alone, with reverse video for the selection.
public struct Theme: Hashable, Sendable {
    public enum Name: String, CaseIterable, Sendable {
        case `default`, light, mono
    }

    public enum Element: String, CaseIterable, Sendable {
        case selection, unread, date, highlight
        case archiveBar = "archive-bar"
        case status, header, border, error
        // An article's text: headings, bold, italic, links with their [N], code.
        case heading, bold, italic, link, code
    }

    public var name: Name
    /// Colours per element; an element without one is drawn with attributes only.
    public var colors: [Element: ColorPair]

    public static func named(_ name: Name) -> Theme {
        switch name {
        case .default:
            return Theme(name: name, colors: [
                .header: ColorPair(.indexed(7), on: .indexed(4)), .date: ColorPair(.indexed(6)),
                .border: ColorPair(.indexed(4)), .highlight: ColorPair(.indexed(0), on: .indexed(3)),
                .error: ColorPair(.indexed(7), on: .indexed(1)), .archiveBar: ColorPair(.indexed(2)),
                .heading: ColorPair(.indexed(11)), .link: ColorPair(.indexed(14)), .code: ColorPair(.indexed(10)),
            ])
        case .light:
            return Theme(name: name, colors: [
                .header: ColorPair(.indexed(0), on: .indexed(6)), .date: ColorPair(.indexed(4)),
                .border: ColorPair(.indexed(4)), .highlight: ColorPair(.indexed(0), on: .indexed(3)),
                .error: ColorPair(.indexed(7), on: .indexed(1)), .archiveBar: ColorPair(.indexed(4)),
                .unread: ColorPair(.indexed(0)),
                .heading: ColorPair(.indexed(5)), .link: ColorPair(.indexed(4)), .code: ColorPair(.indexed(2)),
            ])
        case .mono:
            return Theme(name: name, colors: [:])
        }
    }
}

import CNcursesw
import CTerminalSupport
import Foundation
import NewsModel
import NewsUI

public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// The ncursesw screen: starts and always restores the terminal, copies a
/// cell grid to it with the wide-character API, and reads key events.
/// Start it after `TerminalSignals.install`, so curses keeps those handlers.
final class CursesScreen: TerminalScreen {
    private var screen: OpaquePointer?
    private let style: CursesStyle
    /// No UTF-8 locale exists: non-ASCII text is transliterated.
    private let asciiOnly: Bool
    private var isActive = false
    /// Put away by `suspend` and not drawn since: the terminal is the shell's.
    private var isSuspended = false
    let interruptKey: KeyEvent?

    init(environment: [String: String], theme: Theme = .named(.default)) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError(description: "the reader needs a terminal (try `newsreader list`)")
        }
        asciiOnly = !TerminalLocale.setUp()
        guard let screen = nr_newterm() else {
            throw TerminalError(description: "cannot use the terminal \"\(environment["TERM"] ?? "")\" (is TERM set?)")
        }
        self.screen = screen
        isActive = true
        guard nr_has_cursor_addressing() != 0 else {
            endwin()
            delscreen(screen)
            throw TerminalError(description: "the terminal \"\(environment["TERM"] ?? "")\" cannot move the cursor; set TERM (for example xterm-256color)")
        }
        nr_crash_handlers_install()
        cbreak()
        noecho()
        nonl()
        // Ctrl-C and Ctrl-Z arrive as keys (Ctrl-\ still raises SIGQUIT); see nr_take_job_control_keys.
        let interrupt = nr_take_job_control_keys()
        interruptKey = interrupt < 0 ? nil : KeyDecoder.key(status: OK, code: wint_t(interrupt))
        keypad(nr_stdscr(), true)
        KeySequences.install()
        set_escdelay(25)
        curs_set(0)
        // The loop waits in poll() (see `wait`); reads then wait only for the
        // rest of a key whose first byte is there.
        wtimeout(nr_stdscr(), 0)
        mouseinterval(0)
        mousemask(nr_mouse_mask(), nil)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        style = CursesStyle.setUp(noColor: noColor, theme: theme)
    }

    deinit { stop() }

    /// Restores the terminal (idempotent).
    func stop() {
        guard isActive else { return }
        isActive = false
        // Not twice: ended while stopped and put in the background (`kill
        // %1`), the terminal is the shell's and touching its modes would stop us again.
        if !isSuspended { endwin() }
        nr_crash_handlers_restore()
        if let screen { delscreen(screen) }
        screen = nil
    }

    var size: ScreenSize { ScreenSize(columns: Int(nr_cols()), rows: Int(nr_lines())) }

    /// Sleeps until the terminal has input, `wake` is readable, a signal
    /// arrives (a resize, Ctrl-C) or `milliseconds` pass.
    func wait(orWake wake: Int32, milliseconds: Int32) {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        _ = poll(&descriptors, 2, milliseconds)
    }

    /// The next key, resize or mouse event, without waiting for one: nil
    /// when none is there. When input is waiting, the rest of a key split
    /// between reads (an escape sequence, a UTF-8 character cut by a long
    /// paste) is waited for up to 100 ms.
    func readInput() -> InputEvent? {
        wtimeout(nr_stdscr(), hasPendingInput ? 100 : 0)
        var code: wint_t = 0
        let status = wget_wch(nr_stdscr(), &code)
        return KeyDecoder.decode(status: status, code: code)
    }

    /// Whether input waits on the terminal.
    var hasPendingInput: Bool { inputEvents & Int16(POLLIN) != 0 }

    /// True when the terminal went away (its pty closed) without a SIGHUP reaching us.
    var isHungUp: Bool { inputEvents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 }

    var isInForeground: Bool {
        let foreground = tcgetpgrp(STDIN_FILENO)
        return foreground == -1 || foreground == getpgrp()
    }

    /// What poll() says of the terminal's input now, without waiting.
    private var inputEvents: Int16 {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0 ? descriptor.revents : 0
    }

    /// Copies `grid` to the screen and shows it. Grapheme clusters a curses
    /// cell cannot hold (see `isBeyondCurses`) are written after the refresh.
    func draw(_ grid: CellGrid) {
        let rows = min(grid.height, Int(nr_lines())), columns = min(grid.width, Int(nr_cols()))
        // The first such cluster of each row: the row is written raw from there.
        var clusterStarts: [Int: Int] = [:]
        for y in 0..<rows {
            var x = 0
            while x < columns {
                let cell = grid[x, y]
                defer { x += max(1, cell.width) }
                if cell.isContinuation { continue }
                let (attrs, pair) = style.attributes(for: cell.role)
                if cell.role == .border, let line = Self.lineCharacter(cell.text) {
                    nr_put_line_char(Int32(y), Int32(x), line, attrs, pair)
                    continue
                }
                if cell.width == 2 && x + 1 >= columns {
                    put(" ", y: y, x: x, attrs: attrs, pair: pair)
                    continue
                }
                if !asciiOnly && Self.isBeyondCurses(cell.text, width: cell.width) {
                    // Curses holds spaces of the cluster's width; the cluster comes after.
                    for offset in 0..<cell.width { putScalars([" "], y: y, x: x + offset, attrs: attrs, pair: pair) }
                    if clusterStarts[y] == nil { clusterStarts[y] = x }
                    continue
                }
                put(cell.text, width: cell.width, y: y, x: x, attrs: attrs, pair: pair)
            }
        }
        // Rows that hold clusters, now or in the last frame, are repainted
        // whole: curses believes spaces are there, and would otherwise leave
        // a cluster of the last frame on screen where this one has spaces.
        let redrawn = clusterRows.union(clusterStarts.keys).filter { $0 < rows }
        for y in redrawn { _ = nr_redraw_line(Int32(y)) }
        // Terminals that know synchronized output (mode 2026) show curses'
        // part and the clusters at once; the others ignore the mode.
        if !redrawn.isEmpty { Self.synchronizedOutput(true) }
        wmove(nr_stdscr(), 0, 0)
        wrefresh(nr_stdscr())
        if !clusterStarts.isEmpty { drawClusters(grid, from: clusterStarts, rows: rows, columns: columns) }
        if !redrawn.isEmpty { Self.synchronizedOutput(false) }
        clusterRows = Set(clusterStarts.keys)
        isSuspended = false
    }

    /// Rows drawn with `drawClusters` in the last frame.
    private var clusterRows: Set<Int> = []

    private static func synchronizedOutput(_ begin: Bool) {
        nr_raw_text(begin ? "\u{1B}[?2026h" : "\u{1B}[?2026l")
        nr_raw_flush()
    }

    /// Whether curses would draw this grapheme wrong: a curses cell holds one
    /// spacing character and at most four zero-width ones and measures it
    /// by the first (wcwidth), so ZWJ sequences, flags, skin tones, keycaps,
    /// emoji with VS16 and marks of width 1 do not fit it.
    static func isBeyondCurses(_ text: String, width: Int) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, scalars.count > 1 else { return false }
        if scalars.count > Int(CCHARW_MAX) || Int(wcwidth(wchar_t(first.value))) != width { return true }
        return scalars.dropFirst().contains { wcwidth(wchar_t($0.value)) != 0 }
    }

    /// Writes each row of `starts` from its first cluster to its end, beside
    /// curses (which has just flushed): the cluster's characters whole, each
    /// cell after one placed with an absolute move. A terminal that measures
    /// a cluster wider than the grid (tmux: a skin tone as two emoji) has
    /// the extra overwritten by the next cell, so no column ever shifts;
    /// automatic margins are off meanwhile, so nothing wraps to the next row.
    private func drawClusters(_ grid: CellGrid, from starts: [Int: Int], rows: Int, columns: Int) {
        let canStopWrapping = nr_has_string_cap("rmam")
        if canStopWrapping { nr_raw_cap("rmam") }
        var current: (attrs: attr_t, pair: Int16)?
        for (y, start) in starts.sorted(by: { $0.key < $1.key }) {
            // The bottom-right cell is left to curses: writing it may scroll the screen.
            let end = y == rows - 1 ? columns - 1 : columns
            var x = start
            var needsMove = true
            while x < end {
                let cell = grid[x, y]
                if cell.isContinuation {
                    x += 1
                    needsMove = true
                    continue
                }
                if x + cell.width > end { break }
                let style = self.style.attributes(for: cell.role)
                if current.map({ $0.attrs != style.0 || $0.pair != style.1 }) ?? true {
                    nr_raw_attributes(style.0, style.1)
                    current = style
                }
                if needsMove { nr_raw_move(Int32(y), Int32(x)) }
                var text = cell.text
                let scalars = text.unicodeScalars
                let isExact = scalars.count == 1 && Int(wcwidth(wchar_t(scalars.first!.value))) == cell.width
                // Without a way to stop wrapping, a cluster at the edge stays blank.
                if !isExact && !canStopWrapping && x + cell.width + 2 > columns {
                    text = String(repeating: " ", count: cell.width)
                }
                nr_raw_text(text)
                needsMove = !isExact
                x += cell.width
            }
        }
        nr_raw_attributes(0, 0)
        if canStopWrapping { nr_raw_cap("smam") }
        // Where curses left the cursor (see the wmove above).
        nr_raw_move(0, 0)
        nr_raw_flush()
    }

    /// Forgets what curses thinks is on screen: the next draw repaints it all.
    func redrawAll() {
        clearok(nr_stdscr(), true)
    }

    /// The shell's terminal modes and screen back until the next draw, which
    /// takes curses' own modes again.
    func suspend() {
        endwin()
        isSuspended = true
    }

    /// The alternate-character-set glyph for a border cell, if it is one.
    static func lineCharacter(_ text: String) -> Int32? {
        let glyph: Int
        switch text {
        case "─": glyph = NR_HLINE
        case "│": glyph = NR_VLINE
        case "┌": glyph = NR_ULCORNER
        case "┐": glyph = NR_URCORNER
        case "└": glyph = NR_LLCORNER
        case "┘": glyph = NR_LRCORNER
        default: return nil
        }
        return Int32(glyph)
    }

    /// Puts one grapheme that the grid measured as `width` columns (a
    /// character and its zero-width marks). When the C library measures it
    /// wider or not at all (a character it does not know), a placeholder of
    /// the right width is drawn instead, so the columns after it never shift.
    private func put(_ text: String, width: Int = 1, y: Int, x: Int, attrs: attr_t, pair: Int16) {
        var scalars = Array(text.unicodeScalars.prefix(Int(CCHARW_MAX)))
        if asciiOnly { scalars = Self.ascii(text, width: width) }
        let baseWidth = scalars.first.map { Int(wcwidth(wchar_t($0.value))) } ?? -1
        if baseWidth < 0 || baseWidth > width {
            scalars = width == 2 ? ["?", "?"] : ["?"]
            for (offset, scalar) in scalars.enumerated() { putScalars([scalar], y: y, x: x + offset, attrs: attrs, pair: pair) }
            return
        }
        putScalars(scalars, y: y, x: x, attrs: attrs, pair: pair)
        if baseWidth < width { putScalars([" "], y: y, x: x + baseWidth, attrs: attrs, pair: pair) }
    }

    private func putScalars(_ scalars: [Unicode.Scalar], y: Int, x: Int, attrs: attr_t, pair: Int16) {
        var characters = scalars.map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        _ = nr_put_cell(Int32(y), Int32(x), &characters, attrs, pair)
    }

    /// An ASCII stand-in: letters lose their accents (å → a), common
    /// punctuation gets its plain form (… → .), anything else becomes `?`.
    static func ascii(_ text: String, width: Int) -> [Unicode.Scalar] {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) { return Array(text.unicodeScalars) }
        if width == 1, let plain = punctuation[text] { return [plain] }
        let folded = text.folding(options: .diacriticInsensitive, locale: nil)
        if width == 1, folded.unicodeScalars.count == 1, let scalar = folded.unicodeScalars.first, scalar.isASCII {
            return [scalar]
        }
        return width == 2 ? ["?", "?"] : ["?"]
    }

    static let punctuation: [String: Unicode.Scalar] = [
        "…": ".", "“": "\"", "”": "\"", "„": "\"", "‘": "'", "’": "'", "–": "-", "—": "-",
        "›": ">", "‹": "<", "«": "\"", "»": "\"", "↑": "^", "↓": "v", "←": "<", "→": ">", "↔": "-",
        "█": "#", "▏": "|", "▎": "|", "▍": "|", "▌": "|", "▋": "|", "▊": "|", "▉": "|",
    ]
}

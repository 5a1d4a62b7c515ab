import CNcursesw
import Foundation
import NewsUI
import Testing
@testable import NewsTerminal

/// Home, End, Insert, Delete, PageUp and PageDown as the common terminals
/// send them, read by ncurses (on a pipe, for each terminal description)
/// and decoded into key events. Serialized: curses has one current screen.
@Suite("Key sequences", .serialized)
struct KeySequenceTests {
    static let expected: [(bytes: String, key: KeyEvent)] = [
        ("\u{1B}[1~", .home), ("\u{1B}[7~", .home), ("\u{1B}[H", .home), ("\u{1B}OH", .home),
        ("\u{1B}[4~", .end), ("\u{1B}[8~", .end), ("\u{1B}[F", .end), ("\u{1B}OF", .end),
        ("\u{1B}[2~", .insert), ("\u{1B}[3~", .delete), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
        ("\u{1B}[A", .up), ("\u{1B}OB", .down), ("\u{1B}[C", .right), ("\u{1B}OD", .left),
    ]

    @Test("every common sequence decodes, whatever terminfo declares",
          arguments: ["xterm-256color", "screen-256color", "tmux-256color", "linux", "vt100"])
    func commonSequences(term: String) throws {
        let keys = try Self.decode(Self.expected.map(\.bytes), term: term)
        #expect(keys == Self.expected.map(\.key), "under \(term)")
    }

    @Test("keys around them are untouched: letters, a lone Esc, arrows, Enter")
    func neighbours() throws {
        let keys = try Self.decode(["j", "\u{1B}OA", "\u{1B}[1~", "å", "\r", "\u{1B}[Z"], term: "xterm-256color")
        #expect(keys == [.character("j"), .up, .home, .character("å"), .enter, .backTab])
        // Esc alone, once nothing follows it, is still Esc.
        #expect(try Self.decode(["\u{1B}"], term: "xterm-256color") == [.escape])
    }

    @Test("without the common sequences, xterm-256color reads tmux's Home as Esc and text")
    func withoutThemHomeIsEsc() throws {
        let keys = try Self.decode(["\u{1B}[1~"], term: "xterm-256color", installing: false)
        #expect(keys.first == .escape)
        #expect(keys.count == 4)
    }

    /// Starts curses for `term` on a pipe, writes `inputs`, and decodes the
    /// keys it reads until the pipe runs dry.
    static func decode(_ inputs: [String], term: String, installing: Bool = true) throws -> [KeyEvent] {
        // As the reader runs: a UTF-8 locale (C.UTF-8 is always there); the
        // process's own is put back for the other tests.
        let previousLocale = String(cString: setlocale(LC_ALL, nil))
        setlocale(LC_ALL, "C.UTF-8")
        defer { setlocale(LC_ALL, previousLocale) }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0, let input = fdopen(fds[0], "r"), let output = fopen("/dev/null", "w") else {
            throw Failure("cannot open a pipe")
        }
        defer {
            fclose(input)
            fclose(output)
        }
        guard let screen = newterm(term, output, input) else { throw Failure("no terminfo for \(term)") }
        defer {
            endwin()
            delscreen(screen)
        }
        keypad(nr_stdscr(), true)
        set_escdelay(25)
        if installing { KeySequences.install() }
        let bytes = Array(inputs.joined().utf8)
        guard write(fds[1], bytes, bytes.count) == bytes.count else { throw Failure("cannot write to the pipe") }
        close(fds[1])
        var keys: [KeyEvent] = []
        wtimeout(nr_stdscr(), 200)
        while keys.count < 20 {
            var code: wint_t = 0
            let status = wget_wch(nr_stdscr(), &code)
            guard status != ERR else { break }
            if case let .key(key)? = KeyDecoder.decode(status: status, code: code) { keys.append(key) }
        }
        return keys
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

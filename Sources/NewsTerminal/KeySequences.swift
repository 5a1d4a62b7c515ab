import CNcursesw

/// The escape sequences terminals send for Home, End, Insert, Delete,
/// PageUp, PageDown and the arrows, taught to ncurses whatever terminfo says.
///
/// terminfo describes one terminal; the keys come from whatever sits in
/// between. tmux sends `\E[1~` and `\E[4~` for Home and End while
/// `xterm-256color` declares `\EOH` and `\EOF`, so without this Home read
/// as Esc (leave) followed by `[1~`. rxvt sends `\E[7~` and `\E[8~`; xterm
/// `\E[H` and `\E[F` outside keypad mode.
enum KeySequences {
    static let common: [(sequence: String, key: Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
        ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ("\u{1B}[2~", KEY_IC), ("\u{1B}[3~", KEY_DC),
        ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE),
        // Arrows in both cursor modes, for a terminal that ignores keypad mode.
        ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
        ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
    ]

    /// Defines each sequence that the terminal's description leaves
    /// undefined (one it defines, such as `\E[1~` as Find, is decoded by
    /// `KeyDecoder` already). For the current screen, after `keypad`.
    static func install() {
        for (sequence, key) in common where key_defined(sequence) == 0 {
            define_key(sequence, key)
        }
    }
}

import CNcursesw
import NewsUI

/// Style roles as curses attributes and colour pairs: colours where the
/// terminal has them and `NO_COLOR` is unset, attributes alone otherwise.
/// The selection is always reverse video, so it shows on vt100 too.
struct CursesStyle {
    let usesColor: Bool

    enum Pair: Int16 {
        case header = 1, dim, border, match, error, bar
    }

    /// Call after the screen exists. Returns the styles to use.
    static func setUp(noColor: Bool) -> CursesStyle {
        guard !noColor, has_colors() else { return CursesStyle(usesColor: false) }
        start_color()
        use_default_colors()
        init_pair(Pair.header.rawValue, Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        init_pair(Pair.dim.rawValue, Int16(COLOR_CYAN), -1)
        init_pair(Pair.border.rawValue, Int16(COLOR_BLUE), -1)
        init_pair(Pair.match.rawValue, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
        init_pair(Pair.error.rawValue, Int16(COLOR_WHITE), Int16(COLOR_RED))
        init_pair(Pair.bar.rawValue, Int16(COLOR_GREEN), -1)
        return CursesStyle(usesColor: true)
    }

    func attributes(for role: StyleRole) -> (attr_t, Int16) {
        let bold = nr_attr_bold(), reverse = nr_attr_reverse(), underline = nr_attr_underline()
        let normal = attr_t(0)
        switch role {
        case .normal, .prompt: return (normal, 0)
        case .unread, .title: return (bold, 0)
        case .selection: return (reverse | bold, 0)
        case .selectionInactive: return (underline, 0)
        case .status, .cursor: return (reverse, 0)
        case .header: return usesColor ? (bold, Pair.header.rawValue) : (reverse | bold, 0)
        case .dim: return usesColor ? (normal, Pair.dim.rawValue) : (normal, 0)
        case .border: return usesColor ? (normal, Pair.border.rawValue) : (normal, 0)
        case .match: return usesColor ? (normal, Pair.match.rawValue) : (bold | underline, 0)
        case .matchInSelection: return usesColor ? (bold, Pair.match.rawValue) : (reverse | bold | underline, 0)
        case .archiveBar: return usesColor ? (normal, Pair.bar.rawValue) : (normal, 0)
        case .error: return usesColor ? (bold, Pair.error.rawValue) : (reverse | bold, 0)
        }
    }
}

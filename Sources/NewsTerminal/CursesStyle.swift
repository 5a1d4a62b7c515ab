import CNcursesw
import NewsUI

/// Style roles as curses attributes and colour pairs, from the theme: colours
/// where the terminal has them, the theme gives them and `NO_COLOR` is unset;
/// attributes alone otherwise. The selection is always reverse video, so it
/// shows on vt100 and in the `mono` theme too.
struct CursesStyle {
    let usesColor: Bool
    /// Whether the terminal draws italics (terminfo `sitm`).
    var hasItalic = false
    /// The colour pair of each themed element that has colours.
    var pairs: [Theme.Element: Int16] = [:]

    /// Call after the screen exists. Returns the styles to use.
    static func setUp(noColor: Bool, theme: Theme = .named(.default)) -> CursesStyle {
        let hasItalic = nr_has_italic()
        guard !noColor, has_colors(), !theme.colors.isEmpty else { return CursesStyle(usesColor: false, hasItalic: hasItalic) }
        start_color()
        use_default_colors()
        let colors = Int(nr_colors()) >= 256 ? 256 : 8
        var style = CursesStyle(usesColor: true, hasItalic: hasItalic)
        for (offset, element) in Theme.Element.allCases.enumerated() {
            guard let pair = theme.colors[element] else { continue }
            let number = Int16(offset + 1)
            init_pair(number, Int16(pair.foreground.index(colors: colors)), Int16(pair.background.index(colors: colors)))
            style.pairs[element] = number
        }
        return style
    }

    func attributes(for role: StyleRole) -> (attr_t, Int16) {
        let bold = nr_attr_bold(), reverse = nr_attr_reverse(), underline = nr_attr_underline()
        let italic = hasItalic ? nr_attr_italic() : underline
        let normal = attr_t(0)
        /// The element's pair when it has colours, else the monochrome attributes.
        func themed(_ element: Theme.Element, _ colored: attr_t, mono: attr_t) -> (attr_t, Int16) {
            if usesColor, let pair = pairs[element] { return (colored, pair) }
            return (mono, 0)
        }
        switch role {
        case .normal, .prompt: return (normal, 0)
        case .unread: return themed(.unread, bold, mono: bold)
        case .title: return (bold, 0)
        case .selection: return themed(.selection, bold, mono: reverse | bold)
        case .selectionInactive: return (underline, 0)
        case .status: return themed(.status, normal, mono: reverse)
        case .cursor: return (reverse, 0)
        case .header: return themed(.header, bold, mono: reverse | bold)
        case .dim: return themed(.date, normal, mono: normal)
        case .border: return themed(.border, normal, mono: normal)
        case .match: return themed(.highlight, normal, mono: bold | underline)
        case .matchInSelection: return themed(.highlight, bold, mono: reverse | bold | underline)
        case .archiveBar: return themed(.archiveBar, normal, mono: normal)
        case .error: return themed(.error, bold, mono: reverse | bold)
        case .heading: return themed(.heading, bold, mono: bold | underline)
        case .strong: return themed(.bold, bold, mono: bold)
        // Italic where the terminal has it (vt100 has not), else underline.
        case .emphasis: return themed(.italic, italic, mono: italic)
        case .link: return themed(.link, underline, mono: underline)
        case .code: return themed(.code, normal, mono: normal)
        }
    }
}

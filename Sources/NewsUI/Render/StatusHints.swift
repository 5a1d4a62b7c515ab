import NewsModel

/// A key hint of the status line (`Enter:open`): what it is called in the
/// catalogue, and the commands whose keys it shows.
public enum KeyHint: Hashable, Sendable, CaseIterable {
    case open, show, list, search, archive, help, quit, back, leaveSearch, nextPrevious, link, match

    /// `J/K` shows the keys of both commands.
    var commands: [Command] {
        switch self {
        case .open, .show: return [.open]
        case .list: return [.toggleFocus]
        case .search: return [.search]
        case .archive: return [.archive]
        case .help: return [.help]
        case .quit, .back, .leaveSearch: return [.back]
        case .nextPrevious: return [.nextPost, .previousPost]
        case .link: return [.openLink]
        case .match: return [.nextMatch]
        }
    }
}

/// The key hints at the right of the status line, spelled from the live key
/// bindings (a rebound key shows as bound). When they do not all fit, the
/// least important go first; help goes last.
enum StatusHints {
    /// The pane's hints in the order shown, each with its rank (0 is kept longest).
    static func ranked(_ state: ReaderState) -> [(hint: KeyHint, rank: Int)] {
        switch state.focus {
        case .archive:
            return [(.show, 1), (.list, 2), (.help, 0), (.back, 3)]
        case .article:
            // n steps through the hits of a search: only then is it a hint, and then it comes before J/K.
            guard state.searchMatcher != nil else { return [(.nextPrevious, 2), (.link, 3), (.back, 1), (.help, 0)] }
            return [(.nextPrevious, 3), (.link, 4), (.match, 2), (.back, 1), (.help, 0)]
        case .list:
            if case .search = state.list.source { return [(.open, 1), (.search, 3), (.leaveSearch, 2), (.help, 0)] }
            return [(.open, 1), (.search, 2), (.archive, 4), (.help, 0), (.quit, 3)]
        }
    }

    /// `Enter:open`, or nil when none of the hint's commands has a key.
    static func text(_ hint: KeyHint, _ state: ReaderState) -> String? {
        let keys = hint.commands.compactMap { state.keys.keys(for: $0).first.map(KeyMap.helpName) }
        guard keys.count == hint.commands.count, let label = state.strings.hints[hint] else { return nil }
        return keys.joined(separator: "/") + ":" + label
    }

    /// The hints that fit in `room` columns, in the order shown.
    static func fitting(_ state: ReaderState, room: Int) -> String {
        let hints = ranked(state).compactMap { entry in text(entry.hint, state).map { (text: $0, rank: entry.rank) } }
        var kept = Set<Int>()
        var used = -2
        for rank in hints.map(\.rank).sorted() {
            let hint = hints.first { $0.rank == rank }!
            guard used + 2 + DisplayWidth.of(hint.text) <= room else { break }
            used += 2 + DisplayWidth.of(hint.text)
            kept.insert(rank)
        }
        return hints.filter { kept.contains($0.rank) }.map(\.text).joined(separator: "  ")
    }

    /// The width the help hint needs, which the status line's left part leaves free.
    static func helpWidth(_ state: ReaderState) -> Int {
        text(.help, state).map(DisplayWidth.of) ?? 0
    }
}

import NewsModel

/// The error screen (`E`): for each failing feed its title and when it
/// failed, its URL, then its whole error wrapped under it; a blank line
/// between feeds. Pure text with a role per line, so the renderer draws it
/// and the reducer knows how far it scrolls.
enum FailingFeedsText {
    static let indent = "    "

    static func lines(_ feeds: [FeedStatus], width: Int, _ strings: Catalogue) -> [(text: String, role: StyleRole)] {
        guard !feeds.isEmpty else { return [(strings.noFeedErrors, .dim)] }
        let room = max(10, width - indent.count - 1)
        var lines: [(text: String, role: StyleRole)] = []
        for status in feeds {
            if !lines.isEmpty { lines.append(("", .normal)) }
            var head = "! " + TerminalSafe.clean(status.feed.title)
            if let time = status.lastErrorAt {
                head += "  " + Renderer.formatDate(time, "%Y-%m-%d %H:%M", strings) + " UTC"
            }
            lines.append((head, .title))
            if let url = status.feed.url { lines.append((indent + TerminalSafe.clean(url), .dim)) }
            var problems: [String] = []
            if status.isGone { problems.append(strings.feedGone) }
            if let error = status.feed.lastError { problems.append(TerminalSafe.clean(error)) }
            for problem in problems {
                for line in TextWrapper.wrap(problem, width: room) { lines.append((indent + line, .error)) }
            }
        }
        return lines
    }
}

extension Renderer {
    /// The error screen over the panes: its title in the header, the lines
    /// from `top`, and in the status line how many feeds fail and the keys.
    static func drawFailingFeeds(_ grid: inout CellGrid, _ state: ReaderState, _ screen: FailingFeedsScreen,
                                 _ layout: Layout) {
        grid.fill(x: 0, y: 0, count: grid.width, role: .header)
        grid.put(" " + state.strings.feedErrorsTitle, x: 0, y: 0, maxWidth: grid.width, role: .header)
        let lines = FailingFeedsText.lines(screen.feeds, width: grid.width, state.strings)
        for offset in 0..<layout.bodyHeight {
            let y = layout.bodyTop + offset
            grid.fill(x: 0, y: y, count: grid.width, role: .normal)
            let index = screen.top + offset
            guard index < lines.count else { continue }
            let line = lines[index]
            grid.put(DisplayWidth.truncate(" " + line.text, to: grid.width), x: 0, y: y, maxWidth: grid.width, role: line.role)
            if line.text.hasPrefix("!") { grid.put("!", x: 1, y: y, maxWidth: 1, role: .error) }
        }
        let y = layout.statusRow
        grid.fill(x: 0, y: y, count: grid.width, role: .status)
        let left = " \(state.strings.feedErrorsTitle)  \(screen.feeds.count)"
        let used = grid.put(DisplayWidth.truncate(left, to: grid.width - 1), x: 0, y: y, maxWidth: grid.width - 1, role: .status)
        let hints = state.strings.hintsFeedErrors
        if DisplayWidth.of(hints) <= grid.width - used - 3 {
            grid.put(hints, x: grid.width - 1 - DisplayWidth.of(hints), y: y, maxWidth: DisplayWidth.of(hints), role: .status)
        }
    }
}

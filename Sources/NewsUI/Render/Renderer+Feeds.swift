import NewsModel

extension Renderer {
    /// `  refreshed 08:15 UTC`: when the last refresh ran (UTC), once the
    /// reader has refreshed, where it refreshes by itself (`refresh-interval`
    /// or `refresh-on-start`); after `R` alone its summary says enough.
    static func lastRefreshText(_ state: ReaderState) -> String {
        guard let time = state.lastRefresh,
              state.settings.refreshInterval != nil || state.settings.refreshOnStart else { return "" }
        return "  " + state.strings.lastRefreshed(formatDate(time, "%H:%M", state.strings))
    }
}

extension Renderer {
    /// `Save search as: name█` (or `Add feed (URL): …`) in the status line while `S` (or `+`) asks.
    static func drawLinePrompt(_ grid: inout CellGrid, _ state: ReaderState, _ naming: LinePrompt, _ layout: Layout) {
        let y = layout.statusRow
        grid.fill(x: 0, y: y, count: grid.width, role: .prompt)
        let label: String
        switch naming.purpose {
        case .addFeed: label = state.strings.addFeedPrompt
        case .renameFeed: label = state.strings.renameFeedPrompt
        case .saveSearch: label = state.strings.saveSearchAs
        }
        let used = grid.put(label, x: 0, y: y, maxWidth: grid.width, role: .prompt)
        let room = grid.width - used - 1
        guard room > 1 else { return }
        let characters = Array(naming.input.text)
        var start = 0
        while start < naming.input.cursor
                && DisplayWidth.of(String(characters[start..<naming.input.cursor])) > room - 1 { start += 1 }
        let cursor = naming.input.cursor - start
        let written = grid.put(String(characters[start...]), x: used, y: y, maxWidth: room) { $0 == cursor ? .cursor : .prompt }
        if naming.input.cursor == characters.count { grid.put(" ", x: used + min(written, room), y: y, role: .cursor) }
    }
}

import NewsModel

extension Renderer {
    /// `  refreshed 08:15 UTC`: when the last refresh ran (UTC), once the reader has refreshed.
    static func lastRefreshText(_ state: ReaderState) -> String {
        guard let time = state.lastRefresh else { return "" }
        return "  " + state.strings.lastRefreshed(formatDate(time, "%H:%M", state.strings))
    }
}

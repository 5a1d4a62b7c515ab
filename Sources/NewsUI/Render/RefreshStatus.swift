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

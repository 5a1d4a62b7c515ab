/// A search kept under a name: the reader lists it with the feeds, with how
/// many posts match it now, and opens it like a feed; `newsreader searches`
/// lists and removes them.
public struct SavedSearch: Codable, Hashable, Sendable {
    public var name: String
    /// The search as typed (`/`'s syntax: words, "phrases", -exclusions, month:…).
    public var query: String
    /// Posts that match it now (counted when loaded).
    public var count: Int

    public init(name: String, query: String, count: Int = 0) {
        self.name = name
        self.query = query
        self.count = count
    }
}

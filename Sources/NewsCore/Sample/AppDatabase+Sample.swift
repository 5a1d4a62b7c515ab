import NewsModel

extension AppDatabase {
    /// Fills the store with the bundled sample (one transaction).
    @discardableResult
    public func importSample() throws -> ImportCounts {
        try save(feed: SampleFeed.feed, posts: SampleFeed.posts)
    }

    /// The sample as it is bundled, for tests and documentation.
    public static var samplePosts: [IncomingPost] { SampleFeed.posts }
    public static var sampleFeed: Feed { SampleFeed.feed }
}

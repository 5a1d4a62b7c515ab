import NewsCore
import NewsModel
import TestSupport

extension IncomingPost {
    /// `post` as a feed delivers it: its body as HTML.
    public init(_ post: FixturePost) {
        self.init(guid: post.guid, title: post.title, link: post.link, author: post.author,
                  published: post.published, contentHTML: post.html)
    }
}

/// Stores holding the shared posts, saved through `save(feed:posts:)` as an import saves them.
public enum FixtureStore {
    /// The feed of `Fixtures.mixedPosts`.
    public static let feed = Feed(url: Fixtures.feedURL, title: Fixtures.feedTitle)

    /// A store in memory with `posts` of `feed`, stored at `Fixtures.stored`.
    public static func inMemory(_ posts: [FixturePost] = Fixtures.mixedPosts, feed: Feed = feed) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: feed, posts: posts.map(IncomingPost.init), now: Fixtures.stored)
        return database
    }

    /// A store in memory with `posts` as given (built by hand), of `feed`.
    public static func inMemory(saving posts: [IncomingPost], feed: Feed = feed) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: feed, posts: posts, now: Fixtures.stored)
        return database
    }

    /// A store on disk at `path` (a `DatabasePool`, as the reader opens it) with `posts`.
    public static func onDisk(_ path: String, _ posts: [FixturePost] = Fixtures.mixedPosts,
                              feed: Feed = feed) throws -> AppDatabase {
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        try database.save(feed: feed, posts: posts.map(IncomingPost.init), now: Fixtures.stored)
        return database
    }
}

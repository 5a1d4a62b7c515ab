import NewsCore

/// A feed server newsreader syncs with: subscriptions, articles and their
/// read and starred state live there, and the store is a fast offline copy.
///
/// Tiny Tiny RSS is the first; the Google Reader API (FreshRSS, Miniflux,
/// Inoreader) and Nextcloud News fit the same shape: each names feeds and
/// numbers articles, lists new articles a page at a time from a position of
/// its own, and answers what is read and starred as cheaply as it can. The
/// store, the engine and the reader stay as they are when one is added.
public protocol SyncService: AnyObject, Sendable {
    /// Logs in (again, when the session has expired).
    func logIn() throws
    /// Every subscription, with the server's titles and categories.
    func feeds() throws -> [RemoteFeed]
    /// The next page of articles from `position` (what the last page said
    /// comes next, or nil on a first sync). Called from one thread at a time.
    func articles(from position: String?) throws -> ArticlePage
    /// Articles by id: ones the server's state named that the store lacks.
    func articles(ids: [Int64]) throws -> [RemoteArticle]
    /// The read and starred state on the server. With `everything` false it
    /// may ask only about what can have changed since the store last heard,
    /// which `knowledge` tells.
    func state(everything: Bool, knowledge: SyncKnowledge) throws -> RemoteState
    func setRead(_ read: Bool, ids: [Int64]) throws
    func setStarred(_ starred: Bool, ids: [Int64]) throws
    /// Subscribes the account to `url` on the server.
    func subscribe(url: String) throws -> Subscription
    func unsubscribe(feedID: String) throws
    /// Asks the server to fetch a feed now, where it can; else does nothing.
    func updateFeed(id: String) throws
    /// Seconds spent so far waiting for the server's answers (requests sent
    /// together count once), for telling the server's time from newsreader's.
    var secondsWaiting: Double { get }
}

/// One page of articles and where the next one starts.
public struct ArticlePage: Sendable {
    public var articles: [RemoteArticle]
    /// What to ask for next; stored with the page, so an interrupted sync resumes there.
    public var next: String
    /// No more articles for now.
    public var isLast: Bool

    public init(articles: [RemoteArticle], next: String, isLast: Bool) {
        self.articles = articles
        self.next = next
        self.isLast = isLast
    }
}

/// What subscribing did on the server.
public enum Subscription: Equatable, Sendable {
    case subscribed(feedID: String)
    case alreadySubscribed
}

/// What the store knows of the server's state, for services that ask about
/// changes only.
public protocol SyncKnowledge: Sendable {
    /// Unread articles per server feed, as the server last reported them.
    func serverUnreadCounts() throws -> [String: Int]
    /// Of `ids`, those the server last reported unread.
    func serverUnread(among ids: [Int64]) throws -> Set<Int64>
}

extension AppDatabase: SyncKnowledge {}

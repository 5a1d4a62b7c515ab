import Foundation
import NewsCore
import NewsModel

/// Tiny Tiny RSS's JSON API (level 15 and later): every call is a JSON body
/// POSTed to `api/`, the session id in the body (no cookies), the session
/// bound to the User-Agent. Its quirks, each seen against a real server
/// (`../shared/sync/ttrss/README.md`), shape what this class asks:
///
/// - `getHeadlines` answers at most 200 a call, in its own order (score,
///   then arrival): new articles come as the ids above the largest one the
///   store holds, paged with `skip` from a `since_id` that stays fixed for
///   the whole pass, so an interrupted pass resumes at its page.
/// - Bodies come unsanitised (`sanitize: false`): as the feed sent them, as
///   for feeds newsreader fetches itself, whose HTML it renders safely on its
///   own (tt-rss's sanitiser parses every body again, 5% more time here).
/// - There is no "changed since" for read state, and listing every unread
///   article costs 0.25–0.5 s per 200 here; so a sync lists only what can have
///   changed: the starred virtual feed (most recently starred first: any
///   article starred since the last sync is on its first page), the
///   recently-read virtual feed (read in the last 24 hours, most recent
///   first), and then the unread articles of each feed whose unread count
///   still differs from the store's. Twice a day, or when asked, it compares
///   every unread article.
///
/// `@unchecked Sendable`: its session, the unread counts and the time spent
/// waiting change under `lock`; everything else is constant.
public final class TinyTinyRSS: SyncService, @unchecked Sendable {
    public let apiURL: String
    /// The server as messages name it.
    public let server: String
    let user: String
    private let password: String
    private let timeout: Double
    private let client: HTTPClient

    private let lock = NSLock()
    private var sessionID: String?
    /// Unread articles per feed, from the last `feeds()`.
    private var unreadCounts: [String: Int]?
    private var waited = 0.0

    public var secondsWaiting: Double { lock.withLock { waited } }

    /// tt-rss's page size: `getHeadlines` never answers more.
    static let pageSize = 200
    /// Pages of new articles asked for together.
    static let pagesAtOnce = 2
    /// Ids per `updateArticle` and `getArticle` call.
    static let idsPerCall = 200

    public init(baseURL: String, user: String, password: String, timeout: Double = 30, userAgent: String = "newsreader") {
        apiURL = Self.apiURL(baseURL)
        server = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.user = user
        self.password = password
        self.timeout = timeout
        client = HTTPClient(userAgent: userAgent)
    }

    /// The API's address: `api/` below the base URL, unless the URL names it already.
    static func apiURL(_ base: String) -> String {
        var url = base
        if url.hasSuffix("/api") { return url + "/" }
        if url.hasSuffix("/api/") { return url }
        if !url.hasSuffix("/") { url += "/" }
        return url + "api/"
    }

    // MARK: - SyncService

    public func logIn() throws {
        let login = try call("login", ["user": user, "password": password], as: TinyTinyRSSAnswer.Login.self,
                             logInWhenNeeded: false)
        lock.withLock { sessionID = login.sessionID }
    }

    public func feeds() throws -> [RemoteFeed] {
        let feeds = try call("getFeeds", ["cat_id": -3], as: [TinyTinyRSSAnswer.Feed].self)
        var categoryTitles: [Int64: String] = [:]
        // Category titles, when a feed is filed under one (0 is uncategorised;
        // ids below are tt-rss's own groupings: special, labels).
        if feeds.contains(where: { $0.categoryID > 0 }) {
            let categories = try call("getCategories", ["include_empty": true], as: [TinyTinyRSSAnswer.Category].self)
            for category in categories where category.id > 0 { categoryTitles[category.id] = category.title }
        }
        lock.withLock {
            unreadCounts = Dictionary(feeds.map { (String($0.id), $0.unread) }, uniquingKeysWith: +)
        }
        return feeds.map {
            RemoteFeed(id: String($0.id), title: $0.title.isEmpty ? ($0.url ?? "Feed \($0.id)") : $0.title, url: $0.url,
                       category: categoryTitles[$0.categoryID])
        }
    }

    /// A position is `since=S skip=K max=M`: the pass lists ids above S,
    /// has taken K of them, and has seen ids up to M. Two of tt-rss's pages
    /// are asked for at once (it answers them on two cores: 1.4–1.6 times as fast here).
    public func articles(from position: String?) throws -> ArticlePage {
        var pass = Pass(position ?? "")
        // A sync after the first usually finds less than a page: ask for one.
        let pagesAtOnce = pass.skip == 0 && pass.since > 0 ? 1 : Self.pagesAtOnce
        let pages = try calls("getHeadlines", (0..<pagesAtOnce).map { page in
            ["feed_id": -4, "view_mode": "all_articles", "since_id": pass.since, "skip": pass.skip + page * Self.pageSize,
             "limit": Self.pageSize, "show_content": true, "sanitize": false]
        }, as: [TinyTinyRSSAnswer.Headline].self)
        // Up to the first short page: the rest would be past the end.
        let full = pages.prefix { $0.count == Self.pageSize }
        let headlines = Array(full.joined()) + (pages.dropFirst(full.count).first ?? [])
        pass.largest = max(pass.largest, headlines.map(\.id).max() ?? 0)
        let isLast = full.count < pages.count
        if isLast {
            pass = Pass(since: pass.largest, skip: 0, largest: pass.largest)
        } else {
            pass.skip += headlines.count
        }
        return ArticlePage(articles: headlines.map(\.article), next: pass.description, isLast: isLast)
    }

    public func articles(ids: [Int64]) throws -> [RemoteArticle] {
        var articles: [RemoteArticle] = []
        for chunk in ids.chunked(Self.idsPerCall) {
            let found = try call("getArticle", ["article_id": chunk.map(String.init).joined(separator: ","), "sanitize": false],
                                 as: [TinyTinyRSSAnswer.Headline].self)
            articles += found.map(\.article)
        }
        return articles
    }

    public func state(everything: Bool, knowledge: SyncKnowledge) throws -> RemoteState {
        var state = RemoteState()
        if lock.withLock({ unreadCounts }) == nil { _ = try feeds() }
        let counts = lock.withLock { unreadCounts ?? [:] }
        // The starred virtual feed (every page: a few, for most accounts) and
        // the first page of the recently read one, asked for together.
        let first = try calls("getHeadlines", [-1, -6].map { feed in
            ["feed_id": feed, "view_mode": "all_articles", "limit": Self.pageSize, "skip": 0, "show_content": false]
        }, as: [TinyTinyRSSAnswer.Headline].self)
        var starred = first[0]
        if starred.count == Self.pageSize {
            starred += try allHeadlines(["feed_id": -1, "view_mode": "all_articles", "skip": Self.pageSize])
        }
        state.exactStarred = Set(starred.map(\.id))
        if everything {
            var unread: [String: Set<Int64>] = Dictionary(uniqueKeysWithValues: counts.keys.map { ($0, []) })
            let total = counts.values.reduce(0, +)
            for headline in try allHeadlines(["feed_id": -4, "view_mode": "unread"], expected: total) {
                unread[String(headline.feedID), default: []].insert(headline.id)
            }
            state.exactUnread = unread
            return state
        }

        // Read in the last 24 hours, most recent first: further pages only
        // while they still hold articles the store has as unread.
        var recentlyRead = first[1]
        var page = first[1]
        for next in 1..<5 {
            let news = try knowledge.serverUnread(among: page.map(\.id))
            if page.count < Self.pageSize || news.isEmpty { break }
            page = try headlines(["feed_id": -6, "view_mode": "all_articles", "skip": next * Self.pageSize])
            recentlyRead += page
        }
        state.read = Set(recentlyRead.map(\.id))
        let nowRead = try knowledge.serverUnread(among: Array(state.read))

        // A feed whose unread count differs from the store's, once those
        // reads are counted, has changes the store has not seen: list its unread articles.
        var local = try knowledge.serverUnreadCounts()
        for headline in recentlyRead where nowRead.contains(headline.id) {
            local[String(headline.feedID), default: 0] -= 1
        }
        for (feed, count) in counts.sorted(by: { $0.key < $1.key }) where count != local[feed, default: 0] {
            guard let id = Int64(feed) else { continue }
            state.exactUnread[feed] = Set(try allHeadlines(["feed_id": id, "view_mode": "unread"], expected: count).map(\.id))
        }
        return state
    }

    public func setRead(_ read: Bool, ids: [Int64]) throws {
        try updateArticles(ids, field: 2, mode: read ? 0 : 1)
    }

    public func setStarred(_ starred: Bool, ids: [Int64]) throws {
        try updateArticles(ids, field: 0, mode: starred ? 1 : 0)
    }

    public func subscribe(url: String) throws -> Subscription {
        let answer = try call("subscribeToFeed", ["feed_url": url], as: TinyTinyRSSAnswer.SubscribeStatus.self)
        let status = answer.status
        switch status.code {
        case 0:
            return .alreadySubscribed
        case 1:
            guard let id = status.feedID else { throw SyncError.badAnswer(server: server, reason: "subscribed, but no feed id") }
            return .subscribed(feedID: String(id))
        case 2: throw SyncError.refused("\(server) refused \(url): not a valid URL")
        case 3: throw SyncError.refused("\(server) found no feed at \(url)")
        case 4: throw SyncError.refused("\(server) found several feeds at \(url): subscribe to one of them by its own URL")
        case 5: throw SyncError.refused("\(server) could not download \(url)\(status.message.map { ": \($0)" } ?? "")")
        default: throw SyncError.refused("\(server) could not subscribe to \(url) (code \(status.code))")
        }
    }

    public func unsubscribe(feedID: String) throws {
        guard let id = Int64(feedID) else { return }
        do {
            _ = try call("unsubscribeFeed", ["feed_id": id], as: TinyTinyRSSAnswer.Ignored.self)
        } catch SyncError.badAnswer(_, let reason) where reason.hasSuffix("FEED_NOT_FOUND") {
            // Gone already (another client removed it): what was asked for.
        }
    }

    public func updateFeed(id: String) throws {
        guard let id = Int64(id) else { return }
        _ = try call("updateFeed", ["feed_id": id], as: TinyTinyRSSAnswer.Ignored.self)
    }

    // MARK: - Calls

    /// `updateArticle` for `ids`, a call per 200: field 0 starred, 2 unread; mode 0 off, 1 on.
    private func updateArticles(_ ids: [Int64], field: Int, mode: Int) throws {
        for chunk in ids.chunked(Self.idsPerCall) {
            _ = try call("updateArticle", ["article_ids": chunk.map(String.init).joined(separator: ","),
                                           "field": field, "mode": mode], as: TinyTinyRSSAnswer.Ignored.self)
        }
    }

    /// One page of headlines.
    private func headlines(_ parameters: [String: Any]) throws -> [TinyTinyRSSAnswer.Headline] {
        try call("getHeadlines", parameters.merging(["limit": Self.pageSize]) { $1 }, as: [TinyTinyRSSAnswer.Headline].self)
    }

    /// Every page of headlines (from `skip`, if given), without their bodies;
    /// `expected` of them, when known, lets their pages be asked for together.
    private func allHeadlines(_ parameters: [String: Any], expected: Int = 0) throws -> [TinyTinyRSSAnswer.Headline] {
        var all: [TinyTinyRSSAnswer.Headline] = []
        let skip = parameters["skip"] as? Int ?? 0
        var pagesAtOnce = max(1, (expected + Self.pageSize - 1) / Self.pageSize)
        while true {
            let pages = try calls("getHeadlines", (0..<pagesAtOnce).map { page in
                parameters.merging(["skip": skip + all.count + page * Self.pageSize, "limit": Self.pageSize,
                                    "show_content": false]) { $1 }
            }, as: [TinyTinyRSSAnswer.Headline].self)
            all += pages.joined()
            if pages.last?.count ?? 0 < Self.pageSize { return all }
            pagesAtOnce = 1
        }
    }

    /// Calls `op`; when the session has expired (`NOT_LOGGED_IN`), logs in
    /// again and calls once more.
    func call<Content: Decodable>(_ op: String, _ parameters: [String: Any], as type: Content.Type,
                                  logInWhenNeeded: Bool = true) throws -> Content {
        try calls(op, [parameters], as: type, logInWhenNeeded: logInWhenNeeded)[0]
    }

    /// Calls `op` once per parameter set, all at once (at most two at a time
    /// reach the server: the HTTP client's limit per host); the answers in order.
    func calls<Content: Decodable>(_ op: String, _ parameters: [[String: Any]], as type: Content.Type,
                                   logInWhenNeeded: Bool = true) throws -> [Content] {
        var loggedInAgain = false
        while true {
            let session: String? = lock.withLock { sessionID }
            let bodies = parameters.map { parameters -> [String: Any] in
                var body = parameters
                body["op"] = op
                if let session { body["sid"] = session }
                return body
            }
            var contents: [Content] = []
            var failure: TinyTinyRSSAnswer.Envelope<Content>.APIError?
            for result in try post(bodies, as: type) {
                switch result {
                case .success(let content): contents.append(content)
                case .failure(let error): failure = failure ?? error
                }
            }
            guard let failure else { return contents }
            switch failure.error {
            case "NOT_LOGGED_IN" where logInWhenNeeded && !loggedInAgain:
                loggedInAgain = true
                try logIn()
            case "LOGIN_ERROR":
                throw SyncError.loginRefused(server: server, user: user)
            case "API_DISABLED":
                throw SyncError.apiDisabled(server: server, user: user)
            default:
                throw SyncError.badAnswer(server: server, reason: "\(op): \(failure.error)")
            }
        }
    }

    /// POSTs JSON bodies together and reads the envelopes of the answers, in
    /// order. The login's body holds the password: it goes nowhere but the request.
    private func post<Content: Decodable>(_ bodies: [[String: Any]], as type: Content.Type) throws
        -> [Result<Content, TinyTinyRSSAnswer.Envelope<Content>.APIError>] {
        let requests = try bodies.map { body in
            HTTPRequest(url: apiURL, method: "POST", headers: ["Content-Type": "application/json"],
                        body: [UInt8](try JSONSerialization.data(withJSONObject: body)),
                        connectTimeout: min(10, timeout), timeout: timeout, lowSpeedLimit: nil, maximumRedirects: 0)
        }
        var responses = [Result<HTTPResponse, HTTPError>?](repeating: nil, count: requests.count)
        let began = DispatchTime.now().uptimeNanoseconds
        client.send(requests) { index, result in responses[index] = result }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        lock.withLock { waited += seconds }
        return try responses.map { try envelope(of: $0!.get(), op: bodies.first?["op"] as? String ?? "") }
    }

    /// An HTTP outcome as a sync failure that says which, or the answer's envelope.
    private func envelope<Content: Decodable>(of outcome: @autoclosure () throws -> HTTPResponse, op: String) throws
        -> Result<Content, TinyTinyRSSAnswer.Envelope<Content>.APIError> {
        let response: HTTPResponse
        do {
            response = try outcome()
        } catch let error as HTTPError {
            switch error.kind {
            case .connectTimeout, .timeout, .tooSlow:
                throw SyncError.timedOut(server: server, reason: error.message)
            // A connection cut mid-answer is a server that went away, not a wrong answer.
            case .hostNotFound, .connectionRefused, .cannotConnect, .tls, .unavailable, .brokenResponse:
                throw SyncError.unreachable(server: server, reason: error.message)
            default:
                throw SyncError.badAnswer(server: server, reason: error.message)
            }
        }
        guard response.status == 200 else {
            var reason = "HTTP \(response.status) \(HTTPResponse.reasonPhrase(response.status)) from \(apiURL)"
            if let location = response.headers["Location"] { reason += ", which moved to \(location): set url to the new address" }
            throw SyncError.badAnswer(server: server, reason: reason)
        }
        do {
            return try JSONDecoder().decode(TinyTinyRSSAnswer.Envelope<Content>.self, from: Data(response.body)).result
        } catch {
            let isJSON = (try? JSONSerialization.jsonObject(with: Data(response.body))) != nil
            throw SyncError.badAnswer(server: server, reason: isJSON ? "\(op) answered JSON of another shape"
                                      : "\(apiURL) did not answer JSON: is url the address of Tiny Tiny RSS?")
        }
    }
}

/// Where a pass over new articles stands: `since=S skip=K max=M`.
struct Pass: CustomStringConvertible, Equatable {
    var since: Int64 = 0
    var skip = 0
    var largest: Int64 = 0

    init(since: Int64, skip: Int, largest: Int64) {
        self.since = since
        self.skip = skip
        self.largest = largest
    }

    /// Reads a position; anything unreadable starts from the beginning.
    init(_ text: String) {
        for field in text.split(separator: " ") {
            let parts = field.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "since": since = Int64(parts[1]) ?? 0
            case "skip": skip = Int(parts[1]) ?? 0
            case "max": largest = Int64(parts[1]) ?? 0
            default: break
            }
        }
        largest = max(largest, since)
    }

    var description: String { "since=\(since) skip=\(skip) max=\(largest)" }
}

extension Array {
    /// The array in consecutive pieces of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

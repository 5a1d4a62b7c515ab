import Foundation
import NewsModel

/// Subscribing that checks first: `add URL` (and, later, the reader's own
/// add) fetches the URL and subscribes only to what parses as a feed, in the
/// same transaction as its posts. A web page that names feeds in its head
/// subscribes to the first of them. The same feed twice (URLs compared
/// normalised) is "already subscribed". A failure subscribes nothing.
public struct FeedSubscriber: Sendable {
    public var database: AppDatabase
    public var fetcher: FeedFetcher

    public init(database: AppDatabase, fetcher: FeedFetcher = FeedFetcher()) {
        self.database = database
        self.fetcher = fetcher
    }

    public enum Outcome: Sendable {
        /// Subscribed to `feed` and imported its posts. `page` is the web page
        /// it was found on, and `alternates` every feed that page names (the
        /// first is `feed`).
        case subscribed(Feed, ImportResult, page: String?, alternates: [FeedDiscovery.Alternate])
        case alreadySubscribed(Feed, page: String?, alternates: [FeedDiscovery.Alternate])
    }

    /// Why nothing was subscribed, in one line.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public func subscribe(_ text: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Outcome {
        let url: String
        do { url = try HTTPURL(text).description } catch { throw Failure("\(error)") }
        if let existing = try database.subscribedFeed(matching: url) {
            return .alreadySubscribed(existing, page: nil, alternates: [])
        }
        let document = try fetch(url)
        do {
            let (feed, result) = try subscribe(document, requested: url, now: now)
            return .subscribed(feed, result, page: nil, alternates: [])
        } catch let error as FeedParseError {
            let bytes = try document.bytes()
            guard FeedDiscovery.looksLikeHTML(bytes, contentType: document.contentType) else {
                throw Failure("\(url) is not a feed: \(Self.explain(error))")
            }
            let alternates = FeedDiscovery.alternates(in: bytes, pageURL: document.finalURL)
            guard let first = alternates.first else {
                throw Failure("\(url) is a web page that names no feed (no <link rel=\"alternate\"> to RSS or Atom)")
            }
            if let existing = try database.subscribedFeed(matching: first.url) {
                return .alreadySubscribed(existing, page: url, alternates: alternates)
            }
            let named = try fetch(first.url)
            do {
                let (feed, result) = try subscribe(named, requested: first.url, now: now)
                return .subscribed(feed, result, page: url, alternates: alternates)
            } catch let error as FeedParseError {
                throw Failure("\(first.url), named by \(url), is not a feed: \(Self.explain(error))")
            }
        }
    }

    private func fetch(_ url: String) throws -> FetchedDocument {
        do {
            switch try fetcher.fetch(url) {
            case .fetched(let document): return document
            case .notModified: throw Failure("\(url): HTTP 304 Not Modified to a request without validators")
            }
        } catch let error as FetchError {
            throw Failure("\(url): \(error.message)")
        }
    }

    /// Imports the document as a new feed (which a parse error leaves unsubscribed) and records the fetch.
    private func subscribe(_ document: FetchedDocument, requested: String, now: Int64) throws -> (Feed, ImportResult) {
        let address = document.permanentURL ?? requested
        let result = try database.importFeed(try document.parser(), into: Feed(url: address, title: address), now: now)
        guard let feed = try database.subscribedFeed(matching: address), let id = feed.id else {
            throw Failure("\(address): the subscription was not stored")
        }
        try database.recordFetch(feedID: id, FetchRecord(time: now, validators: (document.etag, document.lastModified)))
        return (feed, result)
    }

    /// A parse error in words a user reads, without libxml2's own messages.
    static func explain(_ error: FeedParseError) -> String {
        let message = error.message
        if message == "the document is empty" { return "the response is empty" }
        if message.hasPrefix("<"), message.hasSuffix("is not an RSS, Atom or RDF feed") { return message }
        if message.hasPrefix("the document ends before") {
            return String(message.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
        }
        return "not well-formed XML" + (error.line.map { " (line \($0))" } ?? "")
    }
}

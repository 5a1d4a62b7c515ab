import Foundation

/// What refreshing one feed did.
public struct RefreshOutcome: Sendable {
    public enum Result: Sendable {
        case imported(ImportResult)
        /// 304: unchanged since the last fetch, nothing parsed.
        case notModified
        /// The server asked us to wait (Retry-After) and that time has not come.
        case postponed(until: Int64)
        case failed(String)
    }

    public var feed: Feed
    public var result: Result
    public var seconds: Double
}

/// Fetches subscribed feeds, several at once, and imports what changed.
/// A feed that fails records its error and keeps its posts; the others go on.
public struct FeedRefresher: Sendable {
    public var database: AppDatabase
    public var fetcher: FeedFetcher
    /// How many feeds are fetched at the same time.
    public var concurrency: Int

    public init(database: AppDatabase, fetcher: FeedFetcher = FeedFetcher(), concurrency: Int = 6) {
        self.database = database
        self.fetcher = fetcher
        self.concurrency = max(1, concurrency)
    }

    /// Refreshes `feeds`; `progress` is called (from any thread, one call at a
    /// time) after each feed with the number done so far.
    public func refresh(_ feeds: [FeedStatus], now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
                        progress: @escaping @Sendable (_ done: Int, _ total: Int, RefreshOutcome) -> Void = { _, _, _ in })
        -> [RefreshOutcome] {
        let results = ResultBox(count: feeds.count)
        let queue = DispatchQueue(label: "newsreader.refresh", attributes: .concurrent)
        let slots = DispatchSemaphore(value: concurrency)
        let group = DispatchGroup()
        for (index, status) in feeds.enumerated() {
            slots.wait()
            group.enter()
            queue.async {
                defer {
                    slots.signal()
                    group.leave()
                }
                let outcome = refreshOne(status, now: now())
                let done = results.store(outcome, at: index)
                results.serially { progress(done, feeds.count, outcome) }
            }
        }
        group.wait()
        return results.values
    }

    public func refreshOne(_ status: FeedStatus, now: Int64) -> RefreshOutcome {
        let started = DispatchTime.now()
        let feed = status.feed
        func outcome(_ result: RefreshOutcome.Result) -> RefreshOutcome {
            RefreshOutcome(feed: feed, result: result,
                           seconds: Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        }
        guard let url = feed.url, let feedID = feed.id else { return outcome(.failed("not subscribed")) }
        if let retryAfter = status.retryAfter, retryAfter > now {
            return outcome(.postponed(until: retryAfter))
        }
        do {
            switch try fetcher.fetch(url, etag: feed.etag, lastModified: feed.lastModified) {
            case .notModified:
                try database.recordFetch(feedID: feedID, at: now, keepValidators: true)
                return outcome(.notModified)
            case .fetched(let document):
                let parser = FeedParser(data: document.body, contentType: document.contentType, url: document.finalURL)
                let result = try database.importFeed(parser, into: feed, now: now)
                try database.recordFetch(feedID: feedID, at: now, etag: document.etag,
                                         lastModified: document.lastModified, keepValidators: false)
                return outcome(.imported(result))
            }
        } catch {
            let retryAfter = (error as? FetchError)?.retryAfter.map { now + Int64($0) }
            let message = "\(error)"
            // Recording the error must not hide it; a store failure here is reported as the outcome.
            try? database.recordFetch(feedID: feedID, at: now, keepValidators: true, error: message, retryAfter: retryAfter)
            return outcome(.failed(message))
        }
    }

    /// Results written from worker threads.
    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private let progressLock = NSLock()
        private var outcomes: [RefreshOutcome?]
        private var done = 0

        init(count: Int) { outcomes = Array(repeating: nil, count: count) }

        func store(_ outcome: RefreshOutcome, at index: Int) -> Int {
            lock.lock()
            defer { lock.unlock() }
            outcomes[index] = outcome
            done += 1
            return done
        }

        func serially(_ body: () -> Void) {
            progressLock.lock()
            defer { progressLock.unlock() }
            body()
        }

        var values: [RefreshOutcome] {
            lock.lock()
            defer { lock.unlock() }
            return outcomes.compactMap { $0 }
        }
    }
}

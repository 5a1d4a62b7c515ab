import Foundation
import NewsModel

/// What refreshing one feed did.
public struct RefreshOutcome: Sendable {
    public enum Result: Sendable {
        case imported(ImportResult)
        /// 304: unchanged since the last fetch, nothing parsed.
        case notModified
        /// The server asked us to wait (Retry-After) and that time has not come.
        case postponed(until: Int64)
        /// It answered 410 Gone before: not fetched unless named.
        case gone
        case failed(String)
    }

    public var feed: Feed
    public var result: Result
    /// Seconds from the start of the refresh to this feed's outcome.
    public var seconds: Double
    /// The URL it was fetched from, when a 301/308 moved it there for good.
    public var movedTo: String?
}

/// Fetches subscribed feeds and imports what changed. Every request goes
/// out at once (two per host, through `FeedFetcher`); documents are parsed
/// and written one at a time, in the order they arrive, on a thread of their
/// own, so the network and the store work side by side and at most one
/// import holds memory (large bodies wait in unlinked temporary files).
/// A feed that fails records its error and keeps its posts; the others go on.
public struct FeedRefresher: Sendable {
    public var database: AppDatabase
    public var fetcher: FeedFetcher

    public init(database: AppDatabase, fetcher: FeedFetcher = FeedFetcher()) {
        self.database = database
        self.fetcher = fetcher
    }

    /// Refreshes `feeds`; `progress` is called (from another thread, one
    /// call at a time) after each feed with the number done so far.
    /// - Parameter explicit: the feeds were named: fetch them even when
    ///   postponed by Retry-After or gone.
    public func refresh(_ feeds: [FeedStatus], explicit: Bool = false,
                        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
                        progress: @escaping @Sendable (_ done: Int, _ total: Int, RefreshOutcome) -> Void = { _, _, _ in })
        -> [RefreshOutcome] {
        let started = DispatchTime.now().uptimeNanoseconds
        let results = Outcomes(count: feeds.count, progress: progress)
        @Sendable func outcome(_ index: Int, _ result: RefreshOutcome.Result, movedTo: String? = nil) {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            results.store(RefreshOutcome(feed: feeds[index].feed, result: result, seconds: seconds, movedTo: movedTo), at: index)
        }

        let startTime = now()
        var fetched: [Int] = []
        for (index, status) in feeds.enumerated() {
            if status.feed.url == nil || status.feed.id == nil {
                outcome(index, .failed("not subscribed"))
            } else if !explicit, status.isGone {
                outcome(index, .gone)
            } else if !explicit, let until = status.retryAfter, until > startTime,
                      until - startTime <= Int64(FeedFetcher.maximumRetryAfter) {
                // (A later time was stored by an older build: it no longer holds.)
                outcome(index, .postponed(until: until))
            } else {
                fetched.append(index)
            }
        }

        // Parsing and writing, one document at a time, beside the fetching.
        let importer = DispatchQueue(label: "newsreader.refresh.import")
        let importing = DispatchGroup()
        let targets = fetched.map { index in
            FeedFetcher.Target(url: feeds[index].feed.url!, etag: feeds[index].feed.etag, lastModified: feeds[index].feed.lastModified)
        }
        fetcher.fetch(targets, now: startTime) { position, result in
            let index = fetched[position]
            importer.async(group: importing) {
                let (result, movedTo) = store(result, for: feeds[index].feed, now: now())
                outcome(index, result, movedTo: movedTo)
            }
        }
        importing.wait()
        return results.values
    }

    /// Refreshes one feed (postponed and gone ones are left alone).
    public func refreshOne(_ status: FeedStatus, now: Int64) -> RefreshOutcome {
        refresh([status], now: { now })[0]
    }

    /// Imports a fetched document and records the fetch; a failure records
    /// its error and leaves the feed's posts as they were.
    private func store(_ fetch: Result<FetchOutcome, FetchError>, for feed: Feed, now: Int64)
        -> (RefreshOutcome.Result, movedTo: String?) {
        let feedID = feed.id!
        do {
            let fetched = try fetch.get()
            let movedTo = fetched.permanentURL.flatMap { $0 == feed.url ? nil : $0 }
            switch fetched {
            case .notModified:
                try database.recordFetch(feedID: feedID, FetchRecord(time: now, movedTo: movedTo))
                return (.notModified, movedTo)
            case .fetched(let document):
                let result = try database.importFeed(try document.parser(), into: feed, now: now)
                try database.recordFetch(feedID: feedID, FetchRecord(time: now, validators: (document.etag, document.lastModified),
                                                                     movedTo: movedTo))
                return (.imported(result), movedTo)
            }
        } catch {
            let fetchError = error as? FetchError
            let retryAfter = fetchError?.retryAfter.map { now.addingReportingOverflow(Int64($0)).overflow ? Int64.max : now + Int64($0) }
            let message = "\(error)"
            // Recording the error must not hide it; a store failure here is reported as the outcome.
            try? database.recordFetch(feedID: feedID, FetchRecord(time: now, error: message, retryAfter: retryAfter,
                                                                  gone: fetchError?.isGone ?? false))
            return (.failed(message), nil)
        }
    }

    /// Outcomes written from the importing thread, and the progress calls in order.
    // @unchecked Sendable: `outcomes` and `done` are read and written with `lock` held.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var outcomes: [RefreshOutcome?]
        private var done = 0
        private let progress: @Sendable (Int, Int, RefreshOutcome) -> Void

        init(count: Int, progress: @escaping @Sendable (Int, Int, RefreshOutcome) -> Void) {
            outcomes = Array(repeating: nil, count: count)
            self.progress = progress
        }

        func store(_ outcome: RefreshOutcome, at index: Int) {
            lock.lock()
            defer { lock.unlock() }
            outcomes[index] = outcome
            done += 1
            progress(done, outcomes.count, outcome)
        }

        var values: [RefreshOutcome] {
            lock.lock()
            defer { lock.unlock() }
            return outcomes.compactMap { $0 }
        }
    }
}

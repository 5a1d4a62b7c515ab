import Foundation

/// Parses a feed and renders its posts on a thread of its own, handing
/// batches to the importing transaction through a small bounded queue (so
/// memory stays flat), and stopping early when the consumer gives up.
final class ImportPipeline: @unchecked Sendable {
    struct Item {
        enum Content {
            case post(IncomingPost)
            /// Stored before exactly as it is now: not rendered, not written.
            case unchanged
            /// Nothing to show (no title, body or link).
            case empty
        }

        var content: Content
        /// The feed's metadata as known when this entry was read.
        var feedSoFar: ParsedFeed
    }

    static let batchSize = 128
    static let maximumQueuedBatches = 8

    private let parser: FeedParser
    private let condition = NSCondition()
    private var queue: [[Item]] = []
    private var finished = false
    private var cancelled = false
    private var outcome: Result<ParsedFeed, Error>?
    private let done = DispatchSemaphore(value: 0)
    private var started = false

    /// Digests of the posts already stored (by guid), asked once, at the first entry.
    private let knownDigests: (ParsedFeed) -> [String: String]?

    init(parser: FeedParser, knownDigests: @escaping (ParsedFeed) -> [String: String]?) {
        self.parser = parser
        self.knownDigests = knownDigests
    }

    struct Cancelled: Error {}

    func start() {
        started = true
        let thread = Thread { [self] in
            defer { done.signal() }
            var batch: [Item] = []
            batch.reserveCapacity(Self.batchSize)
            var known: [String: String]??
            let result = Result { () throws -> ParsedFeed in
                let feed = try parser.parse { feedSoFar, entry in
                    if known == nil { known = .some(knownDigests(feedSoFar)) }
                    let content: Item.Content
                    if entry.title == nil && entry.bodyHTML.isEmpty && entry.link == nil {
                        content = .empty
                    } else if let digests = known ?? nil, let stored = digests[entry.identity],
                              let title = entry.title, !title.isEmpty,
                              stored == PostDigest.of(title: title, link: entry.link, author: entry.author,
                                                      published: entry.date, contentHTML: entry.bodyHTML) {
                        content = .unchanged
                    } else {
                        content = .post(IncomingPost(entry))
                    }
                    batch.append(Item(content: content, feedSoFar: feedSoFar))
                    if batch.count == Self.batchSize {
                        try send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { try send(batch) }
                return feed
            }
            condition.lock()
            outcome = result
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        // Deep HTML and libxml2's recursion want more than a secondary thread's default stack.
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func send(_ batch: [Item]) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.maximumQueuedBatches, !cancelled {
            condition.wait()
        }
        if cancelled { throw Cancelled() }
        queue.append(batch)
        condition.broadcast()
    }

    /// The next batch, or nil when parsing has ended (successfully or not).
    func nextBatch() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished {
            condition.wait()
        }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// The feed's metadata once every batch has been taken, or the parse error.
    func result() throws -> ParsedFeed {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        return try outcome!.get()
    }

    /// Stops the producer (if still running) and waits for its thread to end.
    func cancelAndWait() {
        guard started else { return }
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        done.wait()
        started = false
    }
}

import Foundation
import GRDB

/// Parses a feed on one thread and renders its posts on another, handing
/// batches to the importing transaction (a third stage) through small
/// bounded queues, so memory stays flat and the stages overlap: on two cores
/// no single stage holds the whole import up. Stops early when the consumer
/// gives up.
///
/// `@unchecked Sendable`: the stages share only the bounded queues (which
/// lock), `outcome` (under `outcomeLock`) and constants; `started` is touched
/// by the consuming thread alone.
final class ImportPipeline: @unchecked Sendable {
    struct Item {
        enum Content {
            /// A post to write, with its body already in stored form (`StoredBody`).
            case post(IncomingPost, storedBody: DatabaseValue)
            /// Stored before exactly as it is now: not rendered, not written.
            case unchanged
            /// Nothing to show (no title, body or link).
            case empty
        }

        var content: Content
        /// The feed's metadata as known when this entry was read.
        var feedSoFar: ParsedFeed
    }

    /// An entry as the parser read it, before rendering.
    private struct Parsed {
        var entry: ParsedEntry
        var feedSoFar: ParsedFeed
    }

    static let batchSize = 128
    static let maximumQueuedBatches = 8

    private let parser: FeedParser
    private let parsed = BoundedQueue<[Parsed]>(capacity: maximumQueuedBatches)
    private let rendered = BoundedQueue<[Item]>(capacity: maximumQueuedBatches)
    private let outcomeLock = NSLock()
    private var outcome: Result<ParsedFeed, Error>?
    private let done = DispatchGroup()
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
        spawn { [self] in
            var batch: [Parsed] = []
            batch.reserveCapacity(Self.batchSize)
            let result = Result { () throws -> ParsedFeed in
                let feed = try parser.parse { feedSoFar, entry in
                    batch.append(Parsed(entry: entry, feedSoFar: feedSoFar))
                    if batch.count == Self.batchSize {
                        guard parsed.send(batch) else { throw Cancelled() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { guard parsed.send(batch) else { throw Cancelled() } }
                return feed
            }
            outcomeLock.lock()
            outcome = result
            outcomeLock.unlock()
            parsed.finish()
        }
        spawn { [self] in
            var known: [String: String]??
            // Deflating here rather than in the writing transaction keeps the
            // writer, the slowest stage, to what only it can do.
            let deflater = Deflater()
            while let batch = parsed.next() {
                let items = batch.map { parsed -> Item in
                    if known == nil { known = .some(knownDigests(parsed.feedSoFar)) }
                    return Item(content: Self.content(of: parsed.entry, known: known ?? nil, deflater: deflater),
                                feedSoFar: parsed.feedSoFar)
                }
                guard rendered.send(items) else { break }
            }
            rendered.finish()
        }
    }

    /// What the store needs of one entry: nothing when it is stored unchanged.
    private static func content(of entry: ParsedEntry, known digests: [String: String]?,
                                deflater: Deflater) -> Item.Content {
        if entry.title == nil && entry.bodyHTML.isEmpty && entry.link == nil { return .empty }
        if let digests, let stored = digests[entry.identity], let title = entry.title, !title.isEmpty,
           stored == PostDigest.of(title: title, link: entry.link, author: entry.author,
                                   published: entry.date, contentHTML: entry.bodyHTML) {
            return .unchanged
        }
        let post = IncomingPost(entry)
        return .post(post, storedBody: StoredBody.value(html: post.contentHTML, body: post.body, using: deflater))
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        done.enter()
        let thread = Thread { [done] in
            body()
            done.leave()
        }
        // Deep HTML and libxml2's recursion want more than a secondary thread's default stack.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch, or nil when parsing has ended (successfully or not).
    func nextBatch() -> [Item]? {
        rendered.next()
    }

    /// The feed's metadata once every batch has been taken, or the parse error.
    func result() throws -> ParsedFeed {
        done.wait()
        outcomeLock.lock()
        defer { outcomeLock.unlock() }
        return try outcome!.get()
    }

    /// Stops both stages (if still running) and waits for their threads to end.
    func cancelAndWait() {
        guard started else { return }
        parsed.cancel()
        rendered.cancel()
        done.wait()
        started = false
    }
}

/// A queue between two threads that holds at most `capacity` elements:
/// `send` waits while it is full, `next` while it is empty.
/// (`@unchecked Sendable`: every mutable property is touched with `condition` locked.)
public final class BoundedQueue<Element>: @unchecked Sendable {
    private let capacity: Int
    private let condition = NSCondition()
    private var elements: [Element] = []
    private var finished = false
    private var cancelled = false

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds `element`; false when the consumer has cancelled.
    public func send(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while elements.count >= capacity, !cancelled {
            condition.wait()
        }
        if cancelled { return false }
        elements.append(element)
        condition.broadcast()
        return true
    }

    /// No more elements will come.
    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: producers stop at their next `send`.
    public func cancel() {
        condition.lock()
        cancelled = true
        elements.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next element, or nil once the queue is finished (or cancelled) and empty.
    public func next() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty, !finished, !cancelled {
            condition.wait()
        }
        guard !elements.isEmpty else { return nil }
        let element = elements.removeFirst()
        condition.broadcast()
        return element
    }
}

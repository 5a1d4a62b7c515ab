import Foundation
import GRDB

/// Parses a feed on one thread and renders its posts on two others,
/// handing batches to the importing transaction (the last stage) through
/// small bounded queues, so memory stays flat and the stages overlap.
/// Rendering is the longest stage (libxml2's HTML parser, then deflate): on
/// two cores, one rendering thread alone held the import up while the other
/// core waited for it. Batches go to the renderers in turn and are taken back
/// in the same turn, so the writer sees them in document order. Stops early
/// when the consumer gives up.
///
/// `@unchecked Sendable`: the stages share only the bounded queues (which
/// lock), `outcome` (under `outcomeLock`) and constants; `started` and
/// `taken` are touched by the consuming thread alone.
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
    /// Batches waiting before and after rendering, over all renderers.
    static let maximumQueuedBatches = 4
    static let renderers = 2

    private let parser: FeedParser
    /// Per renderer: the batches it is to render, and those it rendered.
    private let parsed: [BoundedQueue<[Parsed]>]
    private let rendered: [BoundedQueue<[Item]>]
    private let outcomeLock = NSLock()
    private var outcome: Result<ParsedFeed, Error>?
    private let done = DispatchGroup()
    private var started = false
    /// Batches the consumer has taken (the next comes from renderer `taken % renderers`).
    private var taken = 0
    private var ended = false

    /// Digests of the posts already stored (by guid), asked once per renderer, at its first entry.
    private let knownDigests: (ParsedFeed) -> [String: String]?

    init(parser: FeedParser, knownDigests: @escaping (ParsedFeed) -> [String: String]?) {
        self.parser = parser
        self.knownDigests = knownDigests
        let capacity = max(1, Self.maximumQueuedBatches / Self.renderers)
        parsed = (0..<Self.renderers).map { _ in BoundedQueue(capacity: capacity) }
        rendered = (0..<Self.renderers).map { _ in BoundedQueue(capacity: capacity) }
    }

    struct Cancelled: Error {}

    func start() {
        started = true
        spawn { [self] in
            var batch: [Parsed] = []
            batch.reserveCapacity(Self.batchSize)
            var sent = 0
            func send() -> Bool {
                defer { sent += 1 }
                return parsed[sent % Self.renderers].send(batch)
            }
            let result = Result { () throws -> ParsedFeed in
                let feed = try parser.parse { feedSoFar, entry in
                    batch.append(Parsed(entry: entry, feedSoFar: feedSoFar))
                    if batch.count == Self.batchSize {
                        guard send() else { throw Cancelled() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { guard send() else { throw Cancelled() } }
                return feed
            }
            outcomeLock.lock()
            outcome = result
            outcomeLock.unlock()
            for queue in parsed { queue.finish() }
        }
        for index in 0..<Self.renderers {
            spawn { [self] in
                let input = parsed[index], output = rendered[index]
                var known: [String: String]??
                // Deflating here rather than in the writing transaction keeps the
                // writer to what only it can do.
                let deflater = Deflater()
                while let batch = input.next() {
                    let items = batch.map { parsed -> Item in
                        if known == nil { known = .some(knownDigests(parsed.feedSoFar)) }
                        return Item(content: Self.content(of: parsed.entry, known: known ?? nil, deflater: deflater),
                                    feedSoFar: parsed.feedSoFar)
                    }
                    guard output.send(items) else { break }
                }
                output.finish()
            }
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

    /// The next batch in document order, or nil when parsing has ended
    /// (successfully or not): batch n comes from renderer n % renderers,
    /// as the parser handed them out.
    func nextBatch() -> [Item]? {
        guard !ended else { return nil }
        guard let batch = rendered[taken % Self.renderers].next() else {
            ended = true
            return nil
        }
        taken += 1
        return batch
    }

    /// The feed's metadata once every batch has been taken, or the parse error.
    func result() throws -> ParsedFeed {
        done.wait()
        outcomeLock.lock()
        defer { outcomeLock.unlock() }
        return try outcome!.get()
    }

    /// Stops every stage (if still running) and waits for their threads to end.
    func cancelAndWait() {
        guard started else { return }
        for queue in parsed { queue.cancel() }
        for queue in rendered { queue.cancel() }
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

import Dispatch
import NewsCore
import NewsModel
import NewsUI

/// The reader's writes (read, starred, mark all read, undo), one after the
/// other on a queue of their own, so the loop never waits for a write: a
/// write may wait up to the store's busy timeout for another process's
/// import. The state on screen has changed already; what a write has to say
/// (the posts mark-all-read changed, or that it failed) comes back as an
/// action through the inbox.
///
/// Reads stay on the loop's thread (they never wait for a writer). Until
/// the writes are in, `patch` gives what the loop reads the flags it will
/// have; if it read anything meanwhile, `storeChanged` follows the last
/// write, so counts and listings are read again.
///
/// The same queue watches for other processes' changes: SQLite's
/// `data_version` on the writing connection changes only when another
/// connection commits, never for this reader's own writes.
final class StoreWriter: Sendable {
    private let database: AppDatabase
    private let queue = DispatchQueue(label: "newsreader.store-writer")
    private let report: @Sendable (Action) -> Void
    private let strings: Catalogue
    private let pending = Locked(PendingWrites())
    /// The last `data_version` seen.
    private let version = Locked<Int?>(nil)
    /// The posts the last mark-all-read changed, for an undo asked before the reader knew them.
    private let lastMarkedRead = Locked<[Int64]>([])

    init(database: AppDatabase, strings: Catalogue, report: @escaping @Sendable (Action) -> Void) {
        self.database = database
        self.strings = strings
        self.report = report
    }

    // MARK: - Writes

    /// One post's flag; a post another process purged meanwhile is reported as gone.
    func setRead(_ isRead: Bool, postID: Int64) {
        write(.flags(ids: [postID], isRead: isRead, isStarred: nil)) { database in
            try database.setRead(isRead, postID: postID)
            return nil
        }
    }

    func setRead(_ isRead: Bool, postIDs: [Int64]) {
        write(.flags(ids: Set(postIDs), isRead: isRead, isStarred: nil)) { database in
            try database.setRead(isRead, postIDs: postIDs)
            return nil
        }
    }

    func setStarred(_ isStarred: Bool, postID: Int64) {
        write(.flags(ids: [postID], isRead: nil, isStarred: isStarred)) { database in
            try database.setStarred(isStarred, postID: postID)
            return nil
        }
    }

    /// Marks `source`'s unread posts read (a filter's only up to `newestID`,
    /// the newest post the list counted); answers with the ids it changed.
    func markAllRead(_ source: ListSource, upTo newestID: Int64?) {
        write(.markedRead(source, upTo: newestID)) { [self] database in
            let ids: [Int64]
            switch source {
            case let .filter(filter):
                // Not counted yet: nothing the list showed is known, so nothing is marked.
                guard let newestID else { return .markedAllRead(ids: []) }
                ids = try database.markAllRead(filter, upTo: newestID)
            case let .search(results): ids = try database.markRead(ids: results.ids)
            }
            lastMarkedRead.withLock { $0 = ids }
            return .markedAllRead(ids: ids)
        }
    }

    /// Gives a feed a title of its own; answers `feedRenamed`.
    func renameFeed(id: Int64, title: String) {
        write(nil) { database in
            try database.renameFeed(id: id, title: title)
            return .feedRenamed(title: title)
        }
    }

    /// Keeps a search under a name; answers `searchSaved`.
    func saveSearch(name: String, query: String) {
        write(nil) { database in
            try database.saveSearch(name: name, query: query)
            return .searchSaved(name: name)
        }
    }

    /// Makes the posts the last `markAllRead` changed unread again; answers with them.
    func undoMarkAllRead() {
        write(nil) { [self] database in
            let ids = lastMarkedRead.withLock { ids in
                defer { ids = [] }
                return ids
            }
            try database.setRead(false, postIDs: ids)
            return .undoneMarkAllRead(ids: ids)
        }
    }

    /// Runs `body` after every write asked for before it; its answer, or its
    /// failure as one line, is reported.
    private func write(_ change: PendingWrites.Change?, _ body: @escaping @Sendable (AppDatabase) throws -> Action?) {
        pending.withLock { $0.add(change) }
        queue.async { [self] in
            let answer: Action?
            do {
                answer = try body(database)
            } catch StoreError.notFound {
                // `r` or `s` on a post another process purged meanwhile.
                answer = .writeFailed(strings.postGone)
            } catch {
                answer = .writeFailed(strings.writeFailed("\(error)"))
            }
            let readTooEarly = pending.withLock { $0.finishOne() }
            if let answer { report(answer) }
            if readTooEarly { report(.storeChanged) }
        }
    }

    // MARK: - Reads on the loop's thread

    /// `rows` as they are once the writes on their way are in.
    func patch(_ rows: [PostSummary]) -> [PostSummary] {
        pending.withLock { $0.patch(rows) }
    }

    /// `article` as it is once the writes on their way are in.
    func patch(_ article: Article?) -> Article? {
        pending.withLock { $0.patch(article) }
    }

    /// The loop read a count or a listing: read again once the writes are in.
    func noteRead() {
        pending.withLock { $0.noteRead() }
    }

    // MARK: - Others' changes

    /// Asks whether another process changed the store since the last time;
    /// reports `storeChanged` when it did. The first call (at start) only takes note.
    func checkForOutsideChanges() {
        queue.async { [self] in
            guard let now = try? database.dataVersion() else { return }
            let before = version.withLock { version in
                defer { version = now }
                return version
            }
            if let before, before != now { report(.storeChanged) }
        }
    }

    /// Blocks until every write asked for so far has run (tests).
    func waitUntilDone() {
        queue.sync {}
    }

    /// Waits until every write asked for so far has run, at most `timeout`
    /// seconds (a write may be waiting for another process's lock); false
    /// when time ran out. For quitting: `s` and then `Q` must still star.
    func finish(timeout: Double) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        return done.wait(timeout: .now() + timeout) == .success
    }
}

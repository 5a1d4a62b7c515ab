import NewsCore
import NewsModel
import NewsUI

/// The reader's writes that are on their way to the store, in order, so
/// that what the reader reads meanwhile shows them: a row or an article read
/// before its flag reached the store gets the flag it will have. Counts and
/// listings cannot be patched so; a read made while writes were on their way
/// is made again once they are all in (see `StoreWriter`).
struct PendingWrites: Sendable {
    enum Change: Sendable {
        case flags(ids: Set<Int64>, isRead: Bool?, isStarred: Bool?)
        /// Every post of the list read (a filter's up to the newest it counted).
        case markedRead(ListSource, upTo: Int64?)
    }

    private(set) var count = 0
    private var changes: [Change] = []
    /// Whether the store was read while writes were on their way.
    private(set) var readMeanwhile = false

    mutating func add(_ change: Change?) {
        count += 1
        if let change { changes.append(change) }
    }

    /// One write is in. True when it was the last and the store was read
    /// meanwhile: what was read may predate the writes.
    mutating func finishOne() -> Bool {
        count -= 1
        guard count == 0 else { return false }
        defer { self = PendingWrites() }
        return readMeanwhile
    }

    mutating func patch(_ rows: [PostSummary]) -> [PostSummary] {
        guard count > 0 else { return rows }
        readMeanwhile = true
        return rows.map { row in
            var row = row
            apply(id: row.id, month: row.month, feedID: row.feedId, isRead: &row.isRead, isStarred: &row.isStarred)
            return row
        }
    }

    mutating func patch(_ article: Article?) -> Article? {
        guard count > 0, var article, let id = article.post.id else { return article }
        readMeanwhile = true
        apply(id: id, month: article.post.month, feedID: article.post.feedId, isRead: &article.post.isRead, isStarred: &article.post.isStarred)
        return article
    }

    /// Notes that the store was read while writes are on their way (a count, a page of ids).
    mutating func noteRead() {
        if count > 0 { readMeanwhile = true }
    }

    private func apply(id: Int64, month: String?, feedID: Int64, isRead: inout Bool, isStarred: inout Bool) {
        for change in changes {
            switch change {
            case let .flags(ids, read, starred) where ids.contains(id):
                if let read { isRead = read }
                if let starred { isStarred = starred }
            case .flags:
                break
            case let .markedRead(source, newestID):
                if Self.holds(source, upTo: newestID, id: id, month: month, feedID: feedID, isStarred: isStarred) { isRead = true }
            }
        }
    }

    /// Whether a post is one that marking `source` read marks.
    static func holds(_ source: ListSource, upTo newestID: Int64?, id: Int64, month: String?, feedID: Int64,
                      isStarred: Bool) -> Bool {
        switch source {
        case let .filter(filter):
            // Read or not before, the post is read after: the unread view holds it.
            return id <= newestID ?? Int64.min
                && filter.contains(month: month, feedID: feedID, isRead: false, isStarred: isStarred)
        case let .search(results): return results.ids.contains(id)
        }
    }
}

import GRDB
import NewsModel

/// Posts picked on the command line: of a month, of a feed, unread or
/// starred only, in any combination (all posts when nothing is set).
public struct PostSelection: Hashable, Sendable {
    /// `YYYY-MM` (UTC).
    public var month: String?
    public var feedID: Int64?
    public var unreadOnly: Bool
    public var starredOnly: Bool

    public init(month: String? = nil, feedID: Int64? = nil, unreadOnly: Bool = false, starredOnly: Bool = false) {
        self.month = month
        self.feedID = feedID
        self.unreadOnly = unreadOnly
        self.starredOnly = starredOnly
    }

    var sqlCondition: (String, StatementArguments) {
        var conditions = ["1"]
        var arguments: StatementArguments = []
        if let month {
            conditions.append("post.month = ?")
            arguments += [month]
        }
        if let feedID {
            conditions.append("post.feedId = ?")
            arguments += [feedID]
        }
        if unreadOnly { conditions.append("post.isRead = 0") }
        if starredOnly { conditions.append("post.isStarred = 1") }
        return (conditions.joined(separator: " AND "), arguments)
    }
}

/// A change of a post's read or starred flag.
public enum PostMark: String, CaseIterable, Sendable {
    case read, unread, star, unstar

    var assignment: (column: String, value: Bool) {
        switch self {
        case .read: return ("isRead", true)
        case .unread: return ("isRead", false)
        case .star: return ("isStarred", true)
        case .unstar: return ("isStarred", false)
        }
    }
}

extension AppDatabase {
    /// The selected posts, newest first.
    public func posts(_ selection: PostSelection, limit: Int) throws -> [PostSummary] {
        try writer.read { db in
            let (whereSQL, arguments) = selection.sqlCondition
            return try PostSummary.fetchAll(db, sql: """
                \(PostSummary.selectSQL) WHERE \(whereSQL)
                ORDER BY post.published DESC, post.id LIMIT ?
                """, arguments: arguments + [max(0, limit)])
        }
    }

    /// Applies `marks` to the posts `ids`, all or none: an id that names no
    /// post changes nothing and throws. One statement per mark, whatever the number of posts.
    /// - Returns: for each mark, how many posts it changed.
    public func mark(_ marks: [PostMark], ids: [Int64]) throws -> [PostMark: Int] {
        try writer.write { db in
            let list = Self.jsonArray(ids)
            let missing = try Int64.fetchAll(db, sql: """
                SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM post) ORDER BY value
                """, arguments: [list])
            if let first = missing.first {
                throw StoreError.notFound(what: missing.count == 1 ? "post \(first)" : "posts \(missing.map(String.init).joined(separator: ", "))")
            }
            return try Self.apply(marks, where: "post.id IN (SELECT value FROM json_each(?))", arguments: [list], in: db)
        }
    }

    /// Applies `marks` to every post of `selection`, in one transaction.
    public func mark(_ marks: [PostMark], selection: PostSelection) throws -> [PostMark: Int] {
        try writer.write { db in
            let (whereSQL, arguments) = selection.sqlCondition
            return try Self.apply(marks, where: whereSQL, arguments: arguments, in: db)
        }
    }

    private static func apply(_ marks: [PostMark], where condition: String, arguments: StatementArguments,
                              in db: Database) throws -> [PostMark: Int] {
        var changed: [PostMark: Int] = [:]
        for mark in marks {
            let (column, value) = mark.assignment
            try db.execute(sql: "UPDATE post SET \(column) = ? WHERE \(column) != ? AND \(condition)",
                           arguments: [value, value] + arguments)
            changed[mark] = db.changesCount
        }
        return changed
    }
}

import ArgumentParser
import NewsCore
import NewsModel

struct MarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Mark posts read, unread, starred or not starred.",
        discussion: """
            Marks the posts given by id, or every post of a feed and/or a month at once
            (one statement, whatever their number). Ids that name no post change nothing
            and give exit status 1. In a store synced with a server, the changes wait in
            the outbox and go to the server with the next sync.

            Examples:
              newsreader mark --read 12 13 14
              newsreader mark --star 5
              newsreader mark --read --feed 3 --month 2021-12
            """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "Mark read.") var read = false
    @Flag(help: "Mark unread.") var unread = false
    @Flag(help: "Star.") var star = false
    @Flag(help: "Remove the star.") var unstar = false
    @Argument(help: ArgumentHelp("Post ids, as `list` prints them.", valueName: "id"))
    var ids: [Int64] = []
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Every post of this feed (id, URL or title, as `feeds` prints them).", valueName: "feed"))
    var feed: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Every post of this month (UTC).", valueName: "YYYY-MM"))
    var month: String?

    var marks: [PostMark] {
        [(read, PostMark.read), (unread, .unread), (star, .star), (unstar, .unstar)].filter(\.0).map(\.1)
    }

    func validate() throws {
        if marks.isEmpty { throw ValidationError("say what to do: --read, --unread, --star or --unstar") }
        if read && unread { throw ValidationError("--read and --unread cannot go together") }
        if star && unstar { throw ValidationError("--star and --unstar cannot go together") }
        if ids.isEmpty && feed == nil && month == nil {
            throw ValidationError("name the posts: ids, or --feed and/or --month")
        }
        if !ids.isEmpty && (feed != nil || month != nil) {
            throw ValidationError("give ids or --feed/--month, not both")
        }
        if let month { try ListOptions.validate(month: month) }
    }

    func run() throws {
        let database = try store.openForChanges()
        let (changed, pending) = try reportingFailures { () throws -> ([PostMark: Int], Int) in
            let changed: [PostMark: Int]
            if ids.isEmpty {
                let selection = PostSelection(month: month, feedID: try feed.map { try FeedArgument.id(of: $0, in: database) })
                changed = try database.mark(marks, selection: selection)
            } else {
                changed = try database.mark(marks, ids: ids)
            }
            return (changed, try database.pendingChanges().count)
        }
        let words: [PostMark: String] = [.read: "read", .unread: "unread", .star: "starred", .unstar: "unstarred"]
        let parts = marks.map { "\(changed[$0] ?? 0) \(words[$0]!)" }
        let total = marks.map { changed[$0] ?? 0 }.reduce(0, +)
        var line = total == 0 ? "Nothing to change: those posts were \(marks.map { words[$0]! }.joined(separator: " and ")) already."
                              : "Marked: \(parts.joined(separator: ", "))."
        if pending > 0 { line += " \(pending) change\(pending == 1 ? "" : "s") wait\(pending == 1 ? "s" : "") for the next sync." }
        print(line)
    }
}

/// A feed named on the command line: its id, URL or title, as `feeds` prints them.
enum FeedArgument {
    static func id(of name: String, in database: AppDatabase) throws -> Int64 {
        guard let feed = try database.findFeed(name), let id = feed.id else {
            throw StoreError.notFound(what: "feed '\(name)'")
        }
        return id
    }
}

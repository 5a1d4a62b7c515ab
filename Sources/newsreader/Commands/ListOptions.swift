import ArgumentParser
import NewsCore
import NewsModel

/// `--month`, `--limit` and `--json`, shared by `list` and `search`.
struct ListOptions: ParsableArguments {
    // `.unconditional`: the next word is the value even when it starts with
    // a dash, so `--limit -1` is refused for its value, not as a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp("Only posts of this month (UTC).", valueName: "YYYY-MM"))
    var month: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many posts.", valueName: "N"))
    var limit: Int?
    @Flag(help: "Print JSON: objects with id, title, published, month, feed, feed_id, link, summary, read, starred.")
    var json = false

    func validate() throws {
        if let month { try Self.validate(month: month) }
        if let limit, limit < 0 {
            throw ValidationError("--limit takes a number of 0 or more (got \(limit))")
        }
    }

    /// `--month` of `list`, `search`, `export` and `mark`.
    static func validate(month: String) throws {
        if !UTCDate.isMonthKey(month) {
            throw ValidationError("--month takes a month as YYYY-MM, for example 2021-12 (got '\(month)')")
        }
    }

    var filter: PostFilter { month.map { .month($0) } ?? .all }

    func print(_ posts: [PostSummary], from database: AppDatabase) throws {
        if json {
            let texts = try database.summaries(ids: posts.map(\.id))
            try JSONOutput.print(posts.map { PostJSON(summary: $0, text: texts[$0.id] ?? "") })
        } else {
            PostTable.print(posts)
        }
    }
}

/// Plain listing: id, date, title, feed; one aligned line per post.
enum PostTable {
    /// `detail`, when given, prints an indented line under each post (a search snippet).
    static func print(_ posts: [PostSummary], detail: ((PostSummary) throws -> String?)? = nil) rethrows {
        let idWidth = posts.map { String($0.id).count }.max() ?? 1
        let width = Console.width
        for post in posts {
            let id = String(post.id)
            let date = post.published.map { UTCDate(seconds: $0).dayString } ?? "(undated) "
            let prefix = String(repeating: " ", count: idWidth - id.count) + id + "  " + date + "  "
            var rest = TerminalSafe.clean(post.displayTitle) + "  — " + TerminalSafe.clean(post.feed)
            if Console.isTerminal {
                rest = DisplayWidth.truncate(rest, to: max(10, width - DisplayWidth.of(prefix)))
            }
            Swift.print(prefix + rest)
            if let line = try detail?(post) {
                Swift.print(String(repeating: " ", count: idWidth + 2) + line)
            }
        }
    }
}

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

    /// Writes posts as they come: JSON (`--json`) or one aligned line each.
    func printer(idWidth: Int) -> PostPrinter {
        PostPrinter(json: json, idWidth: idWidth)
    }
}

/// Posts written out as the store reads them, one at a time: a JSON array
/// (byte for byte what JSONEncoder wrote for the whole list) or the plain
/// listing: id, date, title, feed, one aligned line per post.
struct PostPrinter {
    private let sink = TextSink.standardOutput
    private var json: JSONArrayWriter?
    /// Ids are right-aligned to this many digits.
    private let idWidth: Int
    private let width = Console.width
    private let isTerminal = Console.isTerminal
    private(set) var count = 0

    init(json: Bool, idWidth: Int) {
        self.idWidth = idWidth
        if json { self.json = JSONArrayWriter(sink) }
    }

    /// What a listing reads beside each post: a summary for JSON.
    var listedText: ListedText { json == nil ? .none : .summary(length: 200) }

    /// One post; `detail`, when given, is printed indented under its line (a search snippet).
    mutating func print(_ listed: ListedPost, detail: String? = nil) throws {
        count += 1
        let post = listed.post
        if json != nil {
            json!.append([
                ("feed", .string(post.feed)),
                ("feed_id", .integer(post.feedId)),
                ("id", .integer(post.id)),
                ("link", .init(post.link)),
                ("month", .init(post.month)),
                // Missing values are null rather than absent, so every object has every key.
                ("published", .init(post.published.map { UTCDate(seconds: $0).iso8601 })),
                ("read", .bool(post.isRead)),
                ("starred", .bool(post.isStarred)),
                ("summary", .string(PlainText.summary(listed.text ?? ""))),
                ("title", .string(post.title)),
            ])
        } else {
            let id = String(post.id)
            let date = post.published.map { UTCDate(seconds: $0).dayString } ?? "(undated) "
            let prefix = String(repeating: " ", count: max(0, idWidth - id.count)) + id + "  " + date + "  "
            var rest = TerminalSafe.clean(post.displayTitle) + "  — " + TerminalSafe.clean(post.feed)
            if isTerminal {
                rest = DisplayWidth.truncate(rest, to: max(10, width - DisplayWidth.of(prefix)))
            }
            sink.write(prefix + rest + "\n")
            if let detail {
                sink.write(String(repeating: " ", count: idWidth + 2) + detail + "\n")
            }
        }
        try sink.flushIfFull()
    }

    func finish() throws {
        if let json {
            json.finish()
            sink.write("\n")
        }
        try sink.flush()
    }

    /// Digits of the largest id, for `idWidth`.
    static func width(of largestID: Int64?) -> Int {
        largestID.map { String($0).count } ?? 1
    }
}

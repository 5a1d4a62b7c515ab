import ArgumentParser
import Foundation
import NewsCore
import NewsModel

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search posts by keyword, best match first.",
        discussion: """
            Every word must match: as a word, the start of one (upphandl finds
            upphandling), or, from three letters on, inside a compound (rapport finds
            upphandlingsrapport). Case does not matter; å, ä and ö are letters of
            their own (har is not här). The words may be one argument or several; a
            word may start with - (newsreader search -hållbar leaves out hållbar).

            \(SearchSyntax.table.map { "  " + $0.syntax.padding(toLength: 29, withPad: " ", startingAt: 0) + $0.meaning }
                .joined(separator: "\n"))

            \(SearchSyntax.forgiving)
            At most 32 words are searched, 16 in a phrase, and a single letter is a prefix
            only when it is the whole query; a query cut to fit is said so on stderr.

            Examples:
              newsreader search upphandling
              newsreader search offentlig upphandling --limit 5
              newsreader search '"due diligence" -textilier' --json
              newsreader search krav month:2021-12 --sort date
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The words to search for: words, \"phrases\", -word, title:, feed:, month:, date:.", valueName: "query"))
    var words: [String]
    @OptionGroup var options: ListOptions
    @Option(help: "Order: relevance (best match first) or date (newest first).")
    var sort: SearchOrder = .relevance

    var query: String { words.joined(separator: " ") }

    func validate() throws {
        if let problem = SearchQuery(query).problem { throw ValidationError(problem.description) }
    }

    func run() throws {
        let database = try store.openForReading()
        let search = SearchQuery(query)
        let cuts = try reportingFailures { try database.searchCuts(search) }
        // What the bounds left out, in one line (on stderr: the results stay clean for scripts).
        if let notice = SearchQuery.notice(cuts) { Console.error(notice) }
        let limit = options.limit ?? 10_000
        if options.json {
            var printer = options.printer(idWidth: 0)
            try reportingFailures {
                try database.forEachMatch(search, filter: options.filter, order: sort, limit: limit,
                                          text: printer.listedText) { try printer.print($0) }
                try printer.finish()
            }
            return
        }
        // Each hit with a one-line snippet, the matched words marked, from
        // the statement that reads the hit; ids as wide as the largest match's.
        let highlight = Console.isTerminal ? ("\u{1B}[7m", "\u{1B}[27m") : ("[", "]")
        try reportingFailures {
            var printer = options.printer(idWidth: PostPrinter.width(of: try database.largestMatchingID(search, filter: options.filter)))
            try database.forEachMatch(search, filter: options.filter, order: sort, limit: limit,
                                      text: .snippet(open: Self.openMark, close: Self.closeMark, words: 16)) { hit in
                try printer.print(hit, detail: hit.text.map { Self.line(of: $0, highlight: highlight) })
            }
            try printer.finish()
            if printer.count == 0 {
                Console.error("no match for '\(DisplayWidth.truncate(query, to: 60))'")
            }
        }
    }

    /// A snippet on one line: the feed's text cleaned piece by piece between
    /// our marks (stored text holds no raw control characters), so only our
    /// own marks become terminal attributes.
    static func line(of snippet: String, highlight: (String, String)) -> String {
        let pieces = PlainText.collapsingWhitespace(snippet).split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == openMark.first || $0 == closeMark.first })
        var marks = snippet.filter { $0 == openMark.first || $0 == closeMark.first }.makeIterator()
        var line = ""
        for piece in pieces {
            line += TerminalSafe.clean(String(piece))
            if let mark = marks.next() { line.append(mark) }
        }
        if Console.isTerminal { line = DisplayWidth.truncate(line, to: max(10, Console.width - 8)) }
        return line.replacingOccurrences(of: openMark, with: highlight.0)
            .replacingOccurrences(of: closeMark, with: highlight.1)
    }
}

extension SearchCommand {
    /// Marks that SQLite's snippet() puts around matches: control characters,
    /// which imported text never holds raw (the parser shows them as `^A`).
    static let openMark = "\u{1}"
    static let closeMark = "\u{2}"
}

extension SearchOrder: ExpressibleByArgument {}

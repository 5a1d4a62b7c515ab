import Foundation
import TestSupport
import Testing

/// The command line's contract for mistakes: a usage error is one line on
/// standard error that names what was wrong, one hint line under it, and
/// exit status 2; a failure at run time is one line and status 1; every
/// command behaves the same.
@Suite("Usage errors and exit statuses")
struct UsageErrorTests {
    let home: TemporaryDirectory
    var env: [String: String] { ["XDG_DATA_HOME": home.path] }

    init() throws { home = try TemporaryDirectory("e2e") }

    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        /// What the first line must say (the bad value among it).
        var message: String
        /// How the hint line starts.
        var hint: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["list", "--limit", "-1"], message: "--limit takes a number of 0 or more (got -1)",
             hint: "usage: newsreader list [--month <YYYY-MM>] [--limit <N>] [--json]"),
        Case(arguments: ["list", "--limit", "many"], message: "'many'", hint: "usage: newsreader list "),
        Case(arguments: ["list", "--month", "2021-13"], message: "--month takes a month as YYYY-MM, for example 2021-12 (got '2021-13')",
             hint: "usage: newsreader list "),
        Case(arguments: ["list", "--month", "-1"], message: "(got '-1')", hint: "usage: newsreader list "),
        Case(arguments: ["list", "--bogus"], message: "unknown option '--bogus'", hint: "usage: newsreader list "),
        Case(arguments: ["show", "-1"], message: "'-1' is not a post id", hint: "usage: newsreader show <id>"),
        Case(arguments: ["show", "abc"], message: "'abc'", hint: "usage: newsreader show <id>"),
        Case(arguments: ["show"], message: "missing expected argument '<id>'", hint: "usage: newsreader show <id>"),
        Case(arguments: ["search", "month:2021-13"], message: "month:2021-13 is not a month", hint: "usage: newsreader search "),
        Case(arguments: ["search", "hållbar", "date:2021-02-30"], message: "date:2021-02-30 is not a date",
             hint: "usage: newsreader search "),
        Case(arguments: ["search", "--sort", "best", "krav"], message: "'best'", hint: "usage: newsreader search "),
        Case(arguments: ["search"], message: "missing expected argument", hint: "usage: newsreader search "),
        Case(arguments: ["export", "--query", "month:2021-13"], message: "month:2021-13 is not a month",
             hint: "usage: newsreader export "),
        Case(arguments: ["export", "--format", "pdf"], message: "'pdf'", hint: "usage: newsreader export "),
        Case(arguments: ["bogus"], message: "unknown command 'bogus'", hint: "commands: months, list, search, show"),
        Case(arguments: ["opml", "bogus"], message: "unknown command 'bogus'", hint: "commands: import, export"),
        Case(arguments: ["remove"], message: "missing expected argument '<feed>'", hint: "usage: newsreader remove "),
    ]

    @Test("a usage error: one line naming the value, one hint, status 2", arguments: cases)
    func usageError(_ usage: Case) throws {
        let result = try NewsreaderProcess.run(usage.arguments, environment: env)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("newsreader: ") == true && lines.first?.contains(usage.message) == true,
                "\(result.stderr)")
        #expect(lines.last?.hasPrefix(usage.hint) == true, "\(result.stderr)")
        #expect(!result.stderr.contains("Error:") && !result.stderr.contains("Help:"))
        #expect(result.stdout.isEmpty)
    }

    @Test("a failure at run time: one line, status 1")
    func runtimeFailures() throws {
        let missingPost = try NewsreaderProcess.run(["show", "999"], environment: env)
        #expect(missingPost.status == 1)
        #expect(missingPost.stderr == "newsreader: post 999 not found\n")
        let missingFile = try NewsreaderProcess.run(["import", home.path + "/nowhere.xml"], environment: env)
        #expect(missingFile.status == 1)
        #expect(missingFile.stderr.split(separator: "\n").count == 1 && missingFile.stderr.contains("nowhere.xml"))
        let missingFeed = try NewsreaderProcess.run(["remove", "--yes", "no such feed"], environment: env)
        #expect(missingFeed.status == 1 && missingFeed.stderr.split(separator: "\n").count == 1)
    }

    @Test("help, version and completion scripts: standard output, status 0")
    func helpAndVersion() throws {
        for arguments in [["--help"], ["search", "--help"], ["help", "search"], ["--version"],
                          ["--generate-completion-script", "bash"]] {
            let result = try NewsreaderProcess.run(arguments, environment: env)
            #expect(result.status == 0, "\(arguments)")
            #expect(!result.stdout.isEmpty && result.stderr.isEmpty, "\(arguments): \(result.stderr)")
        }
        // Hidden commands stay out of the help.
        let help = try NewsreaderProcess.run(["--help"], environment: env)
        #expect(!help.stdout.contains("bench-import") && !help.stdout.contains("manual-page"))
    }

    func ids(_ arguments: [String]) throws -> [Int] {
        // `--json` right after the command: after `--` it would be a word of the query.
        let result = try NewsreaderProcess.run([arguments[0], "--json"] + arguments.dropFirst(), environment: env)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let posts = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return posts.compactMap { $0["id"] as? Int }
    }

    @Test("a query may start with -, with or without --, and may be several words")
    func dashQuery() throws {
        let without = try ids(["search", "-hållbar"])
        #expect(!without.isEmpty && without.count < 10, "\(without)")
        #expect(try ids(["search", "--", "-hållbar"]) == without)
        #expect(try ids(["search", "--sort", "date", "-hållbar"]).sorted() == without.sorted())
        // The same query through export --query.
        let exported = try NewsreaderProcess.run(["export", "--format", "json", "--query", "-hållbar"], environment: env)
        #expect(exported.status == 0, "\(exported.stderr)")
        let exportedPosts = try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(Set(exportedPosts.compactMap { $0["id"] as? Int }) == Set(without))
        // Words as separate arguments are one query.
        #expect(try ids(["search", "offentlig", "upphandling"]) == (try ids(["search", "offentlig upphandling"])))
        #expect(!(try ids(["search", "offentlig", "upphandling"])).isEmpty)
    }
}

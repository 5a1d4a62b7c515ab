import Foundation

/// Commands that print every post of the store, run as a user runs them
/// (output to /dev/null): their time and peak memory show whether they
/// stream (each post written as it is read) or hold the whole result.
struct CommandFigures {
    var binary: String
    var store: String
    var runs: Int
    var report: Report

    func measure() throws {
        let cases: [(name: String, arguments: [String])] = [
            ("list_json_all", ["list", "--json"]),
            // A word in every post.
            ("search_json_all", ["search", SyntheticStore.commonWord, "--json", "--limit", "100000000"]),
            ("export_json_all", ["export", "--format", "json"]),
            ("export_rss_all", ["export", "--format", "rss"]),
            ("export_markdown_all", ["export", "--format", "markdown"]),
        ]
        for (name, arguments) in cases {
            let measured = try (0..<runs).map { _ in try MeasuredRun(binary, arguments + ["--store", store]) }
            measured.reportMedians(name, report)
        }
    }
}

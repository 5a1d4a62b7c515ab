import Foundation
import Testing

/// The committed man page is what `newsreader manual-page` generates from
/// the commands and the key map (`make manual` writes it), and it reads well
/// in man: letters kept, tables as tables, no warnings, nothing hyphenated.
@Suite("Manual page")
struct ManualTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let pagePath = root.appendingPathComponent("newsreader.1").path

    @Test("newsreader.1 is up to date with the commands and the key map")
    func upToDate() throws {
        let committed = try String(contentsOfFile: Self.pagePath, encoding: .utf8)
        let generated = try NewsreaderProcess.run(["manual-page"])
        #expect(generated.status == 0 && generated.stderr.isEmpty, "\(generated.stderr)")
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = generated.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        let isUpToDate = committed == generated.stdout // (compared first: a failure prints this message, not both pages)
        #expect(isUpToDate, """
            newsreader.1 differs from the generated page (regenerate it with `make manual`); \
            first difference at line \(firstDifference + 1):
              committed: \(firstDifference < old.count ? old[firstDifference] : "(end)")
              generated: \(firstDifference < new.count ? new[firstDifference] : "(end)")
            """)
        // Every line is a request or text: an empty line makes groff's mdoc warn.
        let emptyLines = old.dropLast().indices.filter { old[$0].isEmpty }.map { $0 + 1 }
        #expect(emptyLines.isEmpty, "empty lines in newsreader.1: \(emptyLines)")
    }

    @Test("every command of --help has a section, hidden ones none; every bound command is under KEYS")
    func coversCommandsAndKeys() throws {
        let page = try String(contentsOfFile: Self.pagePath, encoding: .utf8)
        let help = try NewsreaderProcess.run(["--help"])
        let section = try #require(help.stdout.components(separatedBy: "SUBCOMMANDS:").last)
        let names = section.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.range(of: #"^  [a-z][a-z-]*( |$)"#, options: .regularExpression) else { return nil }
            return line[match].trimmingCharacters(in: .whitespaces)
        }
        #expect(names.contains("export") && names.contains("config") && names.contains("opml"), "\(names)")
        let missing = names.filter { $0 != "opml" && !page.contains("\\fBnewsreader\\fR \\fB\($0)\\fR") }
            + (page.contains("\\fBnewsreader\\fR \\fBopml\\fR \\fBimport\\fR") ? [] : ["opml import"])
        #expect(missing.isEmpty, "no section for \(missing): run make manual")
        let hidden = ["bench", "manual\\-page"].filter { page.contains($0) }
        #expect(hidden.isEmpty, "hidden commands documented: \(hidden)")
        // The commands the default key map binds, as `config --print-default` lists them.
        let defaults = try NewsreaderProcess.run(["config", "--print-default"]).stdout
        let keyLines = defaults.components(separatedBy: "[keys]\n").last?.components(separatedBy: "\n\n").first ?? ""
        let bound = Set(keyLines.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# "), let value = line.split(separator: "\"").last else { return nil }
            return String(value)
        })
        #expect(bound.contains("down") && bound.contains("help"))
        let keys = try #require(page.components(separatedBy: ".SH KEYS").last?.components(separatedBy: ".SH FILES").first)
        let unlisted = bound.filter { !keys.contains("\\fI\($0.replacingOccurrences(of: "-", with: "\\-"))\\fR: ") }
        #expect(unlisted.isEmpty, "KEYS lacks \(unlisted.sorted()): run make manual")
    }

    @Test("man renders it without a warning: å, ä and ö kept, the syntax as a table, paths whole")
    func rendersInMan() throws {
        let rendered = try Self.run("man", ["-l", Self.pagePath], environment: ["LANG": "C.UTF-8", "MANWIDTH": "80"])
        #expect(rendered.status == 0)
        #expect(rendered.stderr.isEmpty, "man warned: \(rendered.stderr)")
        let text = rendered.stdout
        #expect(text.contains("å, ä and ö are letters of their own"), "\(text)")
        #expect(text.contains("(har is not här)"))
        // One row per syntax, its meaning beside it.
        let rows = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(rows.contains { $0.hasPrefix("\"exact phrase\"") && $0.hasSuffix("words together, in this order") }, "\(text)")
        #expect(rows.contains { $0.hasPrefix("-word") && $0.hasSuffix("leave out posts with this word") })
        #expect(rows.contains { $0.hasPrefix("month:2021-12") && $0.hasSuffix("one month (UTC)") })
        for heading in ["SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "SEARCH SYNTAX", "KEYS", "FILES", "ENVIRONMENT",
                        "EXIT STATUS", "EXAMPLES"] {
            #expect(rows.contains(heading), "no \(heading) section")
        }
        #expect(rows.contains { $0.hasPrefix("g, Home") && $0.contains("first") })
        #expect(rows.contains { $0.hasPrefix("2") && $0.contains("A usage error") })
        // ASCII hyphens (copyable options), no hyphenation: paths and options stay whole, also when narrow.
        let narrow = try Self.run("man", ["-l", Self.pagePath], environment: ["LANG": "C.UTF-8", "MANWIDTH": "60"])
        #expect(narrow.stderr.isEmpty, "\(narrow.stderr)")
        for output in [text, narrow.stdout] {
            #expect(!output.contains("\u{2010}"), "a typographic hyphen instead of -")
            for whole in ["~/.local/share/newsreader/store.sqlite", "$XDG_CONFIG_HOME/newsreader/config.toml",
                          "~/.config/newsreader/config.toml", "--print-default", "NEWSREADER_STORE"] {
                #expect(output.contains(whole), "\(whole) is split or hyphenated")
            }
        }
    }

    @Test("groff checks it with every warning on, and LANG=C shows it in ASCII without complaint")
    func groffWarnings() throws {
        let groff = try Self.run("groff", ["-ww", "-mandoc", "-z", Self.pagePath])
        #expect(groff.status == 0 && groff.stderr.isEmpty && groff.stdout.isEmpty, "\(groff.stderr)")
        let ascii = try Self.run("man", ["-l", Self.pagePath], environment: ["LANG": "C", "MANWIDTH": "80"])
        #expect(ascii.stderr.isEmpty, "\(ascii.stderr)")
        #expect(ascii.stdout.contains("a, a and o are letters of their own"))
    }

    /// Runs a program with a plain environment plus `environment`.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String) {
        guard let path = ["/usr/bin/\(program)", "/bin/\(program)"].first(where: FileManager.default.isExecutableFile) else {
            throw Missing(description: "\(program) is needed by the manual page tests: apt-get install man-db groff-base")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Standard error is small; standard output is read to its end first, so the pipe never fills.
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    struct Missing: Error, CustomStringConvertible { var description: String }
}

import Foundation
import XCTest

/// Issue 6, the terminal: tiny sizes, resize storms, Ctrl-Z then continue,
/// and a 100 KB paste, on the real reader in tmux. (Ctrl-C, SIGTERM, SIGHUP
/// and 20x6 are in `ReaderTerminalTests`.)
final class TerminalSafetyTests: XCTestCase {
    func assertAlive(_ session: TmuxSession, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let screen = try session.capture()
        XCTAssertNotNil(try session.readerPID(), "the reader died at \(what):\n\(screen)", file: file, line: line)
    }

    func assertCleanExit(_ session: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        let flags = try session.sttyAfterExit().sttyFlags
        XCTAssertTrue(flags.isSuperset(of: ["icanon", "echo", "isig"]), "terminal left raw: \(flags)", file: file, line: line)
        try session.waitFor(text: "newsreader exited with status 0", file: file, line: line)
    }

    func testEveryTinySizeFromOneByOneToTwentyBySix() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        for rows in 1...6 {
            for columns in [1, 2, 3, 5, 8, 13, 20] {
                try session.resize(columns: columns, rows: rows)
                // Keys at every size: move, open, search prompt, back.
                try session.send("j", "Enter", "/", "x", "Escape", "q", "k")
                usleep(30_000)
                try assertAlive(session, "\(columns)x\(rows)")
                let lines = try session.capture().split(separator: "\n", omittingEmptySubsequences: false)
                XCTAssertTrue(lines.prefix(rows).allSatisfy { $0.count <= columns }, "\(columns)x\(rows): \(lines)")
            }
        }
        try session.resize(columns: 80, rows: 24)
        try session.waitFor(text: "Enter:open")
        try session.send("Q")
        try assertCleanExit(session)
    }

    func testResizeStorm() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        var random: UInt64 = 6
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(random >> 33) % bound
        }
        for step in 0..<150 {
            try session.resize(columns: 1 + next(160), rows: 1 + next(60))
            if step % 10 == 0 { try session.send(["j", "k", "Enter", "a", "Tab", "J"][next(6)]) }
        }
        try assertAlive(session, "the end of the storm")
        try session.resize(columns: 80, rows: 24)
        try session.waitFor(text: "?:help")
        try session.send("Q")
        try assertCleanExit(session)
    }

    /// Ctrl-Z in a job-control shell stops the reader with its screen put
    /// away; `fg` (SIGCONT) brings it back, redrawn and working.
    func testCtrlZThenFgRedraws() throws {
        let session = try TmuxSession(shell: true)
        defer { session.kill() }
        try session.type(session.shellCommand)
        try session.send("Enter")
        try session.waitFor(text: "All posts  1/10")
        // The reader is the child of the pane's bash.
        let bash = try session.run(["display-message", "-p", "-t", "0", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let reader = try TmuxSession.output(of: "/usr/bin/pgrep", ["-P", bash, "-x", "newsreader"])
        let pid = try XCTUnwrap(Int32(reader.trimmingCharacters(in: .whitespacesAndNewlines)))
        try session.send("C-z")
        try session.waitFor("the reader to stop") { _ in Self.state(of: pid) == "T" }
        try session.waitFor("the shell's prompt") { !$0.contains("All posts") && $0.contains("Stopped") }
        try session.type("fg")
        try session.send("Enter")
        try session.waitFor(text: "All posts  1/10")
        try session.send("j")
        try session.waitFor(text: "All posts  2/10")
        try session.send("Q")
        try session.waitFor("the shell's prompt after quitting") { screen in
            let lastLine = screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            return !screen.contains("All posts") && lastLine?.trimmingCharacters(in: .whitespaces).hasSuffix("#") == true
        }
        try session.type(session.recordExitCommand)
        try session.send("Enter")
        let flags = try session.sttyAfterExit().sttyFlags
        XCTAssertTrue(flags.isSuperset(of: ["icanon", "echo", "isig"]), "terminal left raw: \(flags)")
        let status = try String(contentsOf: session.directory.appendingPathComponent("status.txt"), encoding: .utf8)
        XCTAssertEqual(status, "newsreader exited with status 0\n")
    }

    func testAHundredKilobytePasteIntoTheSearchPrompt() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        let words = ["upphandling", "hållbar", "東京", "\"", "*", "-", "AND", "(", "🎉"]
        var text = ""
        var index = 0
        while text.utf8.count < 100_000 { text += words[index % words.count] + " "; index += 1 }
        let file = session.directory.appendingPathComponent("paste.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try session.send("/")
        try session.waitFor(text: "/")
        try session.run(["load-buffer", file.path])
        try session.run(["paste-buffer", "-t", "0"])
        try session.waitFor("the pasted text in the prompt", timeout: 30) { $0.contains("upphandling hållbar") }
        try assertAlive(session, "the paste")
        try session.send("Enter")
        // The text holds quotes of its own, so the title shows it unquoted.
        try session.waitFor("the search to finish", timeout: 30) { $0.contains("Search upphandling hållbar") }
        try assertAlive(session, "the search")
        try session.send("Escape")
        try session.waitFor(text: "All posts")
        try session.send("Q")
        try assertCleanExit(session)
    }

    /// The state letter of /proc/PID/stat (R, S, T, …).
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }
}

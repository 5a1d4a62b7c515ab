import Foundation
import NewsCore
import XCTest

/// Issue 6, the terminal: tiny sizes, resize storms and a 100 KB paste, on
/// the real reader in tmux. (Signals and Ctrl-Z are in `SignalTests`, 20x6
/// in `ReaderTerminalTests`.)
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
        var random = SplitMix64(seed: 6)
        func next(_ bound: Int) -> Int { random.next(bound) }
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
}

import Foundation
import Testing

/// Home, End, PageUp and PageDown as tmux sends them (`\E[1~`, `\E[4~`,
/// `\E[5~`, `\E[6~`) under terminal types that declare other sequences
/// (xterm-256color declares `\EOH`, `\EOF`) or the same ones (screen-256color).
@Suite("Home and End in tmux", .serialized)
struct HomeEndKeyTests {
    @Test("Home, End, PageUp and PageDown move in the list, Home and End in the search prompt",
          arguments: ["xterm-256color", "screen-256color"])
    func keys(term: String) throws {
        let session = try TmuxSession(term: term)
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        try session.send("End")
        try session.waitFor(text: "All posts  10/10")
        try session.send("Home")
        try session.waitFor(text: "All posts  1/10")
        try session.send("NPage")
        try session.waitFor(text: "All posts  10/10")
        try session.send("PPage")
        try session.waitFor(text: "All posts  1/10")
        // In the prompt: Home moves the cursor to the start (it was Esc, which closed the prompt).
        try session.send("/")
        try session.type("bar")
        try session.send("Home")
        try session.type("håll")
        try session.send("End")
        try session.type(" ")
        let screen = try session.waitFor(text: "/hållbar ")
        #expect(!screen.contains("[1~") && !screen.contains("[4~"), "\(term): escape sequence read as text\n\(screen)")
        try session.send("Escape", "Q")
        try session.waitFor(text: "newsreader exited with status 0")
    }
}

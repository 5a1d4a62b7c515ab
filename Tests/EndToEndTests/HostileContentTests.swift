import Foundation
import NewsModel
import TestSupport
import XCTest

/// Issue 6, hostile content: a feed built to take over the terminal
/// (`HostileFeed`) is imported with `newsreader import`, then read back
/// through `list`, `show`, `search` and the reader in tmux. No output may
/// carry ESC, BEL or another C0 control, DEL, C1, a bidi override or an
/// invisible character; controls must show visibly (`^[`, `<U+009B>`).
final class HostileContentTests: XCTestCase {
    var scratch: TemporaryDirectory!
    var store: String { scratch.path + "/store.sqlite" }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory("e2e")
        let feed = scratch.path + "/hostile.xml"
        try HostileFeed.bytes().write(to: URL(fileURLWithPath: feed))
        let result = try NewsreaderProcess.run(["import", "--store", store, feed])
        XCTAssertEqual(result.status, 0, result.stderr)
        assertClean(result.stdout + result.stderr, "import output")
        XCTAssertTrue(result.stdout.contains("\(HostileFeed.titles.count + 1) new"), result.stdout)
    }

    func assertClean(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let found = HostileFeed.forbidden(in: text)
        XCTAssertEqual(found, [], "\(what) carries control or invisible characters:\n\(text.debugDescription)",
                       file: file, line: line)
    }

    private func postIDs() throws -> [Int] {
        let result = try NewsreaderProcess.run(["list", "--json", "--store", store])
        XCTAssertEqual(result.status, 0, result.stderr)
        let posts = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return posts.compactMap { $0["id"] as? Int }
    }

    func testListShowAndSearchPrintOnlyVisibleCharacters() throws {
        let list = try NewsreaderProcess.run(["list", "--store", store])
        XCTAssertEqual(list.status, 0, list.stderr)
        assertClean(list.stdout, "list")
        for entry in HostileFeed.titles { XCTAssertTrue(list.stdout.contains(entry.marker), "\(entry.marker) missing:\n\(list.stdout)") }
        // C0 controls are shown, not dropped: ESC as ^[, BEL as ^G, DEL as ^?.
        XCTAssertTrue(list.stdout.contains("sgrcolour ^[[31;1;5mred^[[0m"), list.stdout)
        XCTAssertTrue(list.stdout.contains("cursormove ^[[2J^[[H^[[10;10H^[[?1049l"), list.stdout)
        XCTAssertTrue(list.stdout.contains("oscclip ^[]52;c;cm0gLXJmIH4=^[\\"), list.stdout)
        XCTAssertTrue(list.stdout.contains("osctitle ^[]0;owned^G"), list.stdout)
        XCTAssertTrue(list.stdout.contains("czero a^Ab^Hc d^?e"), list.stdout)
        // C1 references are read as the Windows-1252 characters they usually mean;
        // one without such a character (U+009D) is shown by its code point.
        XCTAssertTrue(list.stdout.contains("cone csi\u{203A}31m osc<U+009D>0;x\u{153} nel\u{2026}"), list.stdout)
        // Bidi overrides and invisible characters are dropped, the letters around them kept.
        XCTAssertTrue(list.stdout.contains("bidi abcdefgh"), list.stdout)
        XCTAssertTrue(list.stdout.contains("invisible zwj"), list.stdout)
        // Raw ESC and BEL bytes are shown too; invalid UTF-8 bytes are read as Windows-1252.
        let raw = try XCTUnwrap(list.stdout.split(separator: "\n").first { $0.contains("rawbytes") }, list.stdout)
        XCTAssertTrue(raw.contains("rawbytes ^[]0;x^G\u{20AC}"), String(raw))

        let ids = try postIDs()
        XCTAssertEqual(ids.count, HostileFeed.titles.count + 1)
        var shown = ""
        for id in ids {
            let show = try NewsreaderProcess.run(["show", "--store", store, String(id)])
            XCTAssertEqual(show.status, 0, show.stderr)
            assertClean(show.stdout, "show \(id)")
            shown += show.stdout
        }
        // Every field went through the cleaning: title, author, link and body.
        XCTAssertTrue(shown.contains("Author: author^[]8;;https://evil.example/^[\\click"), shown)
        XCTAssertTrue(shown.contains("Link: https://hostile.example/osctitle?q=^[]0;owned^G"), shown)
        XCTAssertTrue(shown.contains("Feed: Hostile ^[]0;feedtitle^G feed"), shown)
        // In HTML bodies the HTML parser drops C0 references; the markup around them survives.
        XCTAssertTrue(shown.contains("bodysgrcolour html [31mescaped[0m ^[[31;1;5mred^[[0m \u{203A}tail"), shown)
        XCTAssertTrue(shown.contains("rawbody \u{FF}\u{FE}^[[31m"), shown)

        for word in ["html", "escaped", "bodyoscclip", "rawbody", "tail"] {
            let search = try NewsreaderProcess.run(["search", "--store", store, word])
            XCTAssertEqual(search.status, 0, search.stderr)
            XCTAssertFalse(search.stdout.isEmpty, "no hit for \(word)")
            assertClean(search.stdout + search.stderr, "search \(word)")
        }
    }

    func testReaderInTmuxShowsControlsVisiblyAndKeepsTheTitleAndClipboard() throws {
        let session = try TmuxSession(columns: 120, rows: 30, arguments: ["--store", store])
        defer { session.kill() }
        try session.run(["set-option", "-g", "set-clipboard", "on"])
        let list = try session.waitFor(text: "sgrcolour")
        XCTAssertTrue(list.contains("^[[31;1;5mred"), list)
        var screens = [list]
        // Open each post and come back; every screen is checked.
        let count = HostileFeed.titles.count + 1
        for index in 1...count {
            try session.send("Enter")
            screens.append(try session.waitFor("post \(index)") { $0.contains("q:back") && $0.contains("│ Hostile ^[]0;feedtitle^G feed") })
            try session.send("q")
            try session.waitFor("the list at \(index)") { $0.contains("Enter:open") && $0.contains("All posts  \(index)/\(count)") }
            try session.send("j")
            screens.append(try session.waitFor("the list at \(min(index + 1, count))") {
                $0.contains("Enter:open") && $0.contains("All posts  \(min(index + 1, count))/\(count)")
            })
        }
        let all = screens.joined(separator: "\n")
        assertClean(all, "the reader's screen")
        XCTAssertTrue(all.contains("^[]52;c;cm0gLXJmIH4="), all)
        XCTAssertTrue(all.contains("osc<U+009D>0;x"), all)
        XCTAssertTrue(all.contains("author^[]8;;https://evil.example/"), all)
        XCTAssertTrue(all.contains("bidi abcdefgh"), all)
        // With attributes: only SGR sequences (tmux's own rendering of styles) are present.
        let styled = try session.capture(escapes: true)
        let sequences = styled.components(separatedBy: "\u{1B}").dropFirst()
        for sequence in sequences {
            XCTAssertNotNil(sequence.range(of: #"^\[[0-9;:]*m"#, options: .regularExpression),
                            "a non-SGR sequence reached the pane: \(sequence.prefix(20).debugDescription)")
        }
        // OSC 0 would have renamed the pane, OSC 52 filled a paste buffer.
        let title = try session.run(["display-message", "-p", "-t", "0", "#{pane_title}"])
        XCTAssertFalse(title.contains("owned") || title.contains("feedtitle"), title)
        let buffers = try session.run(["list-buffers"], allowFailure: true)
        XCTAssertEqual(buffers.trimmingCharacters(in: .whitespacesAndNewlines), "", buffers)
        try session.send("q")
        XCTAssertTrue(try session.sttyAfterExit().sttyFlags.isSuperset(of: ["icanon", "echo"]))
    }
}

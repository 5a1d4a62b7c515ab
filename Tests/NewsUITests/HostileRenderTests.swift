import NewsModel
import TestSupport
import XCTest
@testable import NewsUI

/// Issue 6 on the reader's own output: hostile text stored as-is (as a
/// future parser path might let it through) reaches the cell grid only as
/// visible characters, in every pane; and input floods stay bounded.
final class HostileRenderTests: XCTestCase {
    static let hostile = "\u{1B}[31m\u{1B}]0;owned\u{7}\u{1B}]52;c;eA==\u{1B}\\\u{1B}]8;;https://evil/\u{1B}\\\u{9B}2J\u{1}\u{7F}"
        + "\u{202E}\u{2066}\u{200B}\u{FEFF}"

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        switch value {
        case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    func testEveryPaneShowsHostileFieldsVisibly() throws {
        // The body as text, C0 controls and all (libxml2's HTML parser would
        // drop those: NewsCore's HostileContentTests): every cell must show them visibly.
        let post = FixturePost("h", "T" + Self.hostile, Fixtures.date(2021, 12, 8), "B" + Self.hostile + "\nline two",
                               link: "https://x.example/" + Self.hostile, author: "A" + Self.hostile)
        for (columns, rows) in [(160, 30), (80, 24), (20, 6)] {
            let program = ReaderHarness([post], feedTitle: "F" + Self.hostile, columns: columns, rows: rows)
            var grids = [program.render()]
            program.press(.enter)
            grids.append(program.render())
            program.press(.character("/"))
            for character in "T" + Self.hostile { program.press(.character(character)) }
            program.settle()
            grids.append(program.render())
            program.press(.enter)
            grids.append(program.render())
            for grid in grids {
                let bad = grid.cells.flatMap { $0.text.unicodeScalars.filter(Self.isForbidden) }
                XCTAssertEqual(bad, [], "\(columns)x\(rows):\n\((0..<grid.height).map(grid.line).joined(separator: "\n"))")
            }
            if columns == 160 {
                let article = (0..<grids[1].height).map(grids[1].line).joined(separator: "\n")
                XCTAssertTrue(article.contains("T^[[31m^[]0;owned^G^[]52;c;eA==^[\\^[]8;;https://evil/^[\\<U+009B>2J^A^?"), article)
                XCTAssertTrue(article.contains("2021-12-08 12:00 UTC · A^[[31m"), article)
                // The feed's name in the article's title bar.
                XCTAssertTrue(article.contains("│ F^[[31m"), article)
                XCTAssertTrue(article.contains("B^[[31m^[]0;owned"), article)
                XCTAssertTrue(article.contains("line two"), article)
            }
        }
    }

    func testAHugePasteIsCutAtThePromptLimit() {
        let program = ReaderHarness()
        program.press(.character("/"))
        for _ in 0..<20_000 { program.press(.character("å")) }
        XCTAssertEqual(program.state.prompt?.text.count, TypeAhead.maximumLength)
        program.press(.backspace)
        program.press(.character("x"))
        XCTAssertEqual(program.state.prompt?.text.last, "x")
        XCTAssertEqual(program.state.prompt?.text.count, TypeAhead.maximumLength)
        program.settle()
    }
}

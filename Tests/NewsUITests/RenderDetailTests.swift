import NewsModel
import TestSupport
import XCTest
@testable import NewsUI

/// Details the text comparison cannot show: styles, borders, wide cells.
final class RenderDetailTests: XCTestCase {
    func testDividerIsIntactOnEveryRowAndNothingCrossesIt() throws {
        for (columns, rows) in [(80, 24), (120, 40), (60, 10)] {
            let program = ReaderHarness(columns: columns, rows: rows)
            let grid = program.render()
            let divider = try XCTUnwrap(program.state.layout.dividerColumn)
            for y in 0..<(rows - 1) {
                XCTAssertEqual(grid[divider, y].text, "│", "\(columns)x\(rows) row \(y)")
                XCTAssertEqual(grid[divider, y].role, .border)
                XCTAssertFalse(grid[divider + 1, y].isContinuation, "a wide character straddles the divider")
            }
        }
    }

    func testWideCharactersTakeTwoCellsAndLongTitlesEndWithAnEllipsis() throws {
        let program = ReaderHarness(columns: 80, rows: 24)
        let grid = program.render()
        // Row 3 holds the CJK title: each ideograph is a cell plus a continuation.
        let row = (0..<grid.width).map { grid[$0, 3] }
        let first = try XCTUnwrap(row.firstIndex { $0.text == "東" })
        XCTAssertEqual(row[first].width, 2)
        XCTAssertTrue(row[first + 1].isContinuation)
        XCTAssertEqual(row[first + 2].text, "京")
        // The long title (row 6) is cut with … at the pane's edge (one feed: no feed column).
        XCTAssertTrue(grid.line(6).hasSuffix("En mycket lång rubrik som inte får pl… "), grid.line(6))
        // The escape sequence is shown visibly, never passed through.
        XCTAssertFalse(grid.cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E } })
    }

    func testSelectionIsHighlightedAndUnreadIsBold() throws {
        let program = ReaderHarness(columns: 80, rows: 24)
        program.press(.down)
        let grid = program.render()
        let listStart = program.state.layout.listRange.lowerBound
        XCTAssertEqual(grid[listStart + 5, 2].role, .selection)
        XCTAssertEqual(grid[listStart + 5, 1].role, .dim) // the date of an unselected row
        XCTAssertEqual(grid[listStart + 20, 1].role, .unread)
        // The archive's selected row is shown, but as the unfocused selection.
        XCTAssertEqual(grid[2, 1].role, .selectionInactive)
        program.press(.tab)
        XCTAssertEqual(program.render()[2, 1].role, .selection)
    }

    func testSearchMatchesAreHighlightedInListAndArticle() throws {
        let program = ReaderHarness(columns: 80, rows: 24)
        program.searchAnswers["UPPHANDL"] = [9, 1, 3] // as the store ranks them
        program.press(.character("/"))
        program.type("UPPHANDL")
        program.settle()
        program.press(.enter)
        var grid = program.render()
        // Row 2: "Hållbar upphandling i Göteb…": only "upphandl" is highlighted.
        let line = grid.line(2)
        let start = try XCTUnwrap(line.range(of: "upphandling"))
        let column = DisplayWidth.of(line[..<start.lowerBound])
        XCTAssertEqual((column..<(column + 8)).map { grid[$0, 2].role }, Array(repeating: .match, count: 8))
        XCTAssertEqual(grid[column + 8, 2].role, .unread)
        XCTAssertEqual(grid[column - 2, 2].role, .unread)
        // A word cut by the ellipsis still shows its match: at 20 columns
        // "Hållbar upphandling i Göteborg" becomes "Hållbar upphan…".
        program.send(.resize(ScreenSize(columns: 20, rows: 6)))
        let narrow = program.render()
        XCTAssertEqual(narrow.line(2), " N  Hållbar upphan… ")
        XCTAssertEqual((12..<19).map { narrow[$0, 2].role }, Array(repeating: .match, count: 7))
        program.send(.resize(ScreenSize(columns: 80, rows: 24)))
        // In the selected row (row 1) the match keeps a highlight of its own.
        XCTAssertTrue(grid.roles(1).contains(.matchInSelection))

        program.press(.down, .enter)
        grid = program.render()
        let bodyRow = try XCTUnwrap((0..<grid.height).first { grid.line($0).contains("Upphandlingen gäller") })
        XCTAssertEqual(grid[1, bodyRow].role, .match)
        XCTAssertEqual(grid[9, bodyRow].role, .normal)
    }

    func testStatusLineShowsPlaceAndPosition() throws {
        let program = ReaderHarness(columns: 80, rows: 24)
        program.press(.end)
        XCTAssertTrue(program.screen[23].hasPrefix(" All posts  10/10"))
        program.press(.character("x")) // an unbound key changes nothing
        XCTAssertTrue(program.screen[23].hasPrefix(" All posts  10/10"))
    }

    func testHelpOverlayListsEveryKey() throws {
        // Tall enough for every line of the overlay.
        let program = ReaderHarness(columns: 80, rows: 48)
        program.press(.character("?"))
        let text = program.screen.joined(separator: "\n")
        for entry in KeyMap.help(program.state) {
            XCTAssertTrue(text.contains(entry.keys), "help lacks \(entry.keys)")
        }
        program.press(.character("?"))
        XCTAssertFalse(program.screen.joined().contains("Keys"))
    }

    func testPromptShowsTextAndCursor() throws {
        let program = ReaderHarness(columns: 40, rows: 10)
        program.press(.character("/"))
        program.type("hållbar")
        program.settle()
        program.press(.left, .left)
        let grid = program.render()
        // The hit count of the live results at the right.
        XCTAssertEqual(grid.line(9), "/hållbar                         2 hits ")
        XCTAssertEqual(grid[6, 9].role, .cursor) // on the "a" before "r"
        XCTAssertEqual(grid[6, 9].text, "a")
    }

    func testCellGridClipsWideCharactersAtTheEdge() {
        var grid = CellGrid(width: 6, height: 1)
        let used = grid.put("ab東京", x: 0, y: 0, maxWidth: 5)
        XCTAssertEqual(used, 5)
        XCTAssertEqual(grid.line(0), "ab東  ")
        grid.put("x", x: 3, y: 0) // overwrite the continuation half of 東
        XCTAssertEqual(grid.line(0), "ab x  ")
        grid.put("e\u{301}", x: 5, y: 0)
        XCTAssertEqual(grid.line(0), "ab x é")
    }
}

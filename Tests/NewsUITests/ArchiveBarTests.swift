import NewsModel
import TestSupport
import XCTest
@testable import NewsUI

/// The archive's per-month bars: scaled to the busiest month, in eighths of a column.
final class ArchiveBarTests: XCTestCase {
    func pane(_ counts: [Int]) -> ArchivePane {
        var pane = ArchivePane()
        pane.months = counts.enumerated().map { ArchiveMonth(month: "2021-\(String(format: "%02d", 12 - $0.offset))", count: $0.element) }
        return pane
    }

    func testBusiestMonthFillsTheSlotAndOthersScale() throws {
        let bars = try XCTUnwrap(Renderer.ArchiveBars(pane([1000, 500, 1, 0]), strings: .english, paneWidth: 30))
        // 30 columns: " " + "September 2021" (the longest label) + " " = 16, then the slot,
        // " ", the widest count (1501, of "All posts"), " ".
        XCTAssertEqual(bars.start, 16)
        XCTAssertEqual(bars.width, 30 - 16 - 1 - 4 - 1)
        XCTAssertEqual(bars.bar(for: 1000), String(repeating: "█", count: bars.width))
        XCTAssertEqual(DisplayWidth.of(bars.bar(for: 500)), (bars.width + 1) / 2)
        XCTAssertEqual(bars.bar(for: 1), "▏") // a month with posts is never invisible
        XCTAssertEqual(bars.bar(for: 0), "")
    }

    func testNoBarsWithoutRoomOrPosts() {
        XCTAssertNil(Renderer.ArchiveBars(pane([3, 2]), strings: .english, paneWidth: 18))
        XCTAssertNil(Renderer.ArchiveBars(pane([0, 0]), strings: .english, paneWidth: 30))
        XCTAssertNil(Renderer.ArchiveBars(pane([]), strings: .english, paneWidth: 30))
    }

    func testBarsUseTheirOwnRoleExceptOnTheSelectedRow() throws {
        let program = ReaderHarness(columns: 80, rows: 24)
        let grid = program.render()
        // Row 4 is December 2021 (6 posts, the busiest): a full bar in the archiveBar role.
        let cells = (0..<24).map { grid[$0, 4] }
        let barCells = cells.filter { $0.text == "█" }
        XCTAssertEqual(barCells.count, 5)
        XCTAssertTrue(barCells.allSatisfy { $0.role == .archiveBar })
        program.press(.character("a"), .down, .down, .down)
        let selected = (0..<24).map { program.render()[$0, 4] }.filter { $0.text == "█" }
        XCTAssertTrue(selected.allSatisfy { $0.role == .selection })
    }
}

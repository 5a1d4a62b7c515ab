import TestSupport
import XCTest
@testable import NewsUI

/// `y` copies the post's link, or shows it when the terminal cannot take it.
final class CopyLinkTests: XCTestCase {
    func testCopyOrShowTheLink() throws {
        let program = ReaderHarness()
        program.press(.character("y"))
        XCTAssertEqual(program.copied, ["https://example.se/p1"])
        XCTAssertTrue(program.screen[23].contains("Copied https://example.se/p1"), program.screen[23])

        let plain = ReaderHarness(language: .swedish)
        plain.clipboardWorks = false
        plain.press(.character("j"), .character("y"))
        XCTAssertTrue(plain.screen[23].contains("Länk: https://example.se/p2"), plain.screen[23])
    }
}

/// `v` cycles the list through all posts, unread only and starred.
final class ViewTests: XCTestCase {
    func testCycleViews() throws {
        let program = ReaderHarness()
        program.press(.character("r"), .character("j"), .character("s")) // p1 read, p2 starred
        program.press(.character("v"))
        XCTAssertTrue(program.screen[23].hasPrefix(" Unread  1/9"), program.screen[23])
        XCTAssertFalse(program.screen.joined().contains("Hållbar upphandling i G"))
        program.press(.character("v"))
        XCTAssertTrue(program.screen[23].hasPrefix(" Starred  1/1"), program.screen[23])
        XCTAssertTrue(program.screen[1].contains("“Citat” om återvinning"), program.screen[1])
        program.press(.character("v"))
        XCTAssertTrue(program.screen[23].hasPrefix(" All posts  1/10"), program.screen[23])
        // Swedish names for the views.
        let swedish = ReaderHarness(language: .swedish)
        swedish.press(.character("j"), .character("s"), .character("v"))
        XCTAssertTrue(swedish.screen[0].contains("│ Olästa"), swedish.screen[0])
        swedish.press(.character("v"))
        XCTAssertTrue(swedish.screen[23].hasPrefix(" Stjärnmärkta  1/1"), swedish.screen[23])
    }
}

import XCTest
import NewsCore
@testable import NewsUI

final class KeyMapTests: XCTestCase {
    let browsing = ReaderState(size: ScreenSize(columns: 80, rows: 24))

    func actions(_ key: KeyEvent, _ state: ReaderState? = nil) -> String {
        KeyMap.actions(for: key, in: state ?? browsing).map { "\($0)" }.joined(separator: ",")
    }

    func testBrowsingKeys() {
        let expected: [(KeyEvent, String)] = [
            (.character("j"), "moveDown"), (.down, "moveDown"), (.character("k"), "moveUp"), (.up, "moveUp"),
            (.pageDown, "pageDown"), (.character(" "), "pageDown"), (.pageUp, "pageUp"), (.character("b"), "pageUp"),
            (.character("g"), "first"), (.home, "first"), (.character("G"), "last"), (.end, "last"),
            (.enter, "open"), (.character("l"), "open"), (.right, "open"),
            (.character("q"), "back"), (.character("h"), "back"), (.left, "back"), (.backspace, "back"),
            (.character("Q"), "quit"), (.tab, "toggleFocus"), (.character("a"), "focusArchive"),
            (.character("/"), "startSearch"), (.character("n"), "nextMatch"), (.character("N"), "previousMatch"),
            (.character("J"), "nextPost"), (.character("K"), "previousPost"), (.character("o"), "openLink"),
            (.character("r"), "toggleRead"), (.character("s"), "toggleStarred"), (.character("?"), "toggleHelp"),
            (.character("z"), ""),
        ]
        for (key, action) in expected { XCTAssertEqual(actions(key), action, "\(key)") }
    }

    func testEscapeNeverQuitsButLeavesArticlesAndArchive() {
        XCTAssertEqual(actions(.escape), "")
        var state = browsing
        state.focus = .article
        XCTAssertEqual(actions(.escape, state), "back")
        state.focus = .archive
        XCTAssertEqual(actions(.escape, state), "back")
    }

    func testPromptKeysEditText() {
        var state = browsing
        state.prompt = SearchPrompt()
        XCTAssertEqual(actions(.character("q"), state), "promptInsert(\"q\")")
        XCTAssertEqual(actions(.character("å"), state), "promptInsert(\"å\")")
        XCTAssertEqual(actions(.backspace, state), "promptBackspace")
        XCTAssertEqual(actions(.control("u"), state), "promptClear")
        XCTAssertEqual(actions(.left, state), "promptCursorLeft")
        XCTAssertEqual(actions(.right, state), "promptCursorRight")
        XCTAssertEqual(actions(.home, state), "promptCursorHome")
        XCTAssertEqual(actions(.control("e"), state), "promptCursorEnd")
        XCTAssertEqual(actions(.delete, state), "promptDelete")
        XCTAssertEqual(actions(.enter, state), "promptSubmit")
        XCTAssertEqual(actions(.escape, state), "promptCancel")
    }

    func testHelpClosesOnAnyKeyButScrollsWithJK() {
        var state = browsing
        state.isHelpVisible = true
        XCTAssertEqual(actions(.character("x"), state), "toggleHelp")
        XCTAssertEqual(actions(.character("j"), state), "moveDown")
        XCTAssertEqual(actions(.character("Q"), state), "quit")
    }

    func testResizeAndMouse() {
        XCTAssertEqual(actions(.resize(ScreenSize(columns: 20, rows: 6))),
                       "resize(NewsUI.ScreenSize(columns: 20, rows: 6))")
        XCTAssertEqual(actions(.mouse(MouseEvent(.wheelUp, column: 3, row: 4))), "scroll(lines: -3, column: 3)")
        XCTAssertEqual(actions(.mouse(MouseEvent(.wheelDown, column: 3, row: 4))), "scroll(lines: 3, column: 3)")
        XCTAssertEqual(actions(.mouse(MouseEvent(.click, column: 3, row: 4))), "click(column: 3, row: 4)")
    }

    func testHighlighterMatchesWordPrefixesIgnoringCase() {
        XCTAssertEqual(SearchHighlighter.matches(in: "Upphandlingen och upphandling", words: ["upphandl"]),
                       [0..<8, 18..<26])
        XCTAssertEqual(SearchHighlighter.matches(in: "Hållbar HÅLLBARHET", words: ["hållbar"]), [0..<7, 8..<15])
        XCTAssertEqual(SearchHighlighter.matches(in: "Öl och öl", words: ["öl"]), [0..<2, 7..<9])
        XCTAssertEqual(SearchHighlighter.matches(in: "enupphandling", words: ["upphandling"]), [])
        XCTAssertEqual(SearchHighlighter.matches(in: "anything", words: []), [])
    }
}

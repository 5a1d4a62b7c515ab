import NewsModel
import TestSupport
import XCTest
@testable import NewsUI

final class KeyMapTests: XCTestCase {
    let browsing = ReaderState(size: ScreenSize(columns: 80, rows: 24))

    func actions(_ key: KeyEvent, _ state: ReaderState? = nil) -> String {
        actions(.key(key), state)
    }

    func actions(_ input: InputEvent, _ state: ReaderState? = nil) -> String {
        KeyMap.actions(for: input, in: state ?? browsing).map { "\($0)" }.joined(separator: ",")
    }

    func testBrowsingKeys() {
        let expected: [(KeyEvent, String)] = [
            (.character("j"), "moveDown"), (.down, "moveDown"), (.character("k"), "moveUp"), (.up, "moveUp"),
            (.pageDown, "pageDown"), (.character(" "), "pageDown"), (.pageUp, "pageUp"), (.character("b"), "pageUp"),
            (.character("g"), "first"), (.home, "first"), (.character("G"), "last"), (.end, "last"),
            (.enter, "open"), (.character("l"), "open"), (.right, "open"),
            (.character("q"), "back"), (.character("h"), "back"), (.left, "back"), (.backspace, "back"),
            (.character("Q"), "quit"), (.tab, "toggleFocus"), (.character("a"), "focusArchive"),
            (.character("/"), "search(NewsUI.SearchAction.start)"), (.character("n"), "nextMatch"), (.character("N"), "previousMatch"),
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
        _ = Reducer.reduce(&state, .search(.start))
        let expected: [(KeyEvent, Action)] = [
            (.character("q"), .search(.edit(.insert("q")))), (.character("å"), .search(.edit(.insert("å")))),
            (.backspace, .search(.edit(.deleteBackward))), (.control("h"), .search(.edit(.deleteBackward))),
            (.control("u"), .search(.edit(.clear))),
            (.left, .search(.edit(.moveLeft))), (.control("b"), .search(.edit(.moveLeft))),
            (.right, .search(.edit(.moveRight))), (.control("f"), .search(.edit(.moveRight))),
            (.home, .search(.edit(.moveToStart))), (.control("a"), .search(.edit(.moveToStart))),
            (.end, .search(.edit(.moveToEnd))), (.control("e"), .search(.edit(.moveToEnd))),
            (.delete, .search(.edit(.deleteForward))), (.control("d"), .search(.edit(.deleteForward))),
            (.enter, .search(.submit)), (.escape, .search(.cancel)), (.control("g"), .search(.cancel)),
        ]
        for (key, action) in expected { XCTAssertEqual(KeyMap.actions(for: key, in: state), [action], "\(key)") }
        XCTAssertEqual(KeyMap.actions(for: .function(5), in: state), [])
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

    /// Before the store answers, the results' matcher is the query's own: prefixes, no compounds.
    func testTheQuerysMatcherMatchesWordPrefixesIgnoringCase() {
        func hits(_ query: String, _ text: String) -> [Range<Int>] { SearchMatcher(query: SearchQuery(query)).hits(in: text) }
        XCTAssertEqual(hits("upphandl", "Upphandlingen och upphandling"), [0..<8, 18..<26])
        XCTAssertEqual(hits("hållbar", "Hållbar HÅLLBARHET"), [0..<7, 8..<15])
        XCTAssertEqual(hits("öl", "Öl och öl"), [0..<2, 7..<9])
        XCTAssertEqual(hits("upphandling", "enupphandling"), [])
        XCTAssertEqual(hits("-upphandling", "upphandling"), [])
    }
}

/// Named commands, key names and rebinding.
final class KeyBindingTests: XCTestCase {
    func testKeyNamesRoundTrip() {
        let names = ["j", "C-d", "PageDown", "F5", "Space", "Enter", "Esc", "Tab", "S-Tab", "Up", "Home", "Backspace", "å"]
        for name in names {
            let key = KeyName.parse(name)
            XCTAssertNotNil(key, name)
            XCTAssertEqual(key.map(KeyName.name(of:)), name)
        }
        XCTAssertEqual(KeyName.parse("C-d"), .control("d"))
        XCTAssertEqual(KeyName.parse("pagedown"), .pageDown)
        XCTAssertEqual(KeyName.parse("F5"), .function(5))
        for bad in ["", "C-", "C-1", "F13", "F0", "jj", "Ctrl-x", "\u{1B}"] {
            XCTAssertNil(KeyName.parse(bad), bad)
        }
    }

    func testEveryCommandHasADefaultKeyAndANameOfItsOwn() {
        for command in Command.allCases {
            XCTAssertFalse(KeyBindings.defaults.keys(for: command).isEmpty, command.rawValue)
            XCTAssertEqual(Command(rawValue: command.rawValue), command)
        }
        XCTAssertEqual(Command(rawValue: "next-post"), .nextPost)
        XCTAssertEqual(Command(rawValue: "open-link"), .openLink)
    }

    func testReboundKeysDriveTheReaderAndTheHelp() throws {
        var keys = KeyBindings.defaults
        keys.bind(.character("x"), to: .down)
        keys.bind(.function(5), to: .help)
        keys.bind(.character("j"), to: nil)
        var settings = Settings()
        settings.keys = keys
        let program = ReaderHarness(rows: 40, settings: settings)
        program.press(.character("j"))
        XCTAssertEqual(program.state.list.selected, 0, "j is unbound")
        program.press(.character("x"))
        XCTAssertEqual(program.state.list.selected, 1)
        program.press(.function(5))
        XCTAssertTrue(program.state.isHelpVisible)
        let text = program.screen.joined(separator: "\n")
        XCTAssertTrue(text.contains("↓ x "), text) // the down line lists the new key, not j
        XCTAssertFalse(text.contains("j ↓"), text)
        XCTAssertTrue(text.contains("? F5 "), text)
        program.press(.character("x")) // scrolls the help, does not close it
        XCTAssertTrue(program.state.isHelpVisible)
    }
}

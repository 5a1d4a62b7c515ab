import NewsModel
import TestSupport
import XCTest
@testable import NewsUI

/// The reducer alone (pure: state and action in, state and effects out), and
/// driven with the store's answers (`ReaderHarness`).
final class ReducerTests: XCTestCase {
    let size = ScreenSize(columns: 80, rows: 24)

    func testStartAsksForTheArchiveAndTheFirstPageOnly() {
        let (state, effects) = Reducer.reduce(ReaderState(size: size), .start)
        XCTAssertEqual(effects, [.loadArchive(.all), .loadCount(.all, generation: 1),
                                 .loadPage(.all, offset: 0, limit: 66, generation: 1)])
        XCTAssertEqual(state.focus, .list)
    }

    func testLatePagesOfAnOldSourceAreIgnored() {
        var state = ReaderState(size: size)
        _ = Reducer.reduce(&state, .start)
        _ = Reducer.reduce(&state, .archiveLoaded([ArchiveMonth(month: "2021-12", count: 2)]))
        _ = Reducer.reduce(&state, .focusArchive)
        let effects = Reducer.reduce(&state, .moveDown)
        XCTAssertEqual(effects.first, .loadCount(.month("2021-12"), generation: 2))
        let stale = PostSummary(id: 1, title: "old", published: nil, month: nil, feed: "f", link: nil,
                                isRead: false, isStarred: false)
        _ = Reducer.reduce(&state, .pageLoaded(generation: 1, offset: 0, rows: [stale]))
        XCTAssertTrue(state.list.rows.isEmpty)
    }

    func testMovingClampsAtBothEnds() throws {
        let program = ReaderHarness()
        program.press(.up, .character("k"))
        XCTAssertEqual(program.state.list.selected, 0)
        program.press(.character("G"))
        XCTAssertEqual(program.state.list.selected, 9)
        program.press(.down, .pageDown)
        XCTAssertEqual(program.state.list.selected, 9)
        program.press(.character("g"))
        XCTAssertEqual(program.state.list.selected, 0)
        program.press(.character(" "))
        XCTAssertEqual(program.state.list.selected, 9) // a page is longer than the list
        program.press(.character("b"))
        XCTAssertEqual(program.state.list.selected, 0)
    }

    func testArchiveMonthShowsOnlyItsPosts() throws {
        let program = ReaderHarness()
        XCTAssertEqual(program.state.archive.months.map(\.label),
                       ["February 2022", "January 2022", "December 2021"])
        program.press(.character("a"), .character("G"))
        XCTAssertEqual(program.state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(program.state.list.total, 6)
        XCTAssertEqual(program.state.list.rows.map(\.month), Array(repeating: "2021-12", count: 6))
        program.press(.enter)
        XCTAssertEqual(program.state.focus, .list)
    }

    func testOpeningMarksReadInTheStoreAndBackReturnsToTheList() throws {
        let program = ReaderHarness()
        program.press(.down, .enter)
        XCTAssertEqual(program.state.focus, .article)
        let id = try XCTUnwrap(program.state.article?.article.post.id)
        XCTAssertEqual(program.state.article?.article.post.title, "“Citat” om återvinning och miljö")
        XCTAssertEqual(program.post(id)?.isRead, true)
        XCTAssertEqual(program.state.list.row(at: 1)?.isRead, true)
        program.press(.character("r"))
        XCTAssertEqual(program.post(id)?.isRead, false)
        program.press(.character("s"))
        XCTAssertEqual(program.post(id)?.isStarred, true)
        program.press(.character("q"))
        XCTAssertEqual(program.state.focus, .list)
        XCTAssertNil(program.state.article)
        XCTAssertEqual(program.state.list.selected, 1)
        XCTAssertFalse(program.isQuitting)
        program.press(.character("q"))
        XCTAssertTrue(program.isQuitting)
    }

    func testNextAndPreviousPostFromTheArticle() throws {
        let program = ReaderHarness()
        program.press(.enter, .character("J"), .character("J"))
        XCTAssertEqual(program.state.article?.article.post.title, "東京の公共調達について")
        XCTAssertEqual(program.state.list.selected, 2)
        program.press(.character("K"))
        XCTAssertEqual(program.state.list.selected, 1)
        program.press(.character("K"), .character("K"))
        XCTAssertEqual(program.state.list.selected, 0)
        XCTAssertEqual(program.state.message?.text, "This is the first post")
    }

    func testSearchAndLeavingItRestoresTheMonthAndSelection() throws {
        let program = ReaderHarness()
        program.press(.character("a"), .character("G"), .tab, .down, .down)
        XCTAssertEqual(program.state.list.selected, 2)
        program.press(.character("/"))
        program.type("upphandling")
        program.settle()
        program.press(.enter)
        guard case let .search(results) = program.state.list.source else { return XCTFail("no search") }
        XCTAssertEqual(results.ids.count, 3)
        XCTAssertEqual(program.state.list.total, 3)
        XCTAssertEqual(program.state.searchMatcher?.words.map(\.text), ["upphandling"])
        XCTAssertTrue(program.screen[23].contains("Search \"upphandling\": 3 hits"))
        program.press(.escape)
        XCTAssertEqual(program.state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(program.state.list.selected, 2)
        XCTAssertEqual(program.state.archive.selected, 3)
        XCTAssertEqual(program.state.list.rows.count, 6)
        XCTAssertFalse(program.isQuitting)
    }

    func testPromptEditing() {
        var state = ReaderState(size: size)
        for action: Action in [.search(.start), .search(.edit(.insert("h"))), .search(.edit(.insert("å"))), .search(.edit(.insert("l"))),
                               .search(.edit(.moveLeft)), .search(.edit(.moveLeft)), .search(.edit(.deleteBackward)), .search(.edit(.insert("a"))),
                               .search(.edit(.moveRight)), .search(.edit(.moveRight)), .search(.edit(.moveRight))] {
            _ = Reducer.reduce(&state, action)
        }
        XCTAssertEqual(state.prompt?.text, "aål")
        XCTAssertEqual(state.prompt?.cursor, 3)
        for action: Action in [.search(.edit(.moveToStart)), .search(.edit(.deleteForward)), .search(.edit(.moveToEnd)), .search(.edit(.deleteForward))] {
            _ = Reducer.reduce(&state, action)
        }
        XCTAssertEqual(state.prompt?.text, "ål")
        XCTAssertEqual(state.prompt?.cursor, 2)
        _ = Reducer.reduce(&state, .search(.edit(.clear)))
        XCTAssertEqual(state.prompt?.text, "")
        XCTAssertEqual(state.prompt?.cursor, 0)
        _ = Reducer.reduce(&state, .search(.edit(.insert("\u{1B}x"))))
        XCTAssertEqual(state.prompt?.text, "^[x") // pasted control characters stay visible
        XCTAssertEqual(Reducer.reduce(&state, .search(.cancel)), [])
        XCTAssertNil(state.prompt)
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("*-"))))
        XCTAssertEqual(Reducer.reduce(&state, .search(.submit)), [])
        XCTAssertEqual(state.message?.text, "Nothing to search for")
        _ = Reducer.reduce(&state, .search(.start))
        XCTAssertEqual(Reducer.reduce(&state, .search(.edit(.insert("hållbar")))),
                       [.searchAsYouType(SearchQuery("hållbar"), generation: state.searchGeneration)])
        XCTAssertEqual(Reducer.reduce(&state, .search(.submit)), [])
    }

    func testNextAndPreviousMatchInTheArticle() throws {
        let body = (1...60).map { $0 % 20 == 0 ? "Rad \($0) om upphandling." : "Rad \($0)." }.joined(separator: "\n")
        let program = ReaderHarness([FixturePost("m", "Matcher", 1_640_000_000, body)], rows: 12)
        program.press(.character("/"))
        program.type("upphandling")
        program.press(.enter)
        program.settle()
        program.press(.enter)
        let lines = try XCTUnwrap(program.state.article?.lines)
        let matchLines = lines.indices.filter { lines[$0].text.contains("upphandling") }
        XCTAssertEqual(matchLines.count, 3)
        XCTAssertEqual(program.state.article?.hits.map(\.line), matchLines)
        var currentMatchLine: Int? { program.state.article?.currentHit.map { program.state.article!.hits[$0].line } }
        program.press(.character("n"))
        XCTAssertEqual(currentMatchLine, matchLines[0])
        XCTAssertEqual(program.state.article?.top, matchLines[0] - 2)
        XCTAssertEqual(program.state.message?.text, "Match 1/3")
        program.press(.character("n"), .character("n"))
        XCTAssertEqual(currentMatchLine, matchLines[2])
        program.press(.character("n"))
        XCTAssertEqual(currentMatchLine, matchLines[0])
        XCTAssertEqual(program.state.message?.text, "Search wrapped to the top")
        program.press(.character("N"))
        XCTAssertEqual(currentMatchLine, matchLines[2])
    }

    func testOnlyWebAndMailLinksAreOpened() throws {
        let program = ReaderHarness([FixturePost("a", "Web", 2, "", link: "https://example.se/a"),
                                     FixturePost("b", "Script", 1, "", link: "javascript:alert(1)")])
        program.press(.character("o"), .down, .character("o"))
        XCTAssertEqual(program.opened, ["https://example.se/a"])
        XCTAssertEqual(program.state.message?.isError, true)
        XCTAssertTrue(LinkPolicy.isOpenable("MAILTO:someone@example.se"))
        XCTAssertFalse(LinkPolicy.isOpenable("file:///etc/passwd"))
        XCTAssertFalse(LinkPolicy.isOpenable("https://example.se/a b"))
    }

    func testLargeStoreLoadsOnlyAPageAroundTheVisibleRows() throws {
        let program = ReaderHarness(Fixtures.numberedPosts(1200), feedTitle: "Big")
        XCTAssertEqual(program.state.list.total, 1200)
        XCTAssertLessThanOrEqual(program.state.list.rows.count, 66)
        program.press(.end)
        XCTAssertEqual(program.state.list.selected, 1199)
        XCTAssertEqual(program.state.list.selectedPost?.title, "Post number 1199")
        XCTAssertLessThanOrEqual(program.state.list.rows.count, 66)
        for _ in 0..<30 { program.press(.pageUp) }
        XCTAssertEqual(program.state.list.selectedPost?.title, "Post number \(program.state.list.selected)")
        XCTAssertLessThanOrEqual(program.state.list.rows.count, 66)
        XCTAssertTrue(program.screen[1].contains("Post number \(program.state.list.top)"))
        // Mouse wheel scrolls the list, keeping the selection on screen.
        let top = program.state.list.top
        program.press(.mouse(MouseEvent(.wheelDown, column: 40, row: 5)))
        XCTAssertEqual(program.state.list.top, top + 3)
        XCTAssertGreaterThanOrEqual(program.state.list.selected, top + 3)
    }

    func testMouseClickSelectsThenOpens() throws {
        let program = ReaderHarness()
        program.press(.mouse(MouseEvent(.click, column: 5, row: 4))) // archive: December 2021
        XCTAssertEqual(program.state.focus, .archive)
        XCTAssertEqual(program.state.list.source, .filter(.month("2021-12")))
        program.press(.mouse(MouseEvent(.click, column: 40, row: 3)))
        XCTAssertEqual(program.state.focus, .list)
        XCTAssertEqual(program.state.list.selected, 2)
        program.press(.mouse(MouseEvent(.click, column: 40, row: 3)))
        XCTAssertEqual(program.state.focus, .article)
        XCTAssertEqual(program.state.article?.article.post.title, "Öppna data och ärlighet")
    }

    func testResizeRewrapsTheArticleAndKeepsTheSelectionVisible() throws {
        let program = ReaderHarness(Fixtures.numberedPosts(100), feedTitle: "Big")
        program.press(.character("G"))
        program.send(.resize(ScreenSize(columns: 20, rows: 6)))
        XCTAssertEqual(program.state.list.selected, 99)
        XCTAssertEqual(program.state.list.top, 96)
        XCTAssertTrue(program.screen[4].contains("Post number"))
        program.press(.enter)
        XCTAssertEqual(program.state.article?.width, 20)
        program.send(.resize(ScreenSize(columns: 80, rows: 24)))
        XCTAssertEqual(program.state.article?.width, 78)
    }

    func testQuitFromAnywhere() throws {
        let program = ReaderHarness()
        program.press(.enter, .character("?"), .character("Q"))
        XCTAssertTrue(program.isQuitting)
    }
}

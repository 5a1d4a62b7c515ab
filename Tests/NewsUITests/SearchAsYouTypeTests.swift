import NewsModel
import TestSupport
import XCTest
@testable import NewsUI

/// Search as you type, in the pure reducer: each edit of the `/` prompt asks
/// for a search of a new generation, only the newest generation's results
/// are shown, Esc brings back the screen from before `/`, Enter keeps the results.
final class SearchAsYouTypeTests: XCTestCase {
    let size = ScreenSize(columns: 80, rows: 24)

    static func row(_ id: Int64, _ title: String, month: String = "2021-12") -> PostSummary {
        PostSummary(id: id, title: title, published: nil, month: month, feed: "Flöde", link: nil,
                    isRead: false, isStarred: false)
    }

    /// December 2021 (three posts) from the archive, the third row selected:
    /// the store's answers fed in by hand, so nothing but the reducer runs.
    func decemberState() -> ReaderState {
        var state = ReaderState(size: size)
        _ = Reducer.reduce(&state, .start)
        _ = Reducer.reduce(&state, .archiveLoaded([ArchiveMonth(month: "2022-01", count: 2),
                                                   ArchiveMonth(month: "2021-12", count: 3)]))
        _ = Reducer.reduce(&state, .focusArchive)
        _ = Reducer.reduce(&state, .moveDown)
        _ = Reducer.reduce(&state, .moveDown)
        _ = Reducer.reduce(&state, .countLoaded(generation: state.list.generation, total: 3))
        _ = Reducer.reduce(&state, .pageLoaded(generation: state.list.generation, offset: 0, rows: [
            Self.row(3, "Tredje"), Self.row(4, "Fjärde"), Self.row(5, "Femte"),
        ]))
        _ = Reducer.reduce(&state, .toggleFocus)
        _ = Reducer.reduce(&state, .moveDown)
        _ = Reducer.reduce(&state, .moveDown)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
        XCTAssertEqual(state.archive.selected, 2)
        return state
    }

    /// The type-ahead searches among `effects`.
    func searches(_ effects: [Effect]) -> [(String, Int)] {
        effects.compactMap {
            if case let .searchAsYouType(query, generation) = $0 { return (query.text, generation) }
            return nil
        }
    }

    func testEachEditAsksForASearchOfANewerGeneration() {
        var state = decemberState()
        XCTAssertEqual(Reducer.reduce(&state, .search(.start)), [], "the empty prompt searches nothing")
        var asked: [(String, Int)] = []
        for action: Action in [.search(.edit(.insert("h"))), .search(.edit(.insert("å"))), .search(.edit(.insert("l"))), .search(.edit(.deleteBackward)),
                               .search(.edit(.insert("ll"))), .search(.edit(.moveToStart)), .search(.edit(.deleteForward))] {
            asked += searches(Reducer.reduce(&state, action))
        }
        // One letter alone is not searched while typing.
        XCTAssertEqual(asked.map(\.0), ["hå", "hål", "hå", "håll", "åll"])
        XCTAssertEqual(asked.map(\.1), Array(1...5))
        XCTAssertEqual(state.typeAhead?.generation, 5)
        XCTAssertTrue(state.typeAhead?.isWaiting == true)
        // Moving the cursor edits nothing; spacing alone asks nothing new.
        for action: Action in [.search(.edit(.moveRight)), .search(.edit(.moveToEnd)), .search(.edit(.insert(" "))), .search(.edit(.insert("  ")))] {
            XCTAssertEqual(searches(Reducer.reduce(&state, action)).count, 0, "\(action)")
        }
        // Nothing is searched while the list waits: it still shows December.
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        // A generation is never reused, even after Esc.
        _ = Reducer.reduce(&state, .search(.cancel))
        _ = Reducer.reduce(&state, .search(.start))
        XCTAssertEqual(searches(Reducer.reduce(&state, .search(.edit(.insert("öl"))))).map(\.1), [6])
    }

    func testOnlyTheNewestGenerationsResultsAreShown() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("up"))))  // generation 1
        _ = Reducer.reduce(&state, .search(.edit(.insert("p"))))   // generation 2
        // The results of "up" come late: dropped, the list stays as it was.
        XCTAssertEqual(Reducer.reduce(&state, .search(.results(generation: 1, ids: [9, 8, 7], count: 3))), [])
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
        // Those of "upp" replace the list, and ask for their rows.
        let effects = Reducer.reduce(&state, .search(.results(generation: 2, ids: [8, 7], count: 2)))
        guard case let .search(results) = state.list.source else { return XCTFail("no results shown") }
        XCTAssertEqual(results.query.text, "upp")
        XCTAssertEqual(results.ids, [8, 7])
        XCTAssertEqual(state.list.total, 2)
        XCTAssertEqual(state.list.selected, 0)
        XCTAssertEqual(effects, [.loadPosts(ids: [8, 7], offset: 0, generation: state.list.generation)])
        XCTAssertNotNil(state.prompt, "the prompt stays open")
        XCTAssertFalse(state.typeAhead?.isWaiting ?? true)
        // One more letter: the shown results stay until the newer ones come.
        _ = Reducer.reduce(&state, .search(.edit(.insert("p"))))   // generation 3
        XCTAssertTrue(state.typeAhead?.isWaiting ?? false)
        XCTAssertEqual(Reducer.reduce(&state, .search(.results(generation: 2, ids: [1], count: 1))), [])
        guard case let .search(still) = state.list.source else { return XCTFail("results lost") }
        XCTAssertEqual(still.ids, [8, 7])
        // Results with no prompt and no type-ahead at all are ignored too.
        var browsing = decemberState()
        XCTAssertEqual(Reducer.reduce(&browsing, .search(.results(generation: 0, ids: [1], count: 1))), [])
        XCTAssertEqual(browsing.list.source, .filter(.month("2021-12")))
    }

    func testEscRestoresTheListSelectionAndFilterFromBeforeTheSlash() {
        var state = decemberState()
        let rows = state.list.rows
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("öl"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [10], count: 1)))
        _ = Reducer.reduce(&state, .pageLoaded(generation: state.list.generation, offset: 0, rows: [Self.row(10, "Öl")]))
        XCTAssertEqual(state.list.total, 1)
        let effects = Reducer.reduce(&state, .search(.cancel))
        XCTAssertNil(state.prompt)
        XCTAssertNil(state.typeAhead)
        XCTAssertNil(state.searchReturn, "nothing to leave: this is the month again")
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
        XCTAssertEqual(state.list.total, 3)
        XCTAssertEqual(state.archive.selected, 2)
        XCTAssertEqual(state.focus, .list)
        // Its rows are read anew (a refresh may have changed them meanwhile).
        let generation = state.list.generation
        XCTAssertEqual(effects.first, .loadCount(.month("2021-12"), generation: generation))
        XCTAssertTrue(effects.contains(.loadPage(.month("2021-12"), offset: 0, limit: 66, generation: generation)))
        _ = Reducer.reduce(&state, .pageLoaded(generation: generation, offset: 0, rows: rows))
        XCTAssertEqual(state.list.selectedPost?.title, "Femte")
        // Late results after Esc change nothing.
        XCTAssertEqual(Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [1], count: 1))), [])
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
    }

    func testEscBeforeAnyResultChangesNothingAndStopsWaiting() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("upp"))))
        let generation = state.list.generation
        XCTAssertEqual(Reducer.reduce(&state, .search(.cancel)), [])
        XCTAssertEqual(state.list.generation, generation, "the list was never replaced")
        XCTAssertEqual(Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [1], count: 1))), [])
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
    }

    func testEscFromAnArticleReopensIt() throws {
        let program = ReaderHarness()
        program.press(.down, .enter)
        let title = program.state.article?.article.post.title
        program.press(.down, .down)
        let top = program.state.article?.top
        program.press(.character("/"))
        program.type("öl")
        program.settle()
        XCTAssertEqual(program.state.focus, .list)
        XCTAssertNil(program.state.article)
        program.press(.escape)
        XCTAssertEqual(program.state.focus, .article)
        XCTAssertEqual(program.state.article?.article.post.title, title)
        XCTAssertEqual(program.state.article?.top, top)
        XCTAssertEqual(program.state.list.selected, 1)
        XCTAssertEqual(program.state.list.source, .filter(.all))
    }

    func testAnEmptyOrBlankQueryShowsTheListFromBefore() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("öl"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [10, 7], count: 2)))
        XCTAssertEqual(state.list.total, 2)
        // Backspace to nothing: December again, no search asked.
        let effects = Reducer.reduce(&state, .search(.edit(.deleteBackward)))
        XCTAssertEqual(searches(effects).count, 0)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
        XCTAssertFalse(state.typeAhead?.isWaiting ?? true)
        XCTAssertNotNil(state.prompt)
        // Blanks and operators alone ask for nothing either.
        for text in ["   ", "\t", "-", "*"] {
            _ = Reducer.reduce(&state, .search(.edit(.clear)))
            XCTAssertEqual(searches(Reducer.reduce(&state, .search(.edit(.insert(text))))).count, 0, text)
            XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        }
        // Results of the emptied query that come late are dropped.
        XCTAssertEqual(Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [1], count: 1))), [])
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        // Enter on it closes the prompt with a note, the list untouched.
        _ = Reducer.reduce(&state, .search(.submit))
        XCTAssertNil(state.prompt)
        XCTAssertEqual(state.message?.text, "Nothing to search for")
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
    }

    func testEnterKeepsTheResultsAndLeavingReturnsToTheMonth() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("upphandling"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [9, 3, 1], count: 3)))
        XCTAssertEqual(Reducer.reduce(&state, .search(.submit)), [])
        XCTAssertNil(state.prompt)
        XCTAssertNil(state.typeAhead)
        guard case let .search(results) = state.list.source else { return XCTFail("results not kept") }
        XCTAssertEqual(results.ids, [9, 3, 1])
        XCTAssertEqual(state.searchMatcher?.words.map(\.text), ["upphandling"])
        XCTAssertEqual(state.focus, .list)
        // q leaves the results for the month and row the search started from.
        _ = Reducer.reduce(&state, .back)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
        XCTAssertEqual(state.archive.selected, 2)
    }

    func testEnterBeforeTheResultsCameShowsThemWhenTheyCome() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("hållbar"))))
        let generation = state.searchGeneration
        XCTAssertEqual(Reducer.reduce(&state, .search(.submit)), [])
        XCTAssertNil(state.prompt)
        // The list is already the search (q and Esc leave it), empty while it waits.
        guard case let .search(waiting) = state.list.source else { return XCTFail("no search list") }
        XCTAssertEqual(waiting.query.text, "hållbar")
        XCTAssertEqual(state.list.total, 0)
        XCTAssertTrue(Renderer.render(state).lines.joined().contains("Searching…"))
        _ = Reducer.reduce(&state, .search(.results(generation: generation, ids: [1, 9], count: 2)))
        XCTAssertEqual(state.list.total, 2)
        XCTAssertNil(state.typeAhead, "nothing more awaited")
        XCTAssertTrue(Renderer.render(state).lines[23].hasPrefix(" Search \"hållbar\": 2 hits  1/2"))
        _ = Reducer.reduce(&state, .back)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
    }

    func testResultsAwaitedAfterEnterAreDroppedOnceTheListIsLeft() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("hållbar"))))
        _ = Reducer.reduce(&state, .search(.submit))
        _ = Reducer.reduce(&state, .back)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [1], count: 1))), [])
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
    }

    func testASearchFromResultsReturnsToWhereTheFirstStarted() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("upphandling"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [9, 3, 1], count: 3)))
        _ = Reducer.reduce(&state, .search(.submit))
        _ = Reducer.reduce(&state, .moveDown)
        // A second search, from the first one's results.
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("öl"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [10], count: 1)))
        // Esc: the first results again, at their row.
        _ = Reducer.reduce(&state, .search(.cancel))
        guard case let .search(first) = state.list.source else { return XCTFail("first results lost") }
        XCTAssertEqual(first.ids, [9, 3, 1])
        XCTAssertEqual(state.list.selected, 1)
        // The second search kept: leaving it returns to December, not to the first results.
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("öl"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [10, 7], count: 2)))
        _ = Reducer.reduce(&state, .search(.submit))
        _ = Reducer.reduce(&state, .back)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
    }

    func testTheCountOfEveryMatchShowsWhenTheIdsWereCut() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("och"))))
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: Array(1...10_000), count: 123_456)))
        XCTAssertTrue(Renderer.render(state).lines[23].hasSuffix(" 123456 hits "), Renderer.render(state).lines[23])
        _ = Reducer.reduce(&state, .search(.submit))
        XCTAssertTrue(Renderer.render(state).lines[23].hasPrefix(" Search \"och\": 123456 hits  1/10000"))
    }

    func testAFailedSearchShowsItsErrorInThePromptLine() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        _ = Reducer.reduce(&state, .search(.edit(.insert("xy"))))
        _ = Reducer.reduce(&state, .search(.failed(generation: state.searchGeneration, message: "Store error: disk I/O error")))
        XCTAssertFalse(state.typeAhead?.isWaiting ?? true)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        let grid = Renderer.render(state)
        XCTAssertTrue(grid.lines[23].hasSuffix("Store error: disk I/O error "), grid.lines[23])
        XCTAssertEqual(grid.roles(23).last(where: { $0 != .prompt }), .error)
    }

    func testOneLetterWaitsForASecondWhileTypingAndEnterSearchesIt() {
        var state = decemberState()
        _ = Reducer.reduce(&state, .search(.start))
        XCTAssertEqual(searches(Reducer.reduce(&state, .search(.edit(.insert("k"))))).count, 0)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")), "the list stays")
        // A second letter searches; back to one letter shows the list from before again.
        XCTAssertEqual(searches(Reducer.reduce(&state, .search(.edit(.insert("o"))))).map(\.0), ["ko"])
        _ = Reducer.reduce(&state, .search(.results(generation: state.searchGeneration, ids: [4], count: 1)))
        XCTAssertEqual(searches(Reducer.reduce(&state, .search(.edit(.deleteBackward)))).count, 0)
        XCTAssertEqual(state.list.source, .filter(.month("2021-12")))
        XCTAssertEqual(state.list.selected, 2)
        // Enter searches the one letter after all.
        let asked = searches(Reducer.reduce(&state, .search(.submit)))
        XCTAssertEqual(asked.map(\.0), ["k"])
        XCTAssertNil(state.prompt)
        _ = Reducer.reduce(&state, .search(.results(generation: asked[0].1, ids: [5, 3], count: 2)))
        guard case let .search(results) = state.list.source else { return XCTFail("no results shown") }
        XCTAssertEqual(results.query.text, "k")
        XCTAssertEqual(results.ids, [5, 3])
        // An exclusion, a phrase or a filter is searched at once, even when short.
        _ = Reducer.reduce(&state, .search(.start))
        XCTAssertEqual(searches(Reducer.reduce(&state, .search(.edit(.insert("-k"))))).count, 1)
    }
}

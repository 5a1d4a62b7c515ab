import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import XCTest

/// `1`–`9` in an article open its numbered links.
final class LinkNumberTests: XCTestCase {
    func testDigitsOpenTheArticlesNumberedLinks() throws {
        let database = try AppDatabase.inMemory()
        let html = "<p>Se <a href=\"https://a.example/one\">ett</a> och <a href=\"ftp://b.example/two\">två</a>.</p>"
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "l1", title: "Länkar", link: "https://example.se/l1", author: nil,
                         published: Fixtures.date(2022, 1, 1), contentHTML: html),
        ], now: Fixtures.date(2022, 1, 2))
        var opened: [String] = []
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24),
                                    openLink: { opened.append($0); return nil })
        program.start()
        program.press(.character("1"))
        XCTAssertEqual(opened, [], "digits do nothing in the list")
        program.press(.enter, .character("1"))
        XCTAssertEqual(opened, ["https://a.example/one"])
        XCTAssertTrue(program.screen[23].contains("Opening https://a.example/one"), program.screen[23])
        program.press(.character("2"))
        XCTAssertEqual(opened.count, 1, "ftp is not opened")
        XCTAssertTrue(program.screen[23].contains("Only http, https and mailto"), program.screen[23])
        program.press(.character("3"))
        XCTAssertTrue(program.screen[23].contains("This post has no link 3"), program.screen[23])
        XCTAssertEqual(program.state.article?.links, ["https://a.example/one", "ftp://b.example/two"])
    }
}

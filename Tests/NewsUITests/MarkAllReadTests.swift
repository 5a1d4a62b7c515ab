import NewsModel
import NewsRuntime
import XCTest
import NewsCore
@testable import NewsUI

/// `A` marks every post of the list read, `u` undoes it: in the store and on screen.
final class MarkAllReadTests: XCTestCase {
    func unread(_ database: AppDatabase, _ month: String) throws -> Int {
        try database.posts(.month(month), limit: 100).filter { !$0.isRead }.count
    }

    func testMarkAMonthReadAndUndo() throws {
        let database = try ReaderFixtures.mixedStore()
        let program = ReaderFixtures.program(database)
        program.press(.character("a"), .down, .down, .down, .enter) // December 2021
        XCTAssertTrue(program.screen[0].contains("December 2021"))
        program.press(.character("A"))
        // On screen at once; in the store once the writer has run.
        XCTAssertFalse(program.screen[1...6].contains { $0.contains("│ N ") }, program.screen.joined(separator: "\n"))
        program.waitForWrites()
        XCTAssertEqual(try unread(database, "2021-12"), 0)
        XCTAssertEqual(try unread(database, "2022-02"), 2, "other months untouched")
        XCTAssertFalse(program.screen[1...6].contains { $0.contains("│ N ") }, program.screen.joined(separator: "\n"))
        XCTAssertTrue(program.screen[23].contains("Marked 6 posts read (u undoes)"), program.screen[23])
        program.press(.character("u"))
        XCTAssertTrue(program.screen[1...6].allSatisfy { $0.contains("│ N ") })
        program.waitForWrites()
        XCTAssertEqual(try unread(database, "2021-12"), 6)
        XCTAssertTrue(program.screen[1...6].allSatisfy { $0.contains("│ N ") })
        XCTAssertTrue(program.screen[23].contains("6 posts unread again"), program.screen[23])
        program.press(.character("u"))
        XCTAssertTrue(program.screen[23].contains("Nothing to undo"))
    }

    func testUndoOnlyRestoresWhatWasUnread() throws {
        let database = try ReaderFixtures.mixedStore()
        let program = ReaderFixtures.program(database)
        program.press(.character("r")) // the first post read by hand
        // `u` before the store has said what `A` changed: the store undoes what it changed.
        program.press(.character("A"), .character("u"))
        program.waitForWrites()
        XCTAssertTrue(program.screen[23].contains("9 posts unread again"), program.screen[23])
        XCTAssertEqual(program.state.list.rows.filter(\.isRead).map(\.title), ["Hållbar upphandling i Göteborg"])
        let rows = try database.posts(.all, limit: 100)
        XCTAssertEqual(rows.filter(\.isRead).map(\.title), ["Hållbar upphandling i Göteborg"])
    }

    func testMarkSearchResultsRead() throws {
        let database = try ReaderFixtures.mixedStore()
        let program = ReaderFixtures.program(database, language: .swedish)
        program.press(.character("/"))
        program.type("upphandling")
        program.settle()
        program.press(.enter, .character("A"))
        program.waitForWrites()
        let read = try database.posts(.all, limit: 100).filter(\.isRead).count
        XCTAssertEqual(read, program.state.list.total)
        XCTAssertGreaterThan(read, 1)
        XCTAssertLessThan(read, 10)
        XCTAssertTrue(program.screen[23].contains("inlägg markerade som lästa (u ångrar)"), program.screen[23])
    }
}

/// `y` copies the post's link, or shows it when the terminal cannot take it.
final class CopyLinkTests: XCTestCase {
    func testCopyOrShowTheLink() throws {
        var copied: [String] = []
        let program = ReaderProgram(database: try ReaderFixtures.mixedStore(), size: ScreenSize(columns: 80, rows: 24),
                                    copy: { copied.append($0); return true })
        program.start()
        program.press(.character("y"))
        XCTAssertEqual(copied, ["https://example.se/p1"])
        XCTAssertTrue(program.screen[23].contains("Copied https://example.se/p1"), program.screen[23])

        let plain = ReaderProgram(database: try ReaderFixtures.mixedStore(), size: ScreenSize(columns: 80, rows: 24),
                                  language: .swedish, copy: { _ in false })
        plain.start()
        plain.press(.character("j"), .character("y"))
        XCTAssertTrue(plain.screen[23].contains("Länk: https://example.se/p2"), plain.screen[23])
    }
}

/// `v` cycles the list through all posts, unread only and starred.
final class ViewTests: XCTestCase {
    func testCycleViews() throws {
        let database = try ReaderFixtures.mixedStore()
        let program = ReaderFixtures.program(database)
        program.press(.character("r"), .character("j"), .character("s")) // p1 read, p2 starred
        program.press(.character("v"))
        // The writes may still be on their way: what `v` read is read again once they are in.
        program.waitForWrites()
        XCTAssertTrue(program.screen[23].hasPrefix(" Unread  1/9"), program.screen[23])
        XCTAssertFalse(program.screen.joined().contains("Hållbar upphandling i G"))
        program.press(.character("v"))
        XCTAssertTrue(program.screen[23].hasPrefix(" Starred  1/1"), program.screen[23])
        XCTAssertTrue(program.screen[1].contains("“Citat” om återvinning"), program.screen[1])
        program.press(.character("v"))
        XCTAssertTrue(program.screen[23].hasPrefix(" All posts  1/10"), program.screen[23])
        // Swedish names for the views.
        let swedish = ReaderFixtures.program(database, language: .swedish)
        swedish.press(.character("v"))
        XCTAssertTrue(swedish.screen[0].contains("│ Olästa"), swedish.screen[0])
        swedish.press(.character("v"))
        XCTAssertTrue(swedish.screen[23].hasPrefix(" Stjärnmärkta  1/1"), swedish.screen[23])
    }
}

/// `1`–`9` in an article open its numbered links.
final class LinkNumberTests: XCTestCase {
    func testDigitsOpenTheArticlesNumberedLinks() throws {
        let database = try AppDatabase.inMemory()
        let html = "<p>Se <a href=\"https://a.example/one\">ett</a> och <a href=\"ftp://b.example/two\">två</a>.</p>"
        try database.save(feed: ReaderFixtures.feed, posts: [
            IncomingPost(guid: "l1", title: "Länkar", link: "https://example.se/l1", author: nil,
                         published: ReaderFixtures.date(2022, 1, 1), contentHTML: html),
        ], now: ReaderFixtures.date(2022, 1, 2))
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

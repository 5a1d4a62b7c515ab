import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import XCTest

/// `A` marks every post of the list read, `u` undoes it: in the store and on screen.
final class MarkAllReadTests: XCTestCase {
    func unread(_ database: AppDatabase, _ month: String) throws -> Int {
        try database.posts(.month(month), limit: 100).filter { !$0.isRead }.count
    }

    func testMarkAMonthReadAndUndo() throws {
        let database = try FixtureStore.inMemory()
        let program = ReaderProgram.started(database)
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
        let database = try FixtureStore.inMemory()
        let program = ReaderProgram.started(database)
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
        let database = try FixtureStore.inMemory()
        let program = ReaderProgram.started(database, language: .swedish)
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

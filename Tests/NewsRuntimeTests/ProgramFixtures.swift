import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import XCTest

extension ReaderProgram: KeyDriven {}

extension ReaderProgram {
    /// A started program on `database` at a size.
    static func started(_ database: AppDatabase, columns: Int = 80, rows: Int = 24,
                        language: Language = .english) -> ReaderProgram {
        let program = ReaderProgram(database: database, size: ScreenSize(columns: columns, rows: rows), language: language)
        program.start()
        return program
    }

    var screen: [String] { render().lines }

    /// Waits for the type-ahead searches to finish and runs their results,
    /// as the terminal loop does when they wake it.
    func settle(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(waitForSearches(), "a search did not finish", file: file, line: line)
    }
}

/// The whole rendered screen, line by line (trailing spaces trimmed), and
/// every row exactly the screen's width.
func assertWholeScreen(_ program: ReaderProgram, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    for difference in ExpectedScreen.textDifferences(program.render(), expected) {
        XCTFail(difference, file: file, line: line)
    }
}

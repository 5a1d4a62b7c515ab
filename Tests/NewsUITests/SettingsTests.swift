import TestSupport
import XCTest
@testable import NewsUI

/// The config's options as the reader shows them.
final class SettingsTests: XCTestCase {
    func program(_ change: (inout Settings) -> Void, columns: Int = 80, language: Language = .english) throws -> ReaderHarness {
        var settings = Settings()
        change(&settings)
        return ReaderHarness(columns: columns, language: language, settings: settings)
    }

    func testArchiveWidthAndFeedColumn() throws {
        let wide = try program({ $0.archiveWidth = 40 }, columns: 100)
        XCTAssertEqual(wide.screen[0].firstIndex(of: "│").map { wide.screen[0].distance(from: wide.screen[0].startIndex, to: $0) }, 40)
        // Never more than half the screen.
        let capped = try program({ $0.archiveWidth = 60 }, columns: 80)
        XCTAssertEqual(capped.state.layout.archiveWidth, 40)
        // One feed: `auto` (the default) and `never` leave the column out, `always` shows it.
        for setting in [FeedColumn.auto, .never] {
            let plain = try program({ $0.feedColumn = setting })
            XCTAssertFalse(plain.screen.joined().contains("Exempelblog"), "\(setting)")
            XCTAssertTrue(plain.screen[1].contains("Hållbar upphandling i Göteborg"), plain.screen[1])
        }
        XCTAssertTrue(try program { $0.feedColumn = .always }.screen[1].contains("Exempelblog…"))
    }

    func testDateFormatUsesTheInterfaceLanguagesMonthNames() throws {
        let english = try program { $0.dateFormat = "%d %b %Y" }
        XCTAssertTrue(english.screen[1].contains("N  08 February 2022   Hållbar"), english.screen[1])
        let swedish = try program({ $0.dateFormat = "%d %b" }, language: .swedish)
        // The column is as wide as the longest month (september) needs.
        XCTAssertTrue(swedish.screen[1].contains("N  08 februari   Hållbar"), swedish.screen[1])
        XCTAssertEqual(Renderer.formatDate(0, "%Y-%m-%dT%H:%M %% %q", .english), "1970-01-01T00:00 % %q")
    }

    func testConfirmQuit() throws {
        let asking = try program { $0.confirmQuit = true }
        asking.press(.character("Q"))
        XCTAssertFalse(asking.isQuitting)
        XCTAssertTrue(asking.screen[23].contains("Quit? (y/n)"), asking.screen[23])
        asking.press(.character("n"))
        XCTAssertFalse(asking.isQuitting)
        XCTAssertFalse(asking.screen[23].contains("Quit?"))
        asking.press(.character("j")) // keys work again
        XCTAssertEqual(asking.state.list.selected, 1)
        asking.press(.character("Q"), .character("y"))
        XCTAssertTrue(asking.isQuitting)
        let direct = try program { _ in }
        direct.press(.character("Q"))
        XCTAssertTrue(direct.isQuitting)
    }

    func testStartNoticeShowsUntilTheFirstKey() throws {
        let program = ReaderHarness(start: false)
        program.start(notice: StatusMessage("c.toml:2: x: unknown setting", isError: true))
        XCTAssertTrue(program.screen[23].contains("c.toml:2: x: unknown setting"))
        program.press(.character("j"))
        XCTAssertFalse(program.screen[23].contains("c.toml"))
    }
}

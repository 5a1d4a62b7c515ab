import TestSupport
import XCTest
@testable import NewsUI

/// The interface language: chosen from the locale variables' values, one
/// catalogue per language, and the Swedish screen as a whole.
final class LanguageTests: XCTestCase {
    func testLanguageComesFromTheVariablesInPOSIXOrder() {
        XCTAssertEqual(Language(environment: [:]), .english)
        XCTAssertEqual(Language(environment: ["LANG": "sv_SE.UTF-8"]), .swedish)
        XCTAssertEqual(Language(environment: ["LANG": "sv"]), .swedish)
        XCTAssertEqual(Language(environment: ["LANG": "sv_FI@euro"]), .swedish)
        XCTAssertEqual(Language(environment: ["LANG": "C.UTF-8"]), .english)
        XCTAssertEqual(Language(environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"]), .swedish)
        // LC_ALL overrides both; an empty value counts as unset.
        XCTAssertEqual(Language(environment: ["LC_ALL": "C", "LC_MESSAGES": "sv_SE.UTF-8"]), .english)
        XCTAssertEqual(Language(environment: ["LC_ALL": "", "LANG": "sv_SE.UTF-8"]), .swedish)
        // `svx` is not Swedish; a prefix match alone is not enough.
        XCTAssertEqual(Language(localeName: "svx_XX"), .english)
    }

    func testMonthNames() {
        XCTAssertEqual(Catalogue.english.monthLabel("2021-12"), "December 2021")
        XCTAssertEqual(Catalogue.swedish.monthLabel("2021-12"), "december 2021")
        XCTAssertEqual(Catalogue.swedish.monthLabel("2022-05"), "maj 2022")
        XCTAssertEqual(Catalogue.swedish.monthLabel(nil), "Odaterade")
        XCTAssertEqual(Catalogue.english.monthLabel(nil), "Undated")
        XCTAssertEqual(Catalogue.swedish.monthLabel("garbage"), "garbage")
    }

    func testEveryCommandHasHelpTextInEveryLanguage() {
        for language in Language.allCases {
            for topic in Command.allCases.map(\.rawValue) + ["prompt-keys", "link-numbers", "mouse", "list-marks"] {
                XCTAssertFalse(language.catalogue.help[topic, default: ""].isEmpty, "\(language) lacks \(topic)")
            }
            XCTAssertEqual(language.catalogue.help.count, Command.allCases.count + 4, "no stray help texts")
            XCTAssertEqual(language.catalogue.monthNames.count, 12)
        }
        XCTAssertNotEqual(Catalogue.english.help["quit"], Catalogue.swedish.help["quit"])
    }

    func testSwedishScreenAt80x24() throws {
        let program = ReaderHarness(columns: 80, rows: 24, language: .swedish)
        program.press(.character("a"), .down, .down, .down)
        // The archive in Swedish month names with bars, the December list, a Swedish status line.
        assertScreen(program, [
            " Arkiv                  │ december 2021",
            " Alla inlägg         10 │ N  2021-12-20  Café och crème brûlée",
            " februari 2022 █▋     2 │ N  2021-12-16  En mycket lång rubrik som inte får pl…",
            " januari 2022  █▋     2 │ N  2021-12-14  Öppna data och ärlighet",
            " december 2021 █████  6 │ N  2021-12-08  Farlig ^[[31mrubrik^[[0m med bidi",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten: nya råd",
            "                        │ N  2021-12-01  Ändrade regler för ölförsäljning",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            " Arkiv  4/4                          Enter:visa  Tab:lista  ?:hjälp  q:tillbaka",
        ])
    }

    func testSwedishMessagesSearchAndArticle() throws {
        let program = ReaderHarness(columns: 80, rows: 24, language: .swedish)
        program.press(.character("/"))
        program.type("ölförsäljning")
        program.press(.enter)
        program.settle()
        XCTAssertTrue(program.screen[23].hasPrefix(" Sök ”ölförsäljning”: 1 träff  1/1"), program.screen[23])
        program.press(.enter)
        let text = program.screen.joined(separator: "\n")
        XCTAssertTrue(text.hasPrefix(" Sök ”ölförsäljning” › Exempelbloggen"), text)
        XCTAssertTrue(program.screen[2].hasPrefix(" 2021-12-01 12:00 UTC "), text)
        XCTAssertTrue(program.screen[3].hasPrefix(" https://example.se/p10 "), text)
        program.press(.character("s"))
        XCTAssertTrue(program.screen[23].hasSuffix("Stjärnmärkt "), program.screen[23])
        program.press(.character("J"))
        XCTAssertTrue(program.screen[23].contains("Det här är det sista inlägget"), program.screen[23])
    }

    func testSwedishHelpOverlay() throws {
        let program = ReaderHarness(columns: 80, rows: 30, language: .swedish)
        program.press(.character("?"))
        let text = program.screen.joined(separator: "\n")
        XCTAssertTrue(text.contains(" Tangenter "))
        XCTAssertTrue(text.contains("avsluta varifrån som helst"))
        XCTAssertFalse(text.contains("quit from anywhere"))
    }

    func testEnglishIsTheDefault() throws {
        let program = ReaderHarness(columns: 80, rows: 24)
        XCTAssertTrue(program.screen[0].hasPrefix(" Archive "))
        XCTAssertTrue(program.screen[3].contains("January 2022"))
    }

    func assertScreen(_ program: ReaderHarness, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        assertWholeScreen(program, expected, file: file, line: line)
    }
}

import XCTest
import NewsConfig
@testable import NewsUI

/// The config file: settings, key bindings, themes, and problems that name
/// the file, the line and the key while the rest still applies.
final class ConfigFileTests: XCTestCase {
    func testSettingsKeysAndTheme() {
        let text = """
            theme = "light"
            date-format = "%d %b %Y"
            show-feed-column = false
            archive-width = 30
            confirm-quit = true
            browser = "firefox --new-tab %u"

            [keys]
            x = "down"
            "C-n" = "next-post"
            F5 = "help"
            j = "none"

            [colors]
            highlight = "black on 214"
            archive-bar = "#336699"
            heading = "bright-magenta"
            link = "blue on default"
            """
        let (settings, problems) = ConfigFile.parse(text, path: "/c.toml")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(settings.theme.name, .light)
        XCTAssertEqual(settings.theme.colors[.highlight], ColorPair(.indexed(0), on: .indexed(214)))
        XCTAssertEqual(settings.theme.colors[.archiveBar], ColorPair(.rgb(0x33, 0x66, 0x99)))
        XCTAssertEqual(settings.theme.colors[.date], Theme.named(.light).colors[.date], "the rest of the theme stays")
        XCTAssertEqual(settings.theme.colors[.heading], ColorPair(.indexed(13)), "an article's text styles are themed too")
        XCTAssertEqual(settings.theme.colors[.link], ColorPair(.indexed(4), on: .terminalDefault))
        XCTAssertEqual(settings.dateFormat, "%d %b %Y")
        XCTAssertEqual(settings.feedColumn, .never)
        XCTAssertEqual(settings.archiveWidth, 30)
        XCTAssertTrue(settings.confirmQuit)
        XCTAssertEqual(settings.browser, ["firefox", "--new-tab", "%u"])
        XCTAssertEqual(settings.keys[.character("x")], .down)
        XCTAssertEqual(settings.keys[.control("n")], .nextPost)
        XCTAssertEqual(settings.keys[.function(5)], .help)
        XCTAssertNil(settings.keys[.character("j")])
        XCTAssertEqual(settings.keys[.character("k")], .up, "defaults stay for keys not mentioned")
    }

    func testProblemsNameFileLineAndKeyAndTheRestStillApplies() {
        let text = """
            theme = "solarized"
            colour = 3
            show-feed-column = "no"
            this line is broken
            archive-width = 25

            [keys]
            j = "dwn"
            "Ctrl-x" = "down"
            x = "down"

            [colors]
            sparkles = "red"
            date = "purple"
            """
        let (settings, problems) = ConfigFile.parse(text, path: "/home/u/.config/newsreader/config.toml")
        let messages = problems.map(\.description)
        let expected = [
            "/home/u/.config/newsreader/config.toml:4: ",
            "/home/u/.config/newsreader/config.toml:2: colour: unknown setting",
            "/home/u/.config/newsreader/config.toml:3: show-feed-column: expected \"auto\", true or false",
            "/home/u/.config/newsreader/config.toml:1: theme: expected one of default, light, mono",
            "/home/u/.config/newsreader/config.toml:9: keys.Ctrl-x: unknown key name",
            "/home/u/.config/newsreader/config.toml:8: keys.j: unknown command \"dwn\"",
            "/home/u/.config/newsreader/config.toml:14: colors.date: expected a colour",
            "/home/u/.config/newsreader/config.toml:13: colors.sparkles: unknown element",
        ]
        XCTAssertEqual(messages.count, expected.count, messages.joined(separator: "\n"))
        for (message, prefix) in zip(messages, expected) {
            XCTAssertTrue(message.hasPrefix(prefix), "\(message) does not start with \(prefix)")
        }
        XCTAssertTrue(messages[0].contains("line ignored"), messages[0])
        // Everything that was valid still applies; the rest keeps its defaults.
        XCTAssertEqual(settings.archiveWidth, 25)
        XCTAssertEqual(settings.keys[.character("x")], .down)
        XCTAssertEqual(settings.keys[.character("j")], .down, "a bad binding keeps the default")
        XCTAssertEqual(settings.theme.name, .default)
        XCTAssertEqual(settings.feedColumn, .auto)
    }

    func testTheCommentedDefaultIsValidAndMatchesTheDefaults() {
        let text = DefaultConfig.text
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("[") },
                      "every setting line is commented")
        // Uncommented, every line parses with no problem and gives the defaults.
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // `# name = value` lines are settings; prose comments have spaces before any " = ".
            line.range(of: #"^# \S+ = "#, options: .regularExpression) != nil ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
        let (settings, problems) = ConfigFile.parse(uncommented, path: "default")
        XCTAssertEqual(problems.map(\.description), [])
        XCTAssertEqual(settings.keys, KeyBindings.defaults)
        XCTAssertEqual(settings.dateFormat, Settings().dateFormat)
        XCTAssertEqual(settings.feedColumn, .auto)
        XCTAssertEqual(ConfigFile.parse("show-feed-column = true", path: "c").0.feedColumn, .always)
        // The example browser line is the only one that differs from "unset".
        XCTAssertEqual(settings.browser, ["firefox", "--new-tab", "%u"])
        for command in Command.allCases { XCTAssertTrue(text.contains("\"\(command.rawValue)\""), command.rawValue) }
    }

    func testMissingFileGivesDefaultsAndThePathFollowsXDG() {
        let (settings, problems) = ConfigFile.load(path: "/nonexistent/newsreader/config.toml")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(settings.keys, KeyBindings.defaults)
        XCTAssertEqual(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]),
                       "/x/newsreader/config.toml")
        XCTAssertEqual(ConfigFile.defaultPath(environment: ["HOME": "/h"]), "/h/.config/newsreader/config.toml")
        XCTAssertEqual(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]),
                       "/h/.config/newsreader/config.toml")
    }

    func testColours() {
        XCTAssertEqual(TerminalColor(parsing: "red"), .indexed(1))
        XCTAssertEqual(TerminalColor(parsing: "bright-blue"), .indexed(12))
        XCTAssertEqual(TerminalColor(parsing: "255"), .indexed(255))
        XCTAssertNil(TerminalColor(parsing: "256"))
        XCTAssertNil(TerminalColor(parsing: "#12345"))
        XCTAssertEqual(TerminalColor.rgb(0xFF, 0, 0).index(colors: 256), 196)
        XCTAssertEqual(TerminalColor.rgb(0xFF, 0, 0).index(colors: 8), 1)
        XCTAssertEqual(TerminalColor.indexed(214).index(colors: 8), 3) // orange → yellow
        XCTAssertEqual(TerminalColor.terminalDefault.index(colors: 256), -1)
    }
}

/// The terminal's own commands in `[keys]`: `redraw` and `suspend`
/// rebound, `C-l` unbound, `C-z` left as it was.
final class TerminalCommandConfigTests: XCTestCase {
    func testRedrawAndSuspendAreBoundLikeAnyCommand() {
        let (settings, problems) = ConfigFile.parse("[keys]\nF5 = \"redraw\"\n\"C-l\" = \"none\"\n", path: "config.toml")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(settings.keys[.function(5)], .redraw)
        XCTAssertNil(settings.keys[.control("l")])
        XCTAssertEqual(settings.keys[.control("z")], .suspend)
    }
}

import Foundation
import TestSupport
import XCTest

/// The config file with the real reader in tmux, and `newsreader config`.
final class ConfigTests: XCTestCase {
    func configHome(_ text: String) throws -> URL {
        let directory = try TemporaryDirectory("config")
        let home = directory.url
        try FileManager.default.createDirectory(at: home.appendingPathComponent("newsreader"), withIntermediateDirectories: true)
        try text.write(to: home.appendingPathComponent("newsreader/config.toml"), atomically: true, encoding: .utf8)
        addTeardownBlock { withExtendedLifetime(directory) {} }
        return home
    }

    func testReboundKeysAndTheLightThemeReachTheReaderAndItsHelp() throws {
        let home = try configHome("""
            theme = "light"
            [keys]
            x = "down"
            X = "help"
            w = "archive"
            """)
        // 40 rows: the whole help overlay fits.
        let session = try TmuxSession(rows: 40, environment: ["XDG_CONFIG_HOME": home.path])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        // The light theme's header: black on cyan.
        XCTAssertTrue(try session.capture(escapes: true).contains("46m"), "no light-theme header")
        try session.send("x")
        try session.waitFor(text: "All posts  2/10")
        try session.send("X")
        let help = try session.waitFor(text: "this help")
        XCTAssertTrue(help.contains("j ↓ x"), help)
        XCTAssertTrue(help.contains("? X"), help)
        XCTAssertTrue(help.contains("a w"), help)
        try session.send("Escape", "w")
        try session.waitFor(text: "Archive  1/5")
    }

    func testABrokenLineIsNamedAndTheReaderStillOpens() throws {
        let home = try configHome("""
            show-feed-column = true
            this line is broken
            [keys]
            x = "down"
            """)
        let session = try TmuxSession(environment: ["XDG_CONFIG_HOME": home.path])
        defer { session.kill() }
        let screen = try session.waitFor(text: "All posts  1/10")
        XCTAssertTrue(screen.contains("config.toml:2:"), screen)
        try session.send("x")
        try session.waitFor(text: "All posts  2/10")
    }

    func testConfigCommand() throws {
        let printed = try NewsreaderProcess.run(["config", "--print-default"])
        XCTAssertEqual(printed.status, 0)
        XCTAssertTrue(printed.stdout.contains("# theme = \"default\""))
        XCTAssertTrue(printed.stdout.contains("# j = \"down\""))
        XCTAssertTrue(printed.stdout.contains("# \"?\" = \"help\""))
        XCTAssertTrue(printed.stdout.contains("# C-d = \"page-down\""))
        let home = try configHome("theme = \"neon\"\n")
        let checked = try NewsreaderProcess.run(["config"], environment: ["XDG_CONFIG_HOME": home.path])
        XCTAssertEqual(checked.status, 1)
        XCTAssertTrue(checked.stderr.contains("config.toml:1: theme: expected one of default, light, mono"), checked.stderr)
    }

    /// `y` sends the link as OSC 52; tmux with `set-clipboard on` puts it in its buffer.
    func testCopyLinkReachesTheClipboardThroughOSC52() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        _ = try session.run(["set-option", "-g", "set-clipboard", "on"])
        try session.waitFor(text: "All posts  1/10")
        try session.send("y")
        try session.waitFor(text: "Copied https://")
        var buffer = ""
        for _ in 0..<20 where !buffer.hasPrefix("https://") {
            buffer = (try? session.run(["show-buffer"], allowFailure: true)) ?? ""
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertEqual(buffer.trimmingCharacters(in: .whitespacesAndNewlines), "https://www.hållbarupphandling.se/")
    }
}

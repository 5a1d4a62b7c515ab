import Foundation
import NewsCore
import NewsSync
import NewsUI
import TOMLKit

/// `$XDG_CONFIG_HOME/newsreader/config.toml`, read with TOMLKit. Every
/// problem becomes a message naming the file, the line and the key; the
/// setting keeps its default and the rest of the file still applies. A
/// line TOML cannot parse is left out and the file read again without it.
public enum ConfigFile {
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var key: String
        public var message: String
        public var description: String {
            "\(path):\(line): \(key.isEmpty ? "" : "\(key): ")\(message)"
        }

        /// With the file's name only, for the status line.
        public var shortDescription: String {
            "\(path.split(separator: "/").last.map(String.init) ?? path):\(line): \(key.isEmpty ? "" : "\(key): ")\(message)"
        }
    }

    /// `$XDG_CONFIG_HOME/newsreader/config.toml`, else `~/.config/newsreader/config.toml`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") {
            return base + "/newsreader/config.toml"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/newsreader/config.toml"
    }

    /// Everything the file sets.
    public struct Contents: Sendable {
        public var settings = Settings()
        /// The `[sync]` table, when it is set and valid.
        public var sync: SyncSettings?
        /// Problems of the `[sync]` table (also in `problems`): a sync must not
        /// run on half a table, nor refresh fetch feeds behind the server's back.
        public var syncProblems: [Problem] = []
        public var problems: [Problem] = []
    }

    /// Reads the file at `path`; a missing file gives the defaults and no problems.
    public static func load(path: String) -> (Settings, [Problem]) {
        let contents = read(path: path)
        return (contents.settings, contents.problems)
    }

    public static func parse(_ text: String, path: String) -> (Settings, [Problem]) {
        let contents = parseContents(text, path: path)
        return (contents.settings, contents.problems)
    }

    /// Reads the file at `path`; a missing file gives the defaults and no problems.
    public static func read(path: String) -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return Contents() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return Contents(problems: [Problem(path: path, line: 1, key: "", message: "cannot read the file as UTF-8 text")])
        }
        return parseContents(text, path: path)
    }

    public static func parseContents(_ text: String, path: String) -> Contents {
        var lines = text.components(separatedBy: "\n")
        var problems: [Problem] = []
        var table: TOMLTable?
        // Leave out each line TOML rejects (at most 20) and read the rest.
        for _ in 0..<20 {
            do {
                table = try TOMLTable(string: lines.joined(separator: "\n"))
                break
            } catch let error as TOMLParseError {
                let line = max(1, error.source.begin.line)
                problems.append(Problem(path: path, line: line, key: keyName(on: line <= lines.count ? lines[line - 1] : ""),
                                        message: "not valid TOML (\(error.description)); line ignored"))
                guard line <= lines.count else { break }
                lines[line - 1] = ""
            } catch {
                problems.append(Problem(path: path, line: 1, key: "", message: "\(error)"))
                break
            }
        }
        var settings = Settings()
        guard let table else { return Contents(settings: settings, problems: problems) }
        let locator = Locator(lines: lines)
        func problem(_ section: String?, _ key: String, _ message: String) {
            problems.append(Problem(path: path, line: locator.line(of: key, in: section),
                                    key: section.map { "\($0).\(key)" } ?? key, message: message))
        }

        for key in table.keys.sorted() {
            let value = table[key]!
            switch key {
            case "date-format":
                if let format = value.string, !format.isEmpty { settings.dateFormat = format }
                else { problem(nil, key, "expected a non-empty string such as \"%Y-%m-%d\"") }
            case "show-feed-column":
                if let flag = value.bool { settings.feedColumn = flag ? .always : .never }
                else if value.string == "auto" { settings.feedColumn = .auto }
                else { problem(nil, key, "expected \"auto\", true or false") }
            case "confirm-quit":
                if let flag = value.bool { settings.confirmQuit = flag }
                else { problem(nil, key, "expected true or false") }
            case "refresh-interval":
                if let text = value.string, let seconds = RefreshInterval.seconds(text) {
                    settings.refreshInterval = seconds == 0 ? nil : seconds
                }
                else { problem(nil, key, RefreshInterval.expected) }
            case "refresh-on-start":
                if let flag = value.bool { settings.refreshOnStart = flag }
                else { problem(nil, key, "expected true or false") }
            case "archive-width":
                if let width = value.int, width == 0 || (16...60).contains(width) {
                    settings.archiveWidth = width == 0 ? nil : width
                } else { problem(nil, key, "expected 0 (automatic) or a width from 16 to 60") }
            case "browser":
                if let command = value.string {
                    let argv = command.split(separator: " ").map(String.init)
                    if command.isEmpty { settings.browser = nil }
                    else if argv.contains(where: { $0.contains("%u") }) { settings.browser = argv }
                    else { problem(nil, key, "the command needs %u where the URL goes") }
                } else { problem(nil, key, "expected a string such as \"firefox --new-tab %u\"") }
            case "theme":
                // [colors] is applied after this, on top of the theme.
                if let name = value.string, let theme = Theme.Name(rawValue: name) {
                    settings.theme = Theme.named(theme)
                } else { problem(nil, key, "expected one of \(Theme.Name.allCases.map(\.rawValue).joined(separator: ", "))") }
            case "keys", "colors", "sync":
                guard value.table != nil else { problem(nil, key, "expected a table [\(key)]"); continue }
            default:
                problem(nil, key, "unknown setting")
            }
        }
        if let keys = table["keys"]?.table {
            for name in keys.keys.sorted() {
                guard let key = KeyName.parse(name) else { problem("keys", name, "unknown key name"); continue }
                guard let commandName = keys[name]?.string else { problem("keys", name, "expected a command name in quotes"); continue }
                if commandName == "none" { settings.keys.bind(key, to: nil); continue }
                guard let command = Command(rawValue: commandName) else {
                    problem("keys", name, "unknown command \"\(commandName)\""); continue
                }
                settings.keys.bind(key, to: command)
            }
        }
        if let colors = table["colors"]?.table {
            for name in colors.keys.sorted() {
                guard let element = Theme.Element(rawValue: name) else { problem("colors", name, "unknown element"); continue }
                guard let text = colors[name]?.string, let pair = ColorPair(parsing: text) else {
                    problem("colors", name, "expected a colour such as \"yellow\", \"black on 214\" or \"#336699 on default\"")
                    continue
                }
                settings.theme.colors[element] = pair
            }
        }
        var sync: SyncSettings?
        var syncProblems: [Problem] = []
        if let table = table["sync"]?.table {
            let before = problems.count
            sync = parseSync(table) { key, message in problem("sync", key, message) }
            syncProblems = Array(problems[before...])
        }
        return Contents(settings: settings, sync: sync, syncProblems: syncProblems, problems: problems)
    }

    /// `[sync]`: service, url, user and password-command. An empty table sets
    /// nothing; otherwise service, url and user must all be there.
    static func parseSync(_ table: TOMLTable, problem: (String, String) -> Void) -> SyncSettings? {
        guard !table.keys.isEmpty else { return nil }
        var valid = true
        func string(_ key: String, _ expected: String) -> String? {
            guard let value = table[key] else {
                problem(key, "missing (\(expected))")
                valid = false
                return nil
            }
            guard let text = value.string, !text.isEmpty else {
                problem(key, "expected \(expected)")
                valid = false
                return nil
            }
            return text
        }
        for key in table.keys.sorted() where !["service", "url", "user", "password-command"].contains(key) {
            problem(key, "unknown setting of [sync]")
            valid = false
        }
        let service = string("service", "one of \(SyncServices.names.map { "\"\($0)\"" }.joined(separator: ", "))")
        if let service, !SyncServices.names.contains(service) {
            problem("service", "unknown service \"\(service)\" (known: \(SyncServices.names.joined(separator: ", ")))")
            valid = false
        }
        let url = string("url", "the server's http(s) address in quotes")
        if let url, !HTTPURL.isValid(url) {
            problem("url", "expected the server's http(s) address, such as \"https://rss.example.com/tt-rss/\"")
            valid = false
        }
        let user = string("user", "the user name in quotes")
        var passwordCommand: [String]?
        if table["password-command"] != nil {
            if let line = table["password-command"]?.string, let words = CommandWords.split(line), !words.isEmpty {
                passwordCommand = words
            } else {
                problem("password-command", "expected a command in quotes, such as \"pass show tt-rss\" (run without a shell)")
                valid = false
            }
        }
        guard valid, let service, let url, let user else { return nil }
        return SyncSettings(service: service, url: url, user: user, passwordCommand: passwordCommand)
    }

    /// The key a `key = value` line sets, for messages about lines TOML rejected.
    static func keyName(on line: String) -> String {
        guard let equals = line.firstIndex(of: "=") else { return "" }
        return line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }

    /// Finds the line of `key` in `[section]` (TOMLKit gives no positions for values).
    struct Locator {
        var lines: [String]
        func line(of key: String, in section: String?) -> Int {
            var current: String?
            for (index, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t"))
                    continue
                }
                if current == section, ConfigFile.keyName(on: line) == key { return index + 1 }
            }
            return 1
        }
    }
}

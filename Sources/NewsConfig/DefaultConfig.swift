import NewsUI

/// The text of `newsreader config --print-default`: every setting with its
/// default, commented out, so the file documents itself. The key section is
/// generated from the live default bindings.
public enum DefaultConfig {
    public static var text: String {
        var lines = [
            "# newsreader configuration: $XDG_CONFIG_HOME/newsreader/config.toml",
            "# (~/.config/newsreader/config.toml). Every line below is a default;",
            "# uncomment and change what you want. A bad line is reported with its",
            "# line number and the reader starts with the defaults for it.",
            "",
            "# Colours: default (dark terminals), light, or mono (attributes only).",
            "# NO_COLOR=1 or a terminal without colours always gives mono.",
            "# theme = \"default\"",
            "",
            "# The list's date column: %Y year, %m month, %d day, %H hour, %M minute,",
            "# %b month name in the interface language.",
            "# date-format = \"%Y-%m-%d\"",
            "",
            "# The feed's name at the right of the list: \"auto\" shows it when the",
            "# visible posts come from more than one feed; true always, false never.",
            "# show-feed-column = \"auto\"",
            "",
            "# Width of the archive pane beside the list (16-60), 0 for automatic.",
            "# archive-width = 0",
            "",
            "# Ask before quitting with the quit command.",
            "# confirm-quit = false",
            "",
            "# Refresh every subscribed feed this often while the reader runs: a",
            "# number with s, m or h (\"45s\", \"30m\", \"2h\"), or \"off\".",
            "# refresh-interval = \"off\"",
            "",
            "# Refresh once when the reader starts.",
            "# refresh-on-start = false",
            "",
            "# Browser for open-link: %u is the URL, run without a shell.",
            "# Unset (the default): $BROWSER, else xdg-open. An example:",
            "# browser = \"firefox --new-tab %u\"",
            "",
            "# Key bindings: key = \"command\" (\"none\" unbinds). Keys: letters and",
            "# symbols as typed, C-x (Ctrl), F1-F12, Space, Enter, Esc, Tab, S-Tab,",
            "# Up, Down, Left, Right, PageUp, PageDown, Home, End, Backspace, Insert, Delete.",
            "# Commands: \(Command.allCases.map(\.rawValue).joined(separator: ", ")).",
            "[keys]",
        ]
        for (command, keys) in KeyBindings.defaultList {
            for key in keys {
                lines.append("# \(quoted(KeyName.name(of: key))) = \"\(command.rawValue)\"")
            }
        }
        lines += [
            "",
            "# Colours per element, on top of the theme: \"fg\" or \"fg on bg\", each",
            "# default, black, red, green, yellow, blue, magenta, cyan, white,",
            "# bright-red ..., 0-255, or #rrggbb (nearest colour the terminal has).",
            "# Elements: \(Theme.Element.allCases.map(\.rawValue).joined(separator: ", ")).",
            "[colors]",
            "# highlight = \"black on yellow\"",
            "# archive-bar = \"green\"",
            "# date = \"#5f87af\"",
            "",
            "# Sync with a Tiny Tiny RSS server (API access enabled for the user).",
            "# With service, url and user set, `newsreader sync`, `refresh` and the",
            "# reader's refresh bring down the server's feeds, articles and read and",
            "# starred state and send local changes up; `add` and `remove` go through",
            "# the server. The password is $NEWSREADER_SYNC_PASSWORD, else the first",
            "# line password-command prints (split into words, run without a shell);",
            "# it is never stored.",
            "[sync]",
            "# service = \"ttrss\"",
            "# url = \"https://rss.example.com/tt-rss/\"",
            "# user = \"me\"",
            "# password-command = \"pass show tt-rss\"",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// A key name as a TOML key: bare when it can be, quoted otherwise.
    static func quoted(_ name: String) -> String {
        let bare = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        if bare { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

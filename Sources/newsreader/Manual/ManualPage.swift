import ArgumentParser
import NewsModel
import NewsUI

/// Hidden: `newsreader manual-page` writes the man page (`make manual` keeps
/// `newsreader.1` in step; a test fails when they differ).
struct ManualPageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual-page",
        abstract: "Write the manual page newsreader.1 (roff) to standard output.",
        shouldDisplay: false)

    func run() throws {
        print(ManualPage.text(root: CommandInfo.root(Newsreader.self)), terminator: "")
    }
}

/// newsreader(1), from the command definitions (every command shown in
/// `--help`, its options and help texts), the search syntax and the
/// default key map, plus the sections that only the manual has.
enum ManualPage {
    static func text(root: CommandInfo) -> String {
        var page = Page()
        page.raw(#".\" newsreader(1), generated from the command definitions and the default key map."#)
        page.raw(#".\" Do not edit: change the commands, then run `make manual`."#)
        page.raw(".TH NEWSREADER 1 \"\" \"newsreader \(Roff.escape(Newsreader.version))\" \"User Commands\"")
        // No hyphenation and a ragged right margin: paths, options and URLs stay whole.
        page.raw(".nh")
        page.raw(".ad l")

        page.section("NAME")
        page.raw(Roff.line("newsreader \\- " + Roff.escape(lowercasedFirst(root.abstract ?? "").trimmingCharacters(in: ["."]))))

        page.section("SYNOPSIS")
        let store = Roff.bold("--store") + " " + Roff.italic("path")
        page.raw(Roff.bold("newsreader") + " [" + store + "]")
        page.raw(".br")
        page.raw(Roff.bold("newsreader") + " [" + store + "] " + Roff.italic("command") + " [" + Roff.italic("options") + "] ["
            + Roff.italic("arguments") + "]")
        page.raw(".br")
        page.raw(Roff.bold("newsreader") + " " + Roff.bold("--help") + " | " + Roff.bold("--version"))

        page.section("DESCRIPTION")
        for paragraph in description { page.paragraph(paragraph) }

        page.section("OPTIONS")
        page.text("Every command takes these.")
        for argument in root.visibleArguments { page.option(argument) }

        page.section("COMMANDS")
        for (names, command) in leaves(of: root) {
            page.raw(".SS")
            page.raw(command.synopsis(names: ["newsreader"] + names, common: root,
                                      literal: Roff.bold, placeholder: Roff.italic))
            page.text(command.abstract ?? "")
            for block in HelpText.blocks(command.discussion ?? "") {
                if case let .table(rows) = block, rows.map(\.term) == SearchSyntax.table.map(\.syntax) {
                    page.paragraph("The query syntax is under SEARCH SYNTAX below.")
                } else {
                    page.block(block)
                }
            }
            // Its arguments, then its options (those every command takes are under OPTIONS).
            let common = Set(root.visibleArguments.flatMap(\.spellings))
            for argument in command.visibleArguments where argument.kind == .positional && !(argument.abstract ?? "").isEmpty {
                page.option(argument)
            }
            for argument in command.visibleArguments where argument.kind != .positional && common.isDisjoint(with: argument.spellings) {
                page.option(argument)
            }
        }

        page.section("SEARCH SYNTAX")
        page.text("What search, export --query and the reader's / read:")
        page.block(.table(SearchSyntax.table.map { HelpText.Row(term: $0.syntax, meaning: $0.meaning) }))
        page.paragraph("Every word must match: as a whole word, the start of one (upphandl finds upphandling) or, "
            + "from three letters on, inside a compound (rapport finds upphandlingsrapport). Case does not matter in any "
            + "script; å, ä and ö are letters of their own (har is not här). Whole-word and prefix hits rank above "
            + "compound hits, titles above bodies, then newer posts first.")
        page.paragraph(SearchSyntax.forgiving)

        page.section("KEYS")
        page.text("In the reader. The [keys] table of the config file binds a key, written as below (j, C-d, "
            + "PageDown, F5, Space), to a command by the name before the colon, or unbinds it with \"none\". "
            + "? in the reader shows the keys as they are bound.")
        let keys = KeyMap.reference(.defaults, .english, keyName: KeyName.name)
        page.raw(".TP \(tagWidth(keys.map { $0.keys.joined(separator: ", ") }))")
        for (index, entry) in keys.enumerated() {
            if index > 0 { page.raw(".TP") }
            page.raw(Roff.line(entry.keys.map(Roff.bold).joined(separator: ", ")))
            let meaning = Roff.escape(sentence(entry.meaning))
            page.raw(Roff.line(entry.command.map { Roff.italic($0.rawValue) + ": " + lowercasedFirst(meaning) } ?? meaning))
        }

        page.section("FILES")
        page.definitions(files)
        page.section("ENVIRONMENT")
        page.definitions(environment)
        page.section("EXIT STATUS")
        page.definitions(exitStatuses)

        let examples = HelpText.blocks(root.discussion ?? "").drop { $0 != .paragraph("Examples:") }.dropFirst()
        if !examples.isEmpty {
            page.section("EXAMPLES")
            for block in examples { page.block(block) }
        }
        // Fallbacks for terminals without the letters (LANG=C): å as a, not a warning.
        let afterHeader = (page.lines.firstIndex(of: ".ad l") ?? 0) + 1
        page.lines.insert(contentsOf: Roff.asciiFallbacks(for: page.lines), at: afterHeader)
        return page.lines.joined(separator: "\n") + "\n"
    }

    // MARK: - What only the manual says

    static let description = [
        "newsreader keeps the posts of RSS, Atom and RDF feeds in a local archive, an SQLite file called the store, "
            + "and reads it in the terminal. A new store at the default place starts with a bundled Swedish sample.",
        "With no command it opens the reader: the archive (all posts, then one row per month with its post count), "
            + "the list of the chosen month, view or search (date, title, feed; N marks unread posts, * starred ones) "
            + "and the article, wrapped to the width, with its links numbered. / searches as you type; n and N step "
            + "through the matches in an article. The interface is Swedish when the locale is, English otherwise.",
        "The commands work on the same store for scripts and pipes: they print plain text, or JSON with --json; "
            + "a problem is one line on standard error, and the exit status says what happened (EXIT STATUS).",
    ]

    static let files: [(String, String)] = [
        ("$XDG_DATA_HOME/newsreader/store.sqlite",
         "The store (~/.local/share/newsreader/store.sqlite when XDG_DATA_HOME is unset); --store or "
            + "NEWSREADER_STORE name another, which starts empty. A file that is not a newsreader store is refused "
            + "and left untouched."),
        ("STORE.before-upgrade.sqlite",
         "A copy of an older store, written beside it before it is upgraded. A store from a newer newsreader is refused."),
        ("$XDG_CONFIG_HOME/newsreader/config.toml",
         "Settings, key bindings and colours (~/.config/newsreader/config.toml when XDG_CONFIG_HOME is unset), and "
            + "[sync]: the Tiny Tiny RSS server to sync with (service, url, user, password-command). "
            + "show-feed-column = \"auto\" (the default) shows the list's feed column only when the visible posts "
            + "come from more than one feed; true or false always or never. "
            + "refresh-interval = \"30m\" (\"45s\", \"2h\"; \"off\" by default) refreshes every subscribed feed that "
            + "often while the reader runs, quietly; refresh-on-start = true refreshes once at start. "
            + "newsreader config --print-default prints every option with comments; newsreader config checks the file."),
    ]

    static let environment: [(String, String)] = [
        ("NEWSREADER_STORE", "The store, when --store is not given."),
        ("NEWSREADER_SYNC_PASSWORD", "The sync server's password, before [sync]'s password-command. It is never stored or shown."),
        ("XDG_DATA_HOME, XDG_CONFIG_HOME, HOME", "Where the store and the config file are (see FILES)."),
        ("LC_ALL, LC_MESSAGES, LANG",
         "The first one set chooses the reader's language: Swedish for sv (sv_SE.UTF-8, sv_FI), English otherwise. "
            + "When the locale is not UTF-8 the reader uses C.UTF-8. The commands' output is English."),
        ("BROWSER", "The program that opens links (o, 1-9), when the config file names no browser; else xdg-open. "
            + "Only http, https and mailto links are opened, never through a shell."),
        ("NO_COLOR", "Any value: no colours (reverse video marks the selection)."),
        ("TERM", "The terminal: xterm-256color, screen-256color, tmux-256color, linux and vt100 are tested."),
    ]

    static let exitStatuses: [(String, String)] = [
        ("0", "Success, also for a search that matches nothing."),
        ("1", "A failure at run time: the store cannot be opened or written, a feed or file cannot be read or "
            + "fetched, a post or feed is not there, the config file has problems."),
        ("2", "A usage error: an unknown command or option, a missing argument, a bad value (--limit -1, "
            + "--month 2021-13, month:2021-13 in a query). The message names it; the line under it shows the usage."),
        ("128+N", "The reader ended by signal N (130 for Ctrl-C, 143 for SIGTERM), after restoring the terminal."),
    ]

    // MARK: - Helpers

    /// Every command that runs something, with its words: `opml import`; hidden ones left out.
    static func leaves(of command: CommandInfo, names: [String] = []) -> [([String], CommandInfo)] {
        command.visibleSubcommands.flatMap { subcommand -> [([String], CommandInfo)] in
            let path = names + [subcommand.commandName]
            return subcommand.visibleSubcommands.isEmpty ? [(path, subcommand)] : leaves(of: subcommand, names: path)
        }
    }

    /// `move down` → `Move down.`
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalized = first.uppercased() + text.dropFirst()
        return capitalized.hasSuffix(".") ? capitalized : capitalized + "."
    }

    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// A tag column as wide as the widest tag up to a limit (wider ones get a line of their own).
    static func tagWidth(_ tags: [String]) -> Int {
        min(30, (tags.map(\.count).max() ?? 4) + 2)
    }
}

/// The lines of the page; no line is ever empty (groff's mdoc and mandoc
/// warn about those, and a blank line means nothing in man(7)).
private struct Page {
    var lines: [String] = []
    /// After a tagged list, text needs a new paragraph to return to the margin.
    var inList = false

    mutating func raw(_ line: String) { lines.append(line) }

    mutating func section(_ title: String) {
        raw(".SH \(title)")
        inList = false
        introducesBlock = false
    }

    /// Text continuing the current paragraph (or starting the section's first).
    mutating func text(_ text: String) {
        if inList { raw(".PP") }
        inList = false
        raw(Roff.prose(text))
        introducesBlock = false
    }

    mutating func paragraph(_ text: String) {
        raw(".PP")
        inList = false
        raw(Roff.prose(text))
        introducesBlock = text.hasSuffix(":")
    }

    /// The last paragraph ends with a colon ("Examples:"): the lines under it follow without a gap.
    var introducesBlock = false

    mutating func block(_ block: HelpText.Block) {
        switch block {
        case let .paragraph(text):
            paragraph(text)
        case let .table(rows):
            // Rows without space between them, as the help text sets them.
            if !introducesBlock { raw(".PP") }
            raw(".PD 0")
            raw(".TP \(ManualPage.tagWidth(rows.map(\.term)))")
            for (index, row) in rows.enumerated() {
                if index > 0 { raw(".TP") }
                raw(Roff.line(Roff.bold(row.term)))
                raw(Roff.prose(row.meaning))
            }
            raw(".PD")
            inList = true
            introducesBlock = false
        case let .literal(lines):
            if !introducesBlock { raw(".PP") }
            raw(".RS 4")
            raw(".nf")
            for line in lines { raw(Roff.line(Roff.escape(line), keepingSpaces: true)) }
            raw(".fi")
            raw(".RE")
            inList = false
            introducesBlock = false
        }
    }

    mutating func definitions(_ items: [(String, String)]) {
        introducesBlock = false
        for (term, meaning) in items {
            raw(".TP")
            raw(Roff.line(Roff.bold(term)))
            raw(Roff.prose(meaning))
        }
        inList = true
    }

    /// `--month YYYY-MM` (or an argument, `id`) and what it does, its values and default too.
    mutating func option(_ argument: CommandInfo.ArgumentInfo) {
        introducesBlock = false
        raw(".TP")
        // `-y, --yes`: the short name first.
        let spellings = argument.spellings.filter { !$0.hasPrefix("--") } + argument.spellings.filter { $0.hasPrefix("--") }
        var tag = spellings.map(Roff.bold).joined(separator: ", ")
        switch argument.kind {
        case .option: tag += " " + Roff.italic(argument.valueName ?? "value")
        case .positional: tag = Roff.italic(argument.valueName ?? "value") + (argument.isRepeating ? " ..." : "")
        case .flag: break
        }
        raw(Roff.line(tag))
        var meaning = argument.abstract ?? ""
        if let values = argument.allValues, !values.isEmpty {
            meaning += " One of: " + values.joined(separator: ", ") + "."
        }
        if let value = argument.defaultValue, argument.kind == .option {
            meaning += " Default: \(value)."
        }
        raw(Roff.prose(meaning))
        inList = true
    }
}

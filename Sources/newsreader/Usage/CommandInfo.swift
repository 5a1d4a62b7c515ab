import ArgumentParser
import Foundation

/// The command definitions as swift-argument-parser describes them (its
/// `--experimental-dump-help` JSON): names, help texts, options and whether
/// each is shown. The manual page and the reading of dash-led arguments
/// both come from here, so they follow the commands by themselves.
struct CommandInfo: Decodable {
    var commandName: String
    var abstract: String?
    var discussion: String?
    var shouldDisplay: Bool
    var subcommands: [CommandInfo]?
    var arguments: [ArgumentInfo]?

    struct ArgumentInfo: Decodable {
        enum Kind: String, Decodable { case positional, option, flag }
        struct Name: Decodable {
            var kind: String
            var name: String
            /// As typed: `--json`, `-h`.
            var spelling: String { kind == "short" || kind == "longWithSingleDash" ? "-" + name : "--" + name }
        }

        var kind: Kind
        var shouldDisplay: Bool
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        var valueName: String?
        var defaultValue: String?
        var allValues: [String]?
        var abstract: String?
        var discussion: String?

        var spellings: [String] { (names ?? []).map(\.spelling) }
        /// The long spelling when there is one: `--yes` rather than `-y`.
        var preferredSpelling: String { spellings.first { $0.hasPrefix("--") } ?? spellings.first ?? "" }
    }

    /// The root command and everything under it.
    static func root<Root: ParsableCommand>(_ command: Root.Type) -> CommandInfo {
        do {
            return try JSONDecoder().decode(Dump.self, from: Data(command._dumpHelp().utf8)).command
        } catch {
            // The JSON is the library's own, for our own definitions: a failure is a bug here.
            fatalError("cannot read the command definitions: \(error)")
        }
    }

    private struct Dump: Decodable { var command: CommandInfo }

    var visibleSubcommands: [CommandInfo] { (subcommands ?? []).filter(\.shouldDisplay) }
    var visibleArguments: [ArgumentInfo] { (arguments ?? []).filter(\.shouldDisplay) }

    func subcommand(named name: String) -> CommandInfo? {
        subcommands?.first { $0.commandName == name }
    }

    /// The option or flag spelled `spelling` (`--limit`, `--limit=5`, `-y`).
    func option(_ spelling: String) -> ArgumentInfo? {
        let name = spelling.prefix { $0 != "=" }
        return arguments?.first { $0.kind != .positional && $0.spellings.contains(String(name)) }
    }
}

extension CommandInfo {
    /// `list [--month YYYY-MM] [--limit limit] [--json]`: the command's words,
    /// then its options and arguments, except those every command has (the
    /// root's `--store`, `--help`, `--version`). `literal` and `placeholder`
    /// style the parts (bold and italic in the manual).
    func synopsis(names: [String], common: CommandInfo, literal: (String) -> String,
                  placeholder: (String) -> String) -> String {
        let commonSpellings = Set((common.arguments ?? []).flatMap(\.spellings))
        var parts = names.map(literal)
        if !visibleSubcommands.isEmpty { parts.append(placeholder("command")) }
        // Options first, then the positional arguments, each in the order of their definition.
        let arguments = visibleArguments.filter { $0.kind != .positional } + visibleArguments.filter { $0.kind == .positional }
        for argument in arguments where commonSpellings.isDisjoint(with: argument.spellings) {
            var part: String
            switch argument.kind {
            case .flag:
                part = literal(argument.preferredSpelling)
            case .option:
                part = literal(argument.preferredSpelling) + " " + placeholder(argument.valueDescription)
            case .positional:
                part = placeholder(argument.valueName ?? "value")
            }
            if argument.isRepeating { part += " ..." }
            parts.append(argument.isOptional ? "[\(part)]" : part)
        }
        return parts.joined(separator: " ")
    }
}

extension CommandInfo.ArgumentInfo {
    /// `relevance|date` for an option with a fixed set of values, else its value name.
    var valueDescription: String {
        if let values = allValues, !values.isEmpty { return values.joined(separator: "|") }
        return valueName ?? "value"
    }
}

/// Values that start with `-`: a search for `-hållbar` (leave out a word),
/// a post id such as `-1`, a feed whose title starts with a dash.
///
/// swift-argument-parser reads any word that starts with `-` as options
/// (`-hållbar` as `-h`, so it printed the help). Here each word is looked up
/// in the chosen command's definition: a known option or flag (with its
/// value) stays; another word with a single dash, where the command takes
/// positional arguments, is a value and moves behind `--`, in order with the
/// other values. Unknown `--long` words stay, so a misspelt option is still
/// reported as one.
enum DashArguments {
    /// Whether `arguments` may hold such a value: the definitions are only read then.
    static func mayNeedMoving(_ arguments: [String]) -> Bool {
        arguments.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0 != "-" && $0 != "-h" }
    }

    static func prepared(_ arguments: [String], root: CommandInfo) -> [String] {
        var head: [String] = [], values: [String] = []
        var command = root
        var moved = false
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" {
                values += arguments[index...]
                break
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                if values.isEmpty, let subcommand = command.subcommand(named: word) {
                    command = subcommand
                    head.append(word)
                } else {
                    values.append(word)
                }
                continue
            }
            if let option = command.option(word) {
                head.append(word)
                if option.kind == .option, !word.contains("="), index < arguments.count {
                    head.append(arguments[index])
                    index += 1
                }
            } else if !word.hasPrefix("--"), !isFlagCluster(word, of: command), takesValues(command) {
                values.append(word)
                moved = true
            } else {
                head.append(word)
            }
        }
        return moved ? head + ["--"] + values : arguments
    }

    /// The subcommands `arguments` name, from the root on: `newsreader opml import`.
    static func commandPath(_ arguments: [String], root: CommandInfo) -> [CommandInfo] {
        var path = [root]
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" { break }
            if word.hasPrefix("-") {
                // Skip an option's value.
                if let option = path.last!.option(word), option.kind == .option, !word.contains("=") { index += 1 }
                continue
            }
            guard let subcommand = path.last!.subcommand(named: word) else { break }
            path.append(subcommand)
        }
        return path
    }

    /// `-yh`: every letter a flag of `command`.
    static func isFlagCluster(_ word: String, of command: CommandInfo) -> Bool {
        word.dropFirst().allSatisfy { letter in command.option("-\(letter)")?.kind == .flag }
    }

    static func takesValues(_ command: CommandInfo) -> Bool {
        command.arguments?.contains { $0.kind == .positional } == true
    }
}

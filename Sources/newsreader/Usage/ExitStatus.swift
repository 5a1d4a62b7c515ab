import ArgumentParser
import Foundation

/// The exit status of every command: 0 success, 1 a failure at run time (a
/// store that cannot be opened, a feed that cannot be read, a post not
/// found), 2 a usage error (an unknown option, a bad value, a missing
/// argument). A usage error is one line that names the bad value, then one
/// hint line: the command's usage, or the list of commands.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2

    /// Parses `arguments` as `Root`'s command line, runs the command, and exits.
    static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]) -> Never {
        var parsed = arguments
        if DashArguments.mayNeedMoving(arguments) {
            parsed = DashArguments.prepared(arguments, root: CommandInfo.root(root))
        }
        do {
            var command = try root.parseAsRoot(parsed)
            try command.run()
            exit(success)
        } catch {
            exit(report(error, root: root, arguments: arguments))
        }
    }

    /// Prints what `error` means for the user, and returns the exit status.
    static func report<Root: ParsableCommand>(_ error: Error, root: Root.Type, arguments: [String]) -> Int32 {
        let code = root.exitCode(for: error)
        if code == .success {
            // --help, --version, completion scripts.
            let text = root.fullMessage(for: error)
            if !text.isEmpty { print(text) }
            return success
        }
        // Thrown after the command printed its own message.
        if error is ExitCode { return code.rawValue }
        guard code == .validationFailure else {
            Console.error(root.message(for: error))
            return failure
        }
        let info = CommandInfo.root(root)
        let path = DashArguments.commandPath(arguments, root: info)
        let (message, hint) = usageLines(root.message(for: error), path: path)
        Console.error(message)
        FileHandle.standardError.write(Data((hint + "\n").utf8))
        return usage
    }

    /// The parser's message as one line in our style, and the hint under it.
    static func usageLines(_ message: String, path: [CommandInfo]) -> (String, String) {
        var line = String(message.split(separator: "\n").first ?? "")
        let command = path.last!
        let names = path.map(\.commandName)
        if path.count == 1 || !command.visibleSubcommands.isEmpty, line.hasPrefix("Unexpected argument ") {
            // At the top (or under `opml`) a stray word is a command that does not exist.
            line = "unknown command " + line.dropFirst("Unexpected argument ".count)
        }
        // "Missing value for …" reads as the rest of our messages: lower case.
        if let first = line.first, first.isUppercase, line.dropFirst().first?.isLowercase == true {
            line = first.lowercased() + line.dropFirst()
        }
        if !command.visibleSubcommands.isEmpty {
            let commands = command.visibleSubcommands.map(\.commandName).joined(separator: ", ")
            return (line, "commands: \(commands) (see '\(names.joined(separator: " ")) --help')")
        }
        let usage = command.synopsis(names: names, common: path[0], literal: { $0 }, placeholder: { "<\($0)>" })
        return (line, "usage: \(usage)")
    }
}

import ArgumentParser
import Foundation
import NewsConfig

/// `newsreader config`: the config file's path, a check of it, or the default.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show, check or print the configuration file.",
        discussion: """
            The file is $XDG_CONFIG_HOME/newsreader/config.toml (~/.config/newsreader/config.toml).
            With no option, prints its path and checks it: each problem is printed with the
            file, line and key, and the exit status is 1 when there are any.

            Examples:
              newsreader config --print-default > ~/.config/newsreader/config.toml
              newsreader config                 check the file
            """
    )

    @Flag(name: .long, help: "Print a fully commented default configuration.")
    var printDefault = false

    mutating func run() throws {
        if printDefault {
            print(DefaultConfig.text, terminator: "")
            return
        }
        guard let path = ConfigFile.defaultPath(environment: ProcessInfo.processInfo.environment) else {
            Console.error("no config path: set $XDG_CONFIG_HOME or $HOME")
            throw ExitCode(1)
        }
        print(path)
        guard FileManager.default.fileExists(atPath: path) else {
            print("(no file: the defaults apply)")
            return
        }
        let (_, problems) = ConfigFile.load(path: path)
        for problem in problems { Console.error("\(problem)") }
        if !problems.isEmpty { throw ExitCode(1) }
        print("ok")
    }
}

import Foundation
import NewsCore
import NewsModel

/// The `[sync]` table of the config file: which server, which account, and
/// how to get the password. The password itself is never kept here, nor
/// written anywhere: it is asked for when a sync logs in.
public struct SyncSettings: Hashable, Sendable {
    /// A service name `SyncServices` knows (`ttrss`).
    public var service: String
    /// The server's base URL (the web interface's address).
    public var url: String
    public var user: String
    /// A program and its arguments (no shell) whose first line of output is the password.
    public var passwordCommand: [String]?

    /// Where the password comes from when `password-command` is not used.
    public static let passwordVariable = "NEWSREADER_SYNC_PASSWORD"

    public init(service: String, url: String, user: String, passwordCommand: [String]? = nil) {
        self.service = service
        self.url = url
        self.user = user
        self.passwordCommand = passwordCommand
    }

    /// The server and account a store is bound to: a store holds one account's articles.
    public var identity: String { "\(service) \(user) \((try? HTTPURL(url))?.description ?? url)" }

    /// The server's address without a trailing slash, for messages.
    public var displayURL: String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The password: `$NEWSREADER_SYNC_PASSWORD` when set, else the first line
    /// `password-command` prints. Neither the output nor the password ever
    /// appears in a message.
    public func password(environment: [String: String]) throws -> String {
        if let password = environment[Self.passwordVariable], !password.isEmpty {
            return password
        }
        guard let command = passwordCommand, let program = command.first else {
            throw SyncError.noPassword
        }
        return try PasswordCommand.run(command, program: program)
    }
}

/// Runs `password-command` without a shell: its standard input and error
/// stay the terminal's (a pinentry or a passphrase prompt works), its
/// standard output is read, and only the first line is kept.
enum PasswordCommand {
    static func run(_ argv: [String], program: String) throws -> String {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw SyncError.passwordCommand("cannot make a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, arguments, environ)
        close(pipe[1])
        defer { close(pipe[0]) }
        guard spawned == 0 else {
            throw SyncError.passwordCommand("cannot run '\(TerminalSafe.clean(program))': \(String(cString: strerror(spawned)))")
        }
        // Read everything (a program blocked on a full pipe would never exit), keep the first line.
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipe[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            if output.count < 1 << 16 { output += buffer[0..<count] }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited, code == 0 else {
            throw SyncError.passwordCommand(exited ? "'\(TerminalSafe.clean(program))' exited with status \(code)"
                                                   : "'\(TerminalSafe.clean(program))' was killed by signal \(status & 0x7F)")
        }
        let firstLine = output.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        var password = String(decoding: firstLine, as: UTF8.self)
        if password.hasSuffix("\r") { password.removeLast() }
        guard !password.isEmpty else {
            throw SyncError.passwordCommand("'\(TerminalSafe.clean(program))' printed no password")
        }
        return password
    }
}

/// Splits a command line into words as a shell would, without running one:
/// spaces separate words, '…' and "…" quote, a backslash escapes the next
/// character. Nil when a quote is left open.
public enum CommandWords {
    public static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                word.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            case _ where character.isWhitespace:
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(word) }
        return words
    }
}

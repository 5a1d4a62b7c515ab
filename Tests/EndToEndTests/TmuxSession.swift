import Foundation
import XCTest

/// The built `newsreader` running in a detached tmux session of its own
/// (own server socket), driven with `send-keys` and read with `capture-pane`.
/// The shell script around the reader records the tty modes before it
/// starts, and its exit status and the tty modes after it exits, so tests
/// can check the terminal was restored.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name = "newsreader-e2e-\(UUID().uuidString.prefix(8))"
    let directory: URL
    /// The server's socket lives in the session's directory, so nothing is left behind.
    var socket: String { directory.appendingPathComponent("tmux.sock").path }
    let tmux: String
    private(set) var shellCommand = ""
    private(set) var recordExitCommand = ""
    private(set) var recordStartCommand = ""
    /// The interactive shell's prompt (`shell` sessions).
    static let prompt = "shell-prompt$"
    /// What `sh -c` prints after the reader when `throughShellC` (then its status).
    static let shellCWentOn = "sh -c went on after"

    /// Starts the reader at `columns`x`rows` with the given environment.
    /// Without a `--store` argument it uses the default store under the
    /// session's own XDG_DATA_HOME: a new one, seeded with the Swedish sample.
    /// With `shell`, the pane runs an interactive bash (job control, as a user
    /// has) instead, and `startInShell()` starts the reader there as a job.
    /// With `throughShellC`, the reader runs as the child of
    /// `sh -c 'newsreader …; echo "sh -c went on after $?"'`, as a wrapper script would run it.
    init(columns: Int = 80, rows: Int = 24, term: String = "xterm-256color", lang: String = "C.UTF-8",
         environment: [String: String] = [:], arguments: [String] = [], shell: Bool = false,
         throughShellC: Bool = false) throws {
        guard let tmux = Self.findExecutable("tmux") else {
            throw Failure(description: "tmux is required for the end-to-end tests of the terminal reader; install it (apt-get install tmux)")
        }
        self.tmux = tmux
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = try NewsreaderBinary.url()
        var env = ["TERM": term, "LANG": lang, "XDG_DATA_HOME": directory.path, "HOME": directory.path,
                   "PATH": "/usr/bin:/bin", "PS1": Self.prompt + " "]
        env.merge(environment) { $1 }
        var reader = "\(Self.quote(binary.path)) \(arguments.map(Self.quote).joined(separator: " "))"
        if throughShellC { reader = "sh -c \(Self.quote(reader + "; echo \"\(Self.shellCWentOn) $?\""))" }
        // In a shell, the reader (or its `sh -c`) alone is the job, as when a
        // user starts it; `recordExitCommand`, typed once it has ended,
        // records its status and the tty modes.
        shellCommand = reader
        recordStartCommand = "stty -a > \(Self.quote(directory.appendingPathComponent("stty-before.txt").path))"
        recordExitCommand = "echo \"newsreader exited with status $?\" > \(Self.quote(directory.appendingPathComponent("status.txt").path)); "
            + "stty -a > \(Self.quote(directory.appendingPathComponent("stty.txt").path))"
        let script = shell ? "#!/bin/sh\nexec bash --norc --noprofile -i\n" : """
            #!/bin/sh
            # Ctrl-C and Ctrl-\\ reach the whole foreground group: the script must outlive them.
            trap : INT QUIT
            # Crash tests kill the reader with SIGSEGV or SIGABRT: no core file in the working folder.
            ulimit -c 0
            \(recordStartCommand)
            \(reader)
            echo "newsreader exited with status $?"
            stty -a > \(Self.quote(directory.appendingPathComponent("stty.txt").path))
            exec sleep 600
            """
        let scriptURL = directory.appendingPathComponent("run.sh")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let command = "env -i " + env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }
            .joined(separator: " ") + " sh " + Self.quote(scriptURL.path)
        // The server this starts keeps inherited descriptors open: give it no pipe to hold.
        try run(["-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", command], capture: false)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the tmux server of this session (and everything in it).
    func kill() {
        _ = try? run(["kill-server"], allowFailure: true)
    }

    /// tmux key names (`Enter`, `Escape`, `C-c`, `j`), one per argument.
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", "0"] + keys)
    }

    /// Text typed literally, character by character.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "0", "-l", text])
    }

    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", "0", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The visible screen as text; with `escapes`, with its colours and attributes as SGR sequences.
    func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", "0"] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `condition` holds (at most `timeout` seconds);
    /// fails with the last screen otherwise.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(what); the screen was:\n\(screen)", file: file, line: line)
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(screen)")
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// The pid of the reader, if it runs: the `newsreader` of the pane's
    /// session (the pane's process leads it), however deep below the shell.
    func readerPID() throws -> Int32? {
        let leader = try run(["display-message", "-p", "-t", "0", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let readers = try Self.output(of: "/usr/bin/pgrep", ["-s", leader, "-x", "newsreader"], allowFailure: true)
        return readers.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// A `shell` session: records the tty modes, then starts the reader as a job of the shell.
    func startInShell() throws {
        for line in [recordStartCommand, shellCommand] {
            try type(line)
            try send("Enter")
        }
    }

    /// A `shell` session, once the reader ended: records `$?` and the tty modes.
    func recordExitInShell() throws {
        try type(recordExitCommand)
        try send("Enter")
    }

    /// The `stty -a` output saved after the reader exited, once it exists.
    func sttyAfterExit(timeout: TimeInterval = 10) throws -> String {
        try savedText("stty.txt", timeout: timeout, missing: "the reader did not exit (no stty output after \(timeout) s)")
    }

    /// The `stty -a` output saved before the reader started.
    func sttyBeforeStart(timeout: TimeInterval = 10) throws -> String {
        try savedText("stty-before.txt", timeout: timeout, missing: "no stty output from before the reader started")
    }

    /// `$?` of the reader as `recordExitInShell()` saved it.
    func statusInShell(timeout: TimeInterval = 10) throws -> String {
        try savedText("status.txt", timeout: timeout, missing: "no status saved").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A file of the session's directory once it is written, polled until `timeout`.
    private func savedText(_ name: String, timeout: TimeInterval, missing: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") { return text }
            usleep(50_000)
        }
        throw Failure(description: missing)
    }

    // MARK: - Processes

    @discardableResult
    func run(_ arguments: [String], allowFailure: Bool = false, capture: Bool = true) throws -> String {
        try Self.output(of: tmux, ["-S", socket] + arguments, allowFailure: allowFailure, capture: capture)
    }

    /// Runs a program and waits for it, with posix_spawn and waitpid: tmux's
    /// client forks the server, and Foundation's Process was seen to wait for
    /// ever on it. Output goes through a file, so no pipe is held open.
    static func output(of executable: String, _ arguments: [String], allowFailure: Bool = false,
                       capture: Bool = true) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsreader-e2e-out-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // No signal blocked or ignored, as in a user's terminal: test threads
        // block signals, and a tmux server started from one passed that mask
        // on to its panes (SIGTERM then never reached the reader).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, &attributes, argv, environ) == 0 else {
            throw Failure(description: "cannot run \(executable)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        if exitStatus != 0 && !allowFailure {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed with status \(exitStatus)")
        }
        return capture ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/bin"])
            .map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension String {
    /// `stty -a` flags as words (`icanon`, `-icanon`, …).
    var sttyFlags: Set<String> {
        Set(split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Glibc's module map leaves the pseudo-terminal calls out (they need _XOPEN_SOURCE).
@_silgen_name("posix_openpt") private func posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func grantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func unlockpt(_ fd: Int32) -> Int32
@_silgen_name("ptsname") private func ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>?

/// Runs the reader on a pseudo-terminal of its own until it exits. (Its
/// peak memory is read in tmux instead: a spawned child's `ru_maxrss` counts
/// the parent's resident set at the moment of exec, which is the whole
/// benchmark's right after it built the store.)
struct PseudoTerminalRun {
    /// The reader's CPU time, user and system, from start to exit.
    let cpuMilliseconds: Double

    init(binary: String, arguments: [String], environment: [String: String]) throws {
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let slaveName = ptsname(master) else {
            throw BenchError("cannot open a pseudo-terminal")
        }
        defer { close(master) }
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        let slave = open(slaveName, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw BenchError("cannot open \(String(cString: slaveName))") }
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        defer { close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        var env = ["TERM=xterm-256color", "LANG=C.UTF-8", "HOME=/tmp", "PATH=/usr/bin:/bin"]
        env += environment.map { "\($0.key)=\($0.value)" }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, envp) == 0 else {
            throw BenchError("cannot start \(binary)")
        }
        // Drain the screen output so the reader never blocks on a full pty.
        let drain = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while read(master, &buffer, buffer.count) > 0 {}
        }
        drain.start()
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw BenchError("lost \(binary)") }
        cpuMilliseconds = usage.cpuSeconds * 1_000
    }
}

/// A reader session in tmux driven by keys, to read its peak memory: once
/// the first screen is drawn, and over the whole session (browsing, paging,
/// reading, searching, then a refresh).
enum TmuxSession {
    static func peakMemory(binary: String, store: String) throws -> (firstScreen: Double, session: Double)? {
        let socket = "newsreader-bench-\(getpid())"
        func tmux(_ arguments: String...) -> String { run(arguments) }
        // posix_spawn and waitpid: Foundation's Process can wait forever on a
        // tmux client whose server inherited its descriptors.
        func run(_ arguments: [String]) -> String {
            let output = NSTemporaryDirectory() + "newsreader-bench-tmux-\(getpid()).out"
            let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let command = quoted.joined(separator: " ") + " >'\(output)' 2>/dev/null </dev/null"
            let words: [String] = ["/bin/sh", "-c", command]
            let argv = words.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { return "" }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            defer { unlink(output) }
            return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        }
        defer { _ = tmux("kill-server") }
        _ = tmux("new-session", "-d", "-x", "120", "-y", "40",
                 "exec env TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --store '\(store)'")
        let pid = Int32(tmux("display-message", "-p", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines))
        guard let pid, pid > 0 else {
            FileHandle.standardError.write(Data("newsreader-bench: no reader process in tmux; session memory skipped\n".utf8))
            return nil
        }
        // VmHWM is the process's peak so far; read it while the reader still runs.
        // /proc files report a size of 0: read them to the end rather than by size.
        func peak() -> Double? {
            guard let file = FileHandle(forReadingAtPath: "/proc/\(pid)/status") else { return nil }
            let status = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
            try? file.close()
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Double($0) }
        }
        // The first screen is drawn when its status line shows the key hints.
        for _ in 0..<100 where !tmux("capture-pane", "-p").contains("q:quit") {
            usleep(20_000)
        }
        guard let firstScreen = peak() else { return nil }
        let steps: [[String]] = [["a"], ["j", "j", "j", "Enter"], ["NPage", "NPage", "NPage"], ["Enter"], ["q"],
                                 ["G"], ["Enter"], ["q"], ["/"], ["h", "å", "l", "l", "b", "a", "r", "Enter"],
                                 ["Enter"], ["q"], ["Escape"], ["/"], ["z", "i", "r", "k", "Enter"]]
        var session = firstScreen
        for keys in steps {
            _ = run(["send-keys"] + keys)
            usleep(150_000)
            guard let now = peak() else { break }
            session = now
        }
        // Last, a refresh of every feed (in a child process), until its summary shows.
        _ = tmux("send-keys", "Escape", "R")
        for _ in 0..<250 where !tmux("capture-pane", "-p").contains("Refresh:") {
            usleep(20_000)
        }
        if let now = peak() { session = now }
        _ = tmux("send-keys", "Q")
        return (firstScreen / 1024, session / 1024)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import Testing

/// Signals and job control on the real reader in tmux, run from a script
/// (no job control) and from an interactive bash, directly and as the child
/// of `sh -c`; `.ci/run` runs them on the release binary too. Each ends
/// with the terminal's modes (`stty -a`) exactly as they were before.
@Suite(.serialized) struct SignalTests {
    /// The ways a signal reaches the reader: a key typed in the pane, or `kill` of its pid.
    enum Delivery: CustomStringConvertible {
        case key(String)
        case kill(Int32)

        var description: String {
            switch self {
            case let .key(name): return name
            case let .kill(signal): return "kill -\(signal)"
            }
        }

        func deliver(to session: TmuxSession, pid: Int32) throws {
            switch self {
            case let .key(name): try session.send(name)
            case let .kill(signal): #expect(Glibc.kill(pid, signal) == 0, "kill -\(signal) \(pid)")
            }
        }
    }

    static let endings: [(Delivery, signal: Int32)] = [(.key("C-c"), SIGINT), (.kill(SIGTERM), SIGTERM), (.kill(SIGHUP), SIGHUP)]

    /// The last line with text on the screen.
    static func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// The reader's screen gone and the shell's prompt on the last line: the
    /// shell's own screen, not a prompt lost behind the reader's.
    @discardableResult
    static func waitForPrompt(_ session: TmuxSession, _ what: String) throws -> String {
        try session.waitFor("the shell's prompt \(what)") { !$0.contains("All posts") && lastLine($0) == TmuxSession.prompt }
    }

    /// Starts the reader from the session's interactive bash and waits for its first screen.
    static func startInShell(_ session: TmuxSession) throws -> Int32 {
        try waitForPrompt(session, "before the reader starts")
        try session.startInShell()
        try session.waitFor(text: "All posts  1/10")
        return try #require(try session.readerPID())
    }

    @Test("Ctrl-C, SIGTERM and SIGHUP end the reader run by a script; the script sees the signal", arguments: [false, true])
    func endingInAScript(throughShellC: Bool) throws {
        for (delivery, signal) in Self.endings {
            let session = try TmuxSession(throughShellC: throughShellC)
            defer { session.kill() }
            try session.waitFor(text: "All posts  1/10")
            let pid = try #require(try session.readerPID())
            try delivery.deliver(to: session, pid: pid)
            #expect(try session.sttyAfterExit() == session.sttyBeforeStart(), "\(delivery)")
            if throughShellC && delivery.isKill {
                // The signal went to the reader alone: its `sh -c` goes on, as with any program.
                try session.waitFor(text: "\(TmuxSession.shellCWentOn) \(128 + signal)")
                try session.waitFor(text: "newsreader exited with status 0")
            } else {
                // Ctrl-C interrupts the whole job, `sh -c` too, as the terminal itself would.
                try session.waitFor(text: "newsreader exited with status \(128 + signal)")
                #expect(!(try session.capture()).contains(TmuxSession.shellCWentOn), "\(delivery)")
            }
            #expect(Glibc.kill(pid, 0) == -1, "the reader still runs after \(delivery)")
        }
    }

    @Test("Ctrl-C, SIGTERM and SIGHUP end the reader run from an interactive shell; the prompt comes back on the shell's screen",
          arguments: [false, true])
    func endingInAShell(throughShellC: Bool) throws {
        for (delivery, signal) in Self.endings {
            let session = try TmuxSession(shell: true, throughShellC: throughShellC)
            defer { session.kill() }
            let pid = try Self.startInShell(session)
            try delivery.deliver(to: session, pid: pid)
            try Self.waitForPrompt(session, "after \(delivery)")
            try session.recordExitInShell()
            let status = throughShellC && delivery.isKill ? 0 : 128 + signal
            #expect(try session.statusInShell() == "newsreader exited with status \(status)", "\(delivery)")
            #expect(try session.sttyAfterExit() == session.sttyBeforeStart(), "\(delivery)")
            // What was typed after the reader ended follows a prompt.
            #expect(try session.capture().contains("\(TmuxSession.prompt) \(session.recordExitCommand.prefix(20))"))
        }
    }

    @Test("Ctrl-Z (and SIGTSTP) stop the reader as a shell job with the terminal restored; fg brings it back redrawn",
          arguments: [false, true])
    func suspendAndResume(throughShellC: Bool) throws {
        let session = try TmuxSession(shell: true, throughShellC: throughShellC)
        defer { session.kill() }
        let pid = try Self.startInShell(session)
        let before = try session.sttyBeforeStart()
        let stoppedModes = session.directory.appendingPathComponent("stty-stopped.txt")
        for (round, delivery) in [Delivery.key("C-z"), .key("C-z"), .kill(SIGTSTP)].enumerated() {
            try delivery.deliver(to: session, pid: pid)
            try session.waitFor("the reader to stop (\(delivery))") { _ in Self.state(of: pid) == "T" }
            let stopped = try Self.waitForPrompt(session, "with the reader stopped (\(delivery))")
            #expect(stopped.contains("Stopped"), "\(stopped)")
            // The shell's terminal modes while the reader is stopped.
            try? FileManager.default.removeItem(at: stoppedModes)
            try session.type("stty -a > \(TmuxSession.quote(stoppedModes.path))")
            try session.send("Enter")
            try session.waitFor("stty while stopped") { _ in
                (try? String(contentsOf: stoppedModes, encoding: .utf8))?.hasSuffix("\n") == true
            }
            #expect(try String(contentsOf: stoppedModes, encoding: .utf8) == before, "\(delivery)")
            try Self.waitForPrompt(session, "after stty")
            try session.type("fg")
            try session.send("Enter")
            // Redrawn where it was, and working.
            try session.waitFor(text: "All posts  \(round + 1)/10")
            try session.send("j")
            try session.waitFor(text: "All posts  \(round + 2)/10")
        }
        try session.send("Q")
        try Self.waitForPrompt(session, "after quitting")
        try session.recordExitInShell()
        #expect(try session.statusInShell() == "newsreader exited with status 0")
        #expect(try session.sttyAfterExit() == before)
        if throughShellC { #expect(try session.capture().contains("\(TmuxSession.shellCWentOn) 0")) }
    }

    @Test("a stopped reader ended with kill %1 ends at once, without taking the terminal back", arguments: [false, true])
    func killStoppedJob(throughShellC: Bool) throws {
        let session = try TmuxSession(shell: true, throughShellC: throughShellC)
        defer { session.kill() }
        let pid = try Self.startInShell(session)
        try session.send("C-z")
        try Self.waitForPrompt(session, "with the reader stopped")
        try session.type("kill %1")
        try session.send("Enter")
        try session.waitFor("the reader to be gone") { _ in Glibc.kill(pid, 0) == -1 }
        // bash reports a job's end before its next prompt.
        try session.send("Enter")
        try session.waitFor("the shell to report the job terminated") { $0.contains("Terminated") }
        try Self.waitForPrompt(session, "after kill %1")
        try session.recordExitInShell()
        #expect(try session.sttyAfterExit() == session.sttyBeforeStart())
    }

    @Test("Ctrl-Z where no shell can resume the reader (an orphaned job) does not stop it")
    func suspendWithoutJobControl() throws {
        let session = try TmuxSession()
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/10")
        let pid = try #require(try session.readerPID())
        try session.send("j", "C-z", "j")
        try session.waitFor(text: "All posts  3/10")
        #expect(Self.state(of: pid) != "T")
        try session.send("q")
        try session.waitFor(text: "newsreader exited with status 0")
        #expect(try session.sttyAfterExit() == session.sttyBeforeStart())
    }

    @Test("a crash (SIGSEGV, SIGABRT) or Ctrl-\\ (SIGQUIT) still restores the terminal")
    func crashRestoresTheTerminal() throws {
        for (delivery, signal) in [(Delivery.kill(SIGSEGV), SIGSEGV), (.kill(SIGABRT), SIGABRT), (.key("C-\\"), SIGQUIT)] {
            let session = try TmuxSession()
            defer { session.kill() }
            try session.waitFor(text: "All posts  1/10")
            let pid = try #require(try session.readerPID())
            try delivery.deliver(to: session, pid: pid)
            #expect(try session.sttyAfterExit() == session.sttyBeforeStart(), "\(delivery)")
            try session.waitFor(text: "newsreader exited with status \(128 + signal)")
        }
    }

    /// The state letter of /proc/PID/stat (R, S, T, …).
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }
}

extension SignalTests.Delivery {
    var isKill: Bool {
        if case .kill = self { return true }
        return false
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `newsreader`, started with posix_spawn so a test can watch it
/// while it runs (its peak memory, `VmHWM` in /proc: a spawned child's
/// `ru_maxrss` would count the test runner's memory at exec) and read the
/// CPU time it used when it ends (wait4).
final class RunningNewsreader {
    struct Finished {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        var stdout: String
        var stderr: String
        /// User and system CPU seconds.
        var cpuSeconds: Double
        var wallSeconds: Double
    }

    let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private let started = Date()
    private var result: Finished?

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("newsreader-e2e-\(UUID().uuidString)").path
        outputPath = stem + ".out"
        errorPath = stem + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var env = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        let binary = try NewsreaderProcess.binary.path
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // As from a shell: no signal blocked or ignored (the test runner's threads may block some).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&signals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxSession.Failure(description: "cannot start \(binary): \(spawned)") }
        self.pid = pid
    }

    deinit {
        if result == nil {
            kill(pid, SIGKILL)
            _ = wait()
        }
        unlink(outputPath)
        unlink(errorPath)
    }

    /// The process's peak resident set so far, in MB; nil once it has ended.
    var peakMemoryMB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kilobytes / 1024
    }

    func terminate() { kill(pid, SIGTERM) }

    /// Waits for the end, once; later calls return the same.
    @discardableResult
    func wait() -> Finished {
        if let result { return result }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        let finished = Finished(
            status: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
            stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "",
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            wallSeconds: Date().timeIntervalSince(started))
        result = finished
        return finished
    }

    /// Runs `newsreader arguments…` to its end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Finished {
        try RunningNewsreader(arguments, environment: environment).wait()
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass; true when it held.
func waitUntil(timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

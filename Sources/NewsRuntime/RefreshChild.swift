import Foundation
import NewsCore
import NewsUI

/// `R` in a child process: this same binary's `refresh --progress-fd 3` on
/// the reader's store, so the reader itself never loads libcurl and the
/// libraries it brings. The child's progress lines (`RefreshProgress`)
/// become the refresh actions, posted from a thread of their own.
/// `stop()` (when the reader quits) ends the child at once; its store
/// transaction then rolls back whole, as SQLite promises.
///
/// `@unchecked Sendable`: `running` changes under `lock`; the rest is constant.
public final class RefreshChild: @unchecked Sendable {
    let executable: String
    let storePath: String
    private let lock = NSLock()
    /// The running child, until someone reaps it.
    private var running: pid_t?

    public init(executable: String = "/proc/self/exe", storePath: String) {
        self.executable = executable
        self.storePath = storePath
    }

    deinit { stop() }

    /// A `ReaderProgram.RefreshRunner`: starts the child and returns.
    public func run(_ database: AppDatabase, report: @escaping @Sendable (Action) -> Void) {
        let started = start()
        guard case let .success((pid, progress)) = started else {
            if case let .failure(error) = started { report(.refreshFinished(newPosts: 0, failures: [error.description])) }
            return
        }
        lock.withLock { running = pid }
        Thread.detachNewThread { [self] in
            let summary = follow(progress, report: report)
            close(progress)
            let status = reap(pid)
            var failures = summary.failures
            if !summary.finished {
                failures.append("the refresh stopped before it finished (\(Self.describe(status)))")
            }
            report(.refreshFinished(newPosts: summary.newPosts, failures: failures))
        }
    }

    /// Ends a running refresh at once and reaps it.
    public func stop() {
        guard let pid = lock.withLock({ () -> pid_t? in
            defer { running = nil }
            return running
        }) else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Spawns the child with its progress (and its standard error) on
    /// descriptor 3 and nothing on the terminal; returns its pid and the read
    /// end of the progress pipe.
    private func start() -> Result<(pid_t, Int32), SpawnError> {
        // A child that fails outright says why on standard error: that comes through the pipe too.
        ChildProcess.spawn(executable, ["refresh", "--store", storePath, "--progress-fd", "3"], outputOn: [2, 3])
            .mapError { SpawnError(description: "cannot start the refresh: \($0)") }
    }

    private struct Summary {
        var newPosts = 0
        var failures: [String] = []
        var finished = false
    }

    /// Reads progress lines until the child closes its end.
    private func follow(_ descriptor: Int32, report: @Sendable (Action) -> Void) -> Summary {
        var summary = Summary()
        var pending: [UInt8] = []
        ChildProcess.read(descriptor) { piece in
            pending.append(contentsOf: piece)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                switch RefreshProgress(line: Substring(line)) {
                case let .started(total):
                    report(.refreshProgress(done: 0, total: total))
                case let .feed(done, total, newPosts, title, error):
                    summary.newPosts += newPosts
                    if let error { summary.failures.append("\(title): \(error)") }
                    report(.refreshProgress(done: done, total: total))
                case .finished:
                    summary.finished = true
                case nil:
                    if line.hasPrefix("newsreader: ") { summary.failures.append(String(line.dropFirst(12))) }
                }
            }
        }
        return summary
    }

    /// Waits for the child unless `stop()` took it; its wait status, or nil.
    private func reap(_ pid: pid_t) -> Int32? {
        let mine = lock.withLock { () -> Bool in
            guard running == pid else { return false }
            running = nil
            return true
        }
        guard mine else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return nil }
        }
        return status
    }

    private static func describe(_ status: Int32?) -> String {
        guard let status else { return "stopped" }
        let signal = status & 0x7F
        if signal != 0 { return "ended by signal \(signal)" }
        return "exit status \((status >> 8) & 0xFF)"
    }
}

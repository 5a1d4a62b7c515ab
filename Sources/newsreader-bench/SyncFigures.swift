import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sync figures against a Tiny Tiny RSS account (issue 15): the real
/// `newsreader sync` on a fresh store (the first sync: every article of the
/// account), then syncs with nothing new, each as the command a user runs.
/// Each line of `sync --json` says how much of the time went to waiting for
/// the server and how much to writing the store.
///
/// The account is filled once with `scripts/ttrss-fill USER PASSWORD 10000`
/// (articles written into tt-rss's database); the password comes from
/// `NEWSREADER_SYNC_PASSWORD`.
struct SyncFigures {
    var binary: String
    var url: String
    var user: String
    var runs: Int
    var report = Report(suffix: "")

    func measure() throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            FileHandle.standardError.write(Data("newsreader-bench: \(binary) not built; sync figures skipped\n".utf8))
            return
        }
        guard let password = ProcessInfo.processInfo.environment["NEWSREADER_SYNC_PASSWORD"], !password.isEmpty else {
            throw BenchError("the sync figures need the account's password in NEWSREADER_SYNC_PASSWORD")
        }
        let directory = NSTemporaryDirectory() + "newsreader-bench-sync-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory + "/config/newsreader", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            [sync]
            service = "ttrss"
            url = "\(url)"
            user = "\(user)"

            """.write(toFile: directory + "/config/newsreader/config.toml", atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": directory + "/config", "NEWSREADER_SYNC_PASSWORD": password]
        let store = directory + "/store.sqlite"

        let first = try run(["sync", "--json", "--store", store], environment: environment)
        let articles = first.report["new"] as? Int ?? 0
        report("sync_first", first.seconds, "s")
        report("sync_first_articles", Double(articles), "articles")
        report("sync_first_server_wait", first.report["server_seconds"] as? Double ?? 0, "s")
        report("sync_first_store_write", first.report["store_seconds"] as? Double ?? 0, "s")
        report("sync_first_peak_rss", first.peakMegabytes, "MB")

        var samples: [Run] = []
        for _ in 0..<max(1, runs) {
            samples.append(try run(["sync", "--json", "--store", store], environment: environment))
        }
        samples.sort { $0.seconds < $1.seconds }
        let median = samples[samples.count / 2]
        report("sync_nothing_new", median.seconds * 1000, "ms")
        report("sync_nothing_new_server_wait", (median.report["server_seconds"] as? Double ?? 0) * 1000, "ms")
        report("sync_nothing_new_store", (median.report["store_seconds"] as? Double ?? 0) * 1000, "ms")
    }

    struct Run {
        var seconds: Double
        var peakMegabytes: Double
        var report: [String: Any]
    }

    /// Runs the binary to its end, sampling its peak memory (`VmHWM`) as it goes.
    private func run(_ arguments: [String], environment: [String: String]) throws -> Run {
        let output = directory(for: "out")
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let env = (["LANG=C.UTF-8", "HOME=/tmp", "PATH=/usr/bin:/bin"] + environment.map { "\($0.key)=\($0.value)" })
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let started = DispatchTime.now().uptimeNanoseconds
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, envp) == 0 else { throw BenchError("cannot start \(binary)") }
        var peak = 0.0
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kilobytes / 1024)
            }
            usleep(5_000)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let data = FileManager.default.contents(atPath: output) ?? Data()
        guard status == 0, let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("newsreader \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        return Run(seconds: seconds, peakMegabytes: peak, report: report)
    }

    private func directory(for name: String) -> String {
        NSTemporaryDirectory() + "newsreader-bench-sync-\(getpid())-\(name)"
    }
}

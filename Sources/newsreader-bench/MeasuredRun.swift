import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of a program to its end, as a user runs it: its wall time, the
/// CPU time it used, and its peak memory.
///
/// The peak is the child's own `VmHWM`, read from `/proc` while it runs
/// (every 2 ms, and the highest value seen is kept): its `ru_maxrss` would
/// also count this process's resident set at the moment it was started
/// (see PLATFORM-NOTES), and a process that has exited has no `VmHWM` left.
struct MeasuredRun {
    var seconds: Double
    var cpuSeconds: Double
    var peakMB: Double

    /// Runs `binary` with standard input from /dev/null and standard output
    /// to `output` (thrown away unless given); standard error is kept and
    /// shown when the program fails.
    init(_ binary: String, _ arguments: [String], output: String = "/dev/null") throws {
        let errorPath = NSTemporaryDirectory() + "newsreader-bench-\(getpid())-stderr"
        defer { unlink(errorPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else {
            throw BenchError("cannot start \(binary)")
        }
        var peakKB = 0.0
        var status: Int32 = 0
        var usage = rusage()
        while true {
            if let now = Self.highWaterMarkKB(of: pid) { peakKB = max(peakKB, now) }
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw BenchError("lost \(binary)") }
            usleep(2_000)
        }
        seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        cpuSeconds = usage.cpuSeconds
        peakMB = peakKB / 1024
        let exited = (status & 0x7F) == 0
        guard exited && (status >> 8) & 0xFF == 0 else {
            let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw BenchError("\(([binary] + arguments).joined(separator: " ")) failed (status \(status)): \(message)")
        }
    }

    /// `VmHWM` of a running process, in kB; nil once it has exited.
    static func highWaterMarkKB(of pid: pid_t) -> Double? {
        // /proc files report a size of 0: read them to the end rather than by size.
        guard let file = FileHandle(forReadingAtPath: "/proc/\(pid)/status") else { return nil }
        defer { try? file.close() }
        let status = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Double($0) }
    }
}

extension Array where Element == MeasuredRun {
    /// Prints the median time (`name`), CPU time (`name_cpu`) and peak memory (`name_peak_rss`) of these runs.
    func reportMedians(_ name: String, _ report: Report) {
        report(name, median(map(\.seconds)), "s")
        report(name + "_cpu", median(map(\.cpuSeconds)), "s")
        report(name + "_peak_rss", median(map(\.peakMB)), "MB")
    }
}

extension rusage {
    /// CPU time, user and system, in seconds.
    var cpuSeconds: Double {
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(ru_utime) + seconds(ru_stime)
    }
}

import Foundation
import NewsCore
import TestSupport

/// Refreshing feeds that have not changed: `newsreader refresh` (the real
/// binary, process start included) on a store of its own, against the
/// scripted server on 127.0.0.1.
struct RefreshFigures {
    var runs: Int
    var report: Report

    /// 100 feeds on 10 hosts (ten servers), each answering 304 to its validators.
    func unchangedFeeds(binary: String, feeds: Int = 100, hosts: Int = 10) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            FileHandle.standardError.write(Data("newsreader-bench: \(binary) not built; refresh figures skipped\n".utf8))
            return
        }
        let servers = try (0..<hosts).map { _ in try TestHTTPServer() }
        for server in servers { server.fallbackRoute(ConditionalFeed().handler) }
        let directory = NSTemporaryDirectory() + "newsreader-bench-refresh-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/store.sqlite"
        let database = try AppDatabase.open(StoreLocation(path: store, origin: .option))
        for index in 0..<feeds {
            try database.subscribe(url: servers[index % hosts].base + "/feed\(index).xml")
        }
        // The first refresh fetches every feed and keeps their validators; the timed ones get 304s.
        let milliseconds = try medianMilliseconds(runs: runs) { _ in
            let status = try Self.run(binary, ["refresh", "--store", store])
            guard status == 0 else { throw BenchError("newsreader refresh exited with \(status)") }
        }
        let notModified = servers.reduce(0) { total, server in
            total + server.requests.filter { $0.header("If-None-Match") != nil }.count
        }
        guard notModified == feeds * runs else {
            throw BenchError("expected \(feeds * runs) conditional requests, the servers saw \(notModified)")
        }
        report("refresh_unchanged_\(feeds)", milliseconds, "ms")
    }

    /// Runs a program to its end with its output discarded; its exit status.
    static func run(_ binary: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { throw BenchError("cannot start \(binary)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

import Foundation
import NewsCore

/// The generated RSS feed (`BenchmarkFeed`, as many posts as the store)
/// imported with the real `newsreader import` into an empty store; then, in
/// that store, every post marked read and the feed purged, each with the
/// command a user runs (process start included).
struct ImportFigures {
    var binary: String
    var posts: Int
    /// Where the generated feed is kept, and the stores are made.
    var directory: String
    var rebuild: Bool
    var runs: Int
    var report: Report

    func measure() throws {
        let feed = directory + "/feed-\(posts).rss"
        if rebuild || !FileManager.default.fileExists(atPath: feed) {
            let started = Date()
            let size = try BenchmarkFeed.write(count: posts, to: URL(fileURLWithPath: feed))
            report("feed_generate", Date().timeIntervalSince(started), "s")
            report("feed_size", Double(size) / 1_048_576, "MB")
        }
        let scratch = directory + "/scratch-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let store = scratch + "/import.sqlite"
        var imports: [MeasuredRun] = []
        var marks: [MeasuredRun] = []
        var purges: [MeasuredRun] = []
        for _ in 0..<runs {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            imports.append(try MeasuredRun(binary, ["import", feed, "--store", store]))
            // Every post read, then unread again (untimed), a few times.
            for _ in 0..<max(runs, 3) {
                marks.append(try MeasuredRun(binary, ["mark", "--read", "--feed", "1", "--store", store]))
                _ = try MeasuredRun(binary, ["mark", "--unread", "--feed", "1", "--store", store])
            }
            purges.append(try MeasuredRun(binary, ["remove", "1", "--purge", "--yes", "--store", store]))
        }
        imports.reportMedians("import", report)
        report("import_rate", Double(posts) / median(imports.map(\.seconds)), "posts/s")
        marks.reportMedians("mark_feed_read", report)
        purges.reportMedians("purge_feed", report)
    }
}

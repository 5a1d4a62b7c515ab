import ArgumentParser
import Foundation
import NewsCore
import NewsModel

/// Hidden: `newsreader bench-import [--posts N]` generates a deterministic RSS
/// feed, imports it into a fresh store, and prints `name value unit` lines.
struct BenchImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-import",
        abstract: "Benchmark: generate a deterministic RSS feed, import it, print speed and peak memory.",
        shouldDisplay: false)

    @Option(help: "Posts in the generated feed.")
    var posts = 100_000
    @Option(help: "Keep the generated feed at this path (default: a temporary file, deleted).")
    var feed: String?
    @Option(help: "Store to import into (default: a temporary store, deleted).")
    var store: String?
    @Flag(help: "Also time parsing and rendering alone, without the store.")
    var parseOnly = false
    @Flag(help: "With --parse-only: stop after timing parsing and rendering (no store at all).")
    var skipStore = false
    @Flag(help: "Use the file named by --feed as it is when it exists, instead of generating it again.")
    var reuseFeed = false

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newsreader-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let feedURL = feed.map { URL(fileURLWithPath: $0) } ?? directory.appendingPathComponent("bench.rss")
        let storeURL = store.map { URL(fileURLWithPath: $0) } ?? directory.appendingPathComponent("bench.sqlite")

        var started = DispatchTime.now()
        let size: Int
        if reuseFeed, feed != nil, let attributes = try? FileManager.default.attributesOfItem(atPath: feedURL.path),
           let existing = attributes[.size] as? Int {
            size = existing
        } else {
            size = try BenchmarkFeed.write(count: posts, to: feedURL)
        }
        let generateSeconds = Self.seconds(since: started)
        let memoryBeforeImport = Self.peakMemoryMB()

        if parseOnly {
            started = DispatchTime.now()
            let parseCPU = Self.cpuSeconds()
            var posts: [IncomingPost] = []
            try FeedParser(contentsOf: feedURL).parse { _, entry in
                posts.append(IncomingPost(entry))
            }
            print("parse_and_render_time \(String(format: "%.2f", Self.seconds(since: started))) s")
            print("parse_and_render_cpu_time \(String(format: "%.2f", Self.cpuSeconds() - parseCPU)) s")
            if skipStore {
                print("posts \(posts.count) count")
                print("posts_digest \(Self.digest(posts))")
                return
            }
            // The store alone, with posts already in memory.
            let scratch = try AppDatabase.open(StoreLocation(path: directory.appendingPathComponent("scratch.sqlite").path, origin: .option))
            started = DispatchTime.now()
            let cpu = Self.cpuSeconds()
            try scratch.save(feed: Feed(title: "bench"), posts: posts)
            print("store_only_time \(String(format: "%.2f", Self.seconds(since: started))) s")
            print("store_only_cpu_time \(String(format: "%.2f", Self.cpuSeconds() - cpu)) s")
        }

        let database = try AppDatabase.open(StoreLocation(path: storeURL.path, origin: .option))
        started = DispatchTime.now()
        let cpuBefore = Self.cpuSeconds()
        let parser = try FeedParser(contentsOf: feedURL)
        let result = try database.importFeed(parser, into: Feed(title: "bench"))
        let importSeconds = Self.seconds(since: started)
        let importCPU = Self.cpuSeconds() - cpuBefore

        print("posts \(result.counts.new + result.counts.updated + result.counts.unchanged) count")
        print("feed_size \(String(format: "%.1f", Double(size) / 1_048_576)) MiB")
        print("generate_time \(String(format: "%.2f", generateSeconds)) s")
        print("import_time \(String(format: "%.2f", importSeconds)) s")
        print("import_cpu_time \(String(format: "%.2f", importCPU)) s")
        print("import_rate \(String(format: "%.0f", Double(posts) / importSeconds)) posts/s")
        print("peak_memory_before_import \(String(format: "%.1f", memoryBeforeImport)) MiB")
        print("peak_memory \(String(format: "%.1f", Self.peakMemoryMB())) MiB")
    }

    /// FNV-1a over every field of the posts: equal digests, equal parse and render.
    static func digest(_ posts: [IncomingPost]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String?) {
            for byte in (text ?? "\u{0}").utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash &*= 0x0000_0100_0000_01B3
        }
        for post in posts {
            for field in [post.guid, post.title, post.link, post.author, post.published.map { String($0) },
                          post.contentHTML, post.searchText, post.baseURL] {
                add(field)
            }
        }
        return String(hash, radix: 16)
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// User and system CPU time of this process so far (the machine is shared:
    /// wall time alone says more about the neighbours than about us).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident set size of this process so far.
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024 // kilobytes on Linux
    }
}

import ArgumentParser
import Foundation
import NewsCore

/// Builds the synthetic stores (once) and prints each figure as `name value unit`,
/// medians of several runs.
@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsreader-bench",
        abstract: "Measure newsreader on deterministic synthetic stores.",
        discussion: """
            Build it in release mode for meaningful figures:
              swift build -c release && .build/release/newsreader-bench
            Every figure is measured on a 100,000-post and a 1,000,000-post store,
            its name ending in @100k or @1m. The stores and the generated feeds are
            built on the first run and kept in .build/bench (--rebuild makes them again).
            """)

    @Option(help: ArgumentHelp("Measure only a store of this many posts (default: 100,000 and 1,000,000).",
                               valueName: "posts"))
    var posts: Int?
    @Option(help: "Where the synthetic stores and feeds are kept.")
    var directory = ".build/bench"
    @Option(help: "Runs per figure; the median is printed (commands that take seconds run at most 3 times, once on 1,000,000 posts).")
    var runs = 9
    @Flag(help: "Build the stores and feeds again even if they exist.")
    var rebuild = false
    @Option(help: ArgumentHelp("Only these groups of figures, comma-separated: sync, store, model, search, reader-steps, rendering, import, commands, reader, refresh, type-ahead (sync, rendering and refresh alone need no store).",
                               valueName: "groups"))
    var only: String?
    @Option(help: ArgumentHelp("A Tiny Tiny RSS server for the sync figures (password in $NEWSREADER_SYNC_PASSWORD).",
                               valueName: "url"))
    var syncURL: String?
    @Option(help: ArgumentHelp("The account on --sync-url (fill it with scripts/ttrss-fill USER PASSWORD 10000).",
                               valueName: "user"))
    var syncUser: String?

    func validate() throws {
        if (syncURL == nil) != (syncUser == nil) { throw ValidationError("--sync-url and --sync-user go together") }
        if let posts, posts < 1 { throw ValidationError("--posts takes a number above 0") }
    }

    func run() throws {
        let groups = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        func wanted(_ group: String) -> Bool { groups?.contains(group) ?? true }
        let binary = Self.siblingBinary("newsreader")
        let plain = Report(suffix: "")
        // First: this process is still small, so the sync's peak memory is its own.
        if wanted("sync") {
            if let syncURL, let syncUser {
                try SyncFigures(binary: binary, url: syncURL, user: syncUser, runs: runs).measure()
            } else {
                FileHandle.standardError.write(Data("newsreader-bench: sync figures skipped (no --sync-url and --sync-user)\n".utf8))
            }
        }
        // Figures that need no store.
        if wanted("rendering") { try RenderingFigures(runs: runs, report: plain).run() }
        if wanted("refresh") { try RefreshFigures(runs: runs, report: plain).unchangedFeeds(binary: binary) }
        let storeGroups: Set = ["store", "model", "search", "reader-steps", "import", "commands", "reader", "type-ahead"]
        guard groups.map({ !$0.isDisjoint(with: storeGroups) }) ?? true else { return }

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for count in posts.map({ [$0] }) ?? [100_000, 1_000_000] {
            let report = Report(posts: count)
            let path = directory + "/store-\(count).sqlite"
            // A store whose building was cut short holds fewer posts: it is built again.
            let complete = try !rebuild && FileManager.default.fileExists(atPath: path)
                && AppDatabase.open(StoreLocation(path: path, origin: .option)).postCount() == count
            if !complete {
                try build(at: path, posts: count, report: report)
            }
            let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
            // Commands that take seconds: fewer runs, and one on the big store.
            let heavyRuns = count >= 1_000_000 ? 1 : min(runs, 3)
            let figures = Figures(database: database, path: path, runs: runs, report: report)
            if wanted("store") { try figures.storeSize() }
            if wanted("model") { try figures.modelOperations() }
            if wanted("search") { try figures.search() }
            if wanted("reader-steps") { try figures.readerSteps() }
            if wanted("import") {
                try ImportFigures(binary: binary, posts: count, directory: directory, rebuild: rebuild,
                                  runs: heavyRuns, report: report).measure()
            }
            if wanted("commands") {
                try CommandFigures(binary: binary, store: path, runs: heavyRuns, report: report).measure()
            }
            if wanted("reader") { try figures.reader(binary: binary) }
            if wanted("type-ahead") { try figures.typeAhead() }
        }
    }

    private func build(at path: String, posts: Int, report: Report) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        let started = Date()
        try SyntheticStore(postCount: posts).build(into: database) { made in
            FileHandle.standardError.write(Data("\rbuilding synthetic store: \(made)/\(posts)".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        report("store_build", Date().timeIntervalSince(started), "s")
    }

    /// Another executable of this package, built beside this one.
    static func siblingBinary(_ name: String) -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent(name).path
    }
}

/// Prints figures the way the README documents: `name value unit`, the
/// name ending in the store it was measured on (`@100k`, `@1m`).
struct Report {
    var suffix: String

    init(suffix: String) {
        self.suffix = suffix
    }

    init(posts: Int) {
        suffix = "@" + (posts % 1_000_000 == 0 ? "\(posts / 1_000_000)m"
                        : posts % 1_000 == 0 ? "\(posts / 1_000)k" : "\(posts)")
    }

    func callAsFunction(_ name: String, _ value: Double, _ unit: String) {
        // Written at once (not buffered), so a long run shows each figure as it comes.
        FileHandle.standardOutput.write(Data("\(name)\(suffix) \(String(format: value < 10 ? "%.2f" : "%.1f", value)) \(unit)\n".utf8))
    }
}

/// Milliseconds taken by `body`, the median of `runs` runs (one warm-up first).
func medianMilliseconds(runs: Int, _ body: (Int) throws -> Void) rethrows -> Double {
    try medianTimes(runs: runs, body).wall
}

/// Milliseconds taken by `body`, wall and this process's CPU time (user and
/// system, every thread), each the median of `runs` runs (one warm-up first).
/// On a machine others load, the CPU time is the figure to compare.
func medianTimes(runs: Int, _ body: (Int) throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    try body(-1)
    var wall: [Double] = []
    var cpu: [Double] = []
    for run in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUMilliseconds()
        try body(run)
        cpu.append(processCPUMilliseconds() - cpuStart)
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    return (median(wall), median(cpu))
}

/// The CPU time this process has used so far, in milliseconds.
func processCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1_000 + Double(time.tv_nsec) / 1_000_000
}

func median(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

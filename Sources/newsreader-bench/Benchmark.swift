import ArgumentParser
import Foundation
import NewsCore

/// Builds the synthetic store (once) and prints each figure as `name value unit`,
/// medians of several runs.
@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsreader-bench",
        abstract: "Measure newsreader on a deterministic synthetic store.",
        discussion: """
            Build it in release mode for meaningful figures:
              swift run -c release newsreader-bench
            The store is built on the first run and reused (--rebuild makes it again).
            """)

    @Option(help: "Posts in the synthetic store.")
    var posts = 100_000
    @Option(help: "Where the synthetic store is kept (default: .build/bench/store-<posts>.sqlite).")
    var store: String?
    @Option(help: "Runs per figure; the median is printed.")
    var runs = 9
    @Flag(help: "Build the store again even if it exists.")
    var rebuild = false
    @Option(help: ArgumentHelp("Only these groups of figures, comma-separated: sync, store, model, search, reader-steps, rendering, reader, refresh, type-ahead (sync and rendering alone need no store).",
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
    }

    func run() throws {
        let groups = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        func wanted(_ group: String) -> Bool { groups?.contains(group) ?? true }
        // First: this process is still small, so the sync's peak memory is its own.
        if wanted("sync") {
            if let syncURL, let syncUser {
                try SyncFigures(binary: Self.siblingBinary("newsreader"), url: syncURL, user: syncUser, runs: runs).measure()
            } else {
                FileHandle.standardError.write(Data("newsreader-bench: sync figures skipped (no --sync-url and --sync-user)\n".utf8))
            }
        }
        // The rendering figures need no store either.
        if let groups, groups.isSubset(of: ["sync", "rendering"]) {
            if wanted("rendering") { try RenderingFigures(runs: runs).run() }
            return
        }
        let path = store ?? ".build/bench/store-\(posts).sqlite"
        if rebuild || !FileManager.default.fileExists(atPath: path) {
            try build(at: path)
        }
        let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        let figures = Figures(database: database, path: path, runs: runs)
        if wanted("store") { try figures.storeSize() }
        if wanted("model") { try figures.modelOperations() }
        if wanted("search") { try figures.search() }
        if wanted("reader-steps") { try figures.readerSteps() }
        if wanted("rendering") { try RenderingFigures(runs: runs).run() }
        if wanted("reader") { try figures.reader(binary: Self.siblingBinary("newsreader")) }
        if wanted("refresh") { try RefreshFigures(runs: runs).unchangedFeeds(binary: Self.siblingBinary("newsreader")) }
        // Last: its programs grow this process, and a reader started after
        // them was seen to report this process's peak as its own (posix_spawn
        // runs the child in the parent's memory until exec, and Linux keeps
        // that memory's peak in the child's ru_maxrss).
        if wanted("type-ahead") { try figures.typeAhead() }
    }

    private func build(at path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
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

/// Prints one figure the way the README documents: `name value unit`.
func report(_ name: String, _ value: Double, _ unit: String) {
    // Written at once (not buffered), so a long run shows each figure as it comes.
    FileHandle.standardOutput.write(Data("\(name) \(String(format: value < 10 ? "%.2f" : "%.1f", value)) \(unit)\n".utf8))
}

/// Milliseconds taken by `body`, the median of `runs` runs (one warm-up first).
func medianMilliseconds(runs: Int, _ body: (Int) throws -> Void) rethrows -> Double {
    try body(-1)
    var samples: [Double] = []
    for run in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body(run)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    samples.sort()
    return samples[samples.count / 2]
}

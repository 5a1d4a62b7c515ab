import Foundation
import NewsCore
import NewsModel
import NewsRuntime
import NewsUI
import TestSupport

/// The figures of issue 5, measured on one store.
struct Figures {
    var database: AppDatabase
    var path: String
    var runs: Int
    var report: Report
    let pageSize = 40

    /// Store size on disk (after a checkpoint, so the WAL is folded in) and what the indexes cost.
    func storeSize() throws {
        try database.checkpoint()
        var size = 0
        for suffix in ["", "-wal"] {
            size += (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0
        }
        report("store_size", Double(size) / 1_048_576, "MB")
        for (part, bytes) in try database.sizeByPart() {
            report("store_part_\(part)", Double(bytes) / 1_048_576, "MB")
        }
        let count = try database.postCount()
        report("store_posts", Double(count), "posts")
    }

    /// Reports `name`, the median wall time of `body`, and `name_cpu`, the
    /// median CPU time this process spent in it (the figure to compare when
    /// other work loads the machine).
    func timed(_ name: String, _ body: (Int) throws -> Void) rethrows {
        let (wall, cpu) = try medianTimes(runs: runs, body)
        report(name, wall, "ms")
        report(name + "_cpu", cpu, "ms")
    }

    /// What the reader asks the store for on each keypress.
    func modelOperations() throws {
        let months = try database.archiveMonths()
        try timed("archive_months_load") { _ in _ = try database.archiveMonths() }
        try timed("month_switch_model") { run in
            let month = months[(max(run, 0) * 13) % months.count]
            _ = try database.postCount(.month(month.month))
            _ = try database.posts(.month(month.month), limit: pageSize * 2)
        }
        let total = try database.postCount()
        try timed("page_down_deep_model") { run in
            // Pages far down the whole list, where OFFSET costs the most.
            let offset = total - pageSize * (2 + max(run, 0))
            _ = try database.posts(.all, offset: max(0, offset), limit: pageSize * 2)
        }
        let ids = try database.posts(limit: 200).map(\.id)
        try timed("open_article_model") { run in
            guard let article = try database.article(id: ids[(max(run, 0) * 7) % ids.count]) else { return }
            _ = ArticleText.lines(article, width: 100)
        }
    }

    /// First page of ranked results, with the hit count the status line shows.
    func search() throws {
        for (name, word) in [("search_rare", SyntheticStore.rareWord), ("search_common", SyntheticStore.commonWord),
                             ("search_compound", "rapport"), ("search_two_words", "upphandling krav")] {
            let query = SearchQuery(word)
            try timed(name) { _ in
                _ = try database.search(query, limit: pageSize)
            }
            var hits = 0
            try timed(name + "_count") { _ in
                hits = try database.searchCount(query)
            }
            report(name + "_hits", Double(hits), "posts")
        }
    }

    /// The reader's own steps (key → reducer → store → new screen), in process.
    func readerSteps() throws {
        // The store's part of the first screen: the program started (months,
        // the list's count, its first page) and drawn, without process start.
        timed("reader_start") { _ in
            let program = ReaderProgram(database: database, size: ScreenSize(columns: 120, rows: 40))
            program.start()
            _ = program.render()
        }
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 120, rows: 40))
        program.start()
        _ = program.render()
        // Archive: focus it, then each step moves to another month and redraws the list.
        program.handle(.key(.character("a")))
        timed("reader_month_switch") { _ in
            program.handle(.key(.down))
            _ = program.render()
        }
        program.handle(.key(.tab))
        timed("reader_page_down") { _ in
            program.handle(.key(.pageDown))
            _ = program.render()
        }
        timed("reader_open_article") { _ in
            program.handle(.key(.enter))
            _ = program.render()
            program.handle(.key(.character("q")))
            program.handle(.key(.down))
        }
    }

    /// The real reader in a terminal: first full screen from process start,
    /// and the peak memory of a session that browses, pages, reads and searches.
    func reader(binary: String) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            FileHandle.standardError.write(Data("newsreader-bench: \(binary) not built; reader figures skipped\n".utf8))
            return
        }
        var cpu: [Double] = []
        let firstScreen = try medianMilliseconds(runs: runs) { run in
            let reader = try PseudoTerminalRun(binary: binary, arguments: ["--store", path],
                                               environment: ["NEWSREADER_BENCH_QUIT_AFTER_FIRST_SCREEN": "1"])
            if run >= 0 { cpu.append(reader.cpuMilliseconds) }
        }
        report("reader_first_screen", firstScreen, "ms")
        report("reader_first_screen_cpu", median(cpu), "ms")
        // The session ends with a refresh (`R`): for its duration the store's
        // feeds point at a local server that answers 304.
        let server = try TestHTTPServer()
        server.fallbackRoute { _ in .status(304) }
        let feeds = try database.feeds().filter { $0.url != nil }
        for var feed in feeds {
            feed.url = server.base + "/feed\(feed.id ?? 0).xml"
            try database.update(feed)
        }
        defer {
            // As they were, the refresh's bookkeeping too.
            for feed in feeds { try? database.update(feed) }
        }
        if let peaks = try TmuxSession.peakMemory(binary: binary, store: path) {
            report("reader_first_screen_peak_rss", peaks.firstScreen, "MB")
            report("reader_session_peak_rss", peaks.session, "MB")
        }
    }
}

import Foundation
import NewsModel
import TestSupport
import GRDB
@testable import NewsCore
import Testing

/// Issue 11, nothing left behind by a failure, through the built binary: a
/// named store in a missing folder is an error; a command that fails before
/// writing leaves no store; read-only commands work on read-only stores
/// (checkpointed or not) and change no byte and no time stamp of them;
/// `/dev/zero` and pipes are refused before anything is created.
@Suite("Store opening through the binary", .serialized)
struct StoreOpeningCommandTests {
    let scratch: TemporaryDirectory
    let feed: String

    init() throws {
        scratch = try TemporaryDirectory("e2e")
        // Let `nobody` reach the files (the commands run as nobody when the tests run as root).
        chmod(scratch.path, 0o755)
        feed = scratch.path + "/feed.xml"
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Flöde</title><link>https://a.example/</link>
            <item><guid>1</guid><title>Hållbar upphandling</title><pubDate>Tue, 14 Dec 2021 09:00:00 GMT</pubDate>
            <description>Text om avtal och krav.</description></item>
            <item><guid>2</guid><title>Textilier</title><pubDate>Wed, 15 Dec 2021 09:00:00 GMT</pubDate>
            <description>Due diligence.</description></item>
            </channel></rss>
            """.write(toFile: feed, atomically: true, encoding: .utf8)
        chmod(feed, 0o644)
    }

    func entries(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func expectOneLineFailure(_ result: NewsreaderProcess.Result, mentioning words: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("newsreader: "), "\(result.stderr)", sourceLocation: sourceLocation)
        for word in words {
            #expect(result.stderr.contains(word), "\(word) missing from: \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Root ignores file modes: then the commands run as `nobody`.
    var unprivileged: [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    }

    @Test("--store in a folder that does not exist is an error for every command, and creates nothing")
    func missingFolder() throws {
        let store = scratch.path + "/no/such/store.sqlite"
        for arguments in [["list"], ["months"], ["import", feed], ["add", "--no-fetch", "https://a.example/feed"],
                          ["opml", "export"], []] {
            let result = try NewsreaderProcess.run(arguments + ["--store", store])
            expectOneLineFailure(result, mentioning: [store, "the folder \(scratch.path)/no/such does not exist"])
        }
        #expect(try entries(scratch.path) == ["feed.xml"])
    }

    @Test("a command that fails before writing leaves no store file")
    func failuresLeaveNoStore() throws {
        let store = scratch.path + "/store.sqlite"
        let notAFeed = scratch.path + "/notes.txt"
        try "just some notes".write(toFile: notAFeed, atomically: true, encoding: .utf8)
        let failing: [[String]] = [
            ["import", scratch.path + "/missing.xml"],
            ["import", notAFeed],
            ["import", scratch.path + "/missing.xml", notAFeed],
            ["opml", "import", scratch.path + "/missing.opml"],
            ["remove", "1", "--yes"],
            ["export", "--query", "\"\""],
            ["list", "--limit", "-1"],
            ["show", "1"],
        ]
        for arguments in failing {
            let result = try NewsreaderProcess.run(arguments + ["--store", store])
            #expect(result.status != 0, "\(arguments): \(result.stdout)")
            #expect(try entries(scratch.path) == ["feed.xml", "notes.txt"], "\(arguments) left a store behind")
        }
        // Commands with nothing to do on a store that does not exist create none either.
        for arguments in [["refresh"], ["list"], ["months"], ["search", "avtal"], ["feeds"], ["export"], ["opml", "export"]] {
            let result = try NewsreaderProcess.run(arguments + ["--store", store])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(try entries(scratch.path) == ["feed.xml", "notes.txt"], "\(arguments) created a store")
        }
        // An import that works creates the store.
        #expect(try NewsreaderProcess.run(["import", notAFeed, feed, "--store", store]).status == 1)
        #expect(try entries(scratch.path).contains("store.sqlite"))
        #expect(try NewsreaderProcess.run(["list", "--store", store]).stdout.contains("Hållbar upphandling"))
    }

    @Test("read-only commands on a missing store: empty for a named one, the sample at the default location")
    func missingStore() throws {
        let named = try NewsreaderProcess.run(["list", "--store", scratch.path + "/store.sqlite"])
        #expect(named.status == 0 && named.stdout.isEmpty && named.stderr.isEmpty, "\(named)")
        let environment = ["XDG_DATA_HOME": scratch.path + "/data", "HOME": scratch.path]
        let sample = try NewsreaderProcess.run(["list"], environment: environment)
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(sample.stdout.split(separator: "\n").count == 10)
        #expect(sample.stdout.contains("Regionernas kansli för hållbar upphandling"))
        let months = try NewsreaderProcess.run(["months"], environment: environment)
        #expect(months.stdout.contains("2021-12  December 2021"), "\(months.stdout)")
        #expect(try entries(scratch.path) == ["feed.xml"], "nothing created, not even the default folders")
    }

    @Test("a store behind a folder the user may not enter is an error, not an empty store")
    func unreachableStore() throws {
        let folder = scratch.path + "/private"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let store = folder + "/store.sqlite"
        #expect(try NewsreaderProcess.run(["import", feed, "--store", store]).status == 0)
        chmod(folder, 0o000)
        defer { chmod(folder, 0o755) }
        for arguments in [["list"], ["search", "avtal"], ["import", feed]] {
            let result = try NewsreaderProcess.run(arguments + ["--store", store], launcher: unprivileged)
            expectOneLineFailure(result, mentioning: [store, "permission denied"])
        }
    }

    @Test("/dev/zero, /dev/null and a pipe are refused before anything is created")
    func devices() throws {
        let fifo = scratch.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        for store in ["/dev/zero", "/dev/null", fifo] {
            for arguments in [["list"], ["import", feed], []] {
                let result = try NewsreaderProcess.run(arguments + ["--store", store])
                expectOneLineFailure(result, mentioning: [store, "is not a newsreader store"])
            }
        }
        for suffix in ["-journal", "-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: "/dev/zero" + suffix))
            #expect(!FileManager.default.fileExists(atPath: "/dev/null" + suffix))
        }
        #expect(try entries(scratch.path) == ["feed.xml", "pipe"])
    }

    /// The store's files (store, log, shared memory) with their bytes and modification times.
    func snapshot(_ folder: String) throws -> [String: (Data, Date?)] {
        var files: [String: (Data, Date?)] = [:]
        for name in try entries(folder) {
            let path = folder + "/" + name
            files[name] = (try Data(contentsOf: URL(fileURLWithPath: path)),
                           try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        }
        return files
    }

    /// Every read-only command, run through `launcher` on `store`: each
    /// works and shows the posts (2 from the feed, plus `extra` more).
    func readEverything(_ store: String, launcher: [String], extra: Int,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let list = try NewsreaderProcess.run(["list", "--store", store], launcher: launcher)
        #expect(list.status == 0, "\(list.stderr)", sourceLocation: sourceLocation)
        #expect(list.stdout.split(separator: "\n").count == 2 + extra, "\(list.stdout)", sourceLocation: sourceLocation)
        let checks: [([String], String)] = [
            (["months"], "2021-12"),
            (["search", "avtal"], "Hållbar upphandling"),
            (["search", "avtal", "--json"], "\"title\" : \"Hållbar upphandling\""),
            (["show", "1"], "Text om avtal och krav."),
            (["feeds"], "Flöde"),
            (["export", "--format", "json"], "Due diligence."),
            (["export", "--format", "rss"], "<guid isPermaLink=\"false\">2</guid>"),
            (["opml", "export"], "<opml"),
        ]
        for (arguments, expected) in checks {
            let result = try NewsreaderProcess.run(arguments + ["--store", store], launcher: launcher)
            #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stdout.contains(expected), "\(arguments): \(result.stdout)", sourceLocation: sourceLocation)
        }
    }

    /// The same files, with the same bytes and times; `sharedMemory` says
    /// whether the -shm file must be unchanged too (a reader that may write
    /// it keeps its read marks there: it is SQLite's scratch, not the store).
    func expectUnchanged(_ folder: String, since before: [String: (Data, Date?)], _ what: String,
                         sharedMemory: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try snapshot(folder)
        #expect(Set(after.keys) == Set(before.keys), "\(what): files \(after.keys.sorted())", sourceLocation: sourceLocation)
        for (name, (bytes, modified)) in before where sharedMemory || !name.hasSuffix("-shm") {
            #expect(after[name]?.0 == bytes, "\(what): \(name) changed", sourceLocation: sourceLocation)
            #expect(after[name]?.1 == modified, "\(what): \(name)'s time changed", sourceLocation: sourceLocation)
        }
    }

    @Test("read-only commands work on a checkpointed store in a read-only file or folder, and change nothing")
    func readOnlyCheckpointedStore() throws {
        let folder = scratch.path + "/ro"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let store = folder + "/store.sqlite"
        #expect(try NewsreaderProcess.run(["import", feed, "--store", store]).status == 0)
        #expect(try entries(folder) == ["store.sqlite"], "the import closed its log")
        // A read-only file in a folder nobody may write to, a writable file in a read-only folder,
        // a read-only file in a folder everyone may write to, and (as its owner) a writable store.
        for (fileMode, folderMode, launcher) in [(0o444, 0o555, unprivileged), (0o666, 0o555, unprivileged),
                                                 (0o444, 0o777, unprivileged), (0o644, 0o755, [])] as [(mode_t, mode_t, [String])] {
            chmod(store, fileMode)
            chmod(folder, folderMode)
            defer { chmod(folder, 0o755); chmod(store, 0o644) }
            let before = try snapshot(folder)
            try readEverything(store, launcher: launcher, extra: 0)
            try expectUnchanged(folder, since: before, "file \(String(fileMode, radix: 8)), folder \(String(folderMode, radix: 8))")
        }
    }

    @Test("read-only commands read a store whose log was never checkpointed, and change none of its files")
    func readOnlyUncheckpointedStore() throws {
        let source = scratch.path + "/source"
        let folder = scratch.path + "/ro"
        for path in [source, folder] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        do {
            let database = try AppDatabase.open(StoreLocation(path: source + "/store.sqlite", origin: .option))
            try database.importFeed(FeedParser(contentsOf: URL(fileURLWithPath: feed)), into: Feed(title: "f", source: feed))
            try database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            }
            // Three more posts that only the log holds.
            try database.save(feed: Feed(title: "Logg", source: "/logg.xml"), posts: (1...3).map {
                IncomingPost(guid: "w\($0)", title: "Bara i loggen \($0)", published: 1_639_472_400, contentHTML: "<p>avtal</p>")
            })
            // The files as a crash would leave them: copied while the store is open.
            for suffix in ["", "-wal", "-shm"] {
                try FileManager.default.copyItem(atPath: source + "/store.sqlite" + suffix, toPath: folder + "/store.sqlite" + suffix)
            }
        }
        let store = folder + "/store.sqlite"
        #expect(try Data(contentsOf: URL(fileURLWithPath: store + "-wal")).count > 0)
        for name in try entries(folder) { chmod(folder + "/" + name, 0o444) }
        chmod(folder, 0o555)
        defer { chmod(folder, 0o755) }
        let before = try snapshot(folder)
        try readEverything(store, launcher: unprivileged, extra: 3)
        try expectUnchanged(folder, since: before, "a read-only store with its log")
        // Its owner, who could write it, reads it without checkpointing the log either.
        chmod(folder, 0o755)
        for name in try entries(folder) { chmod(folder + "/" + name, 0o644) }
        let owned = try snapshot(folder)
        try readEverything(store, launcher: [], extra: 3)
        try expectUnchanged(folder, since: owned, "a writable store with its log", sharedMemory: false)
    }
}

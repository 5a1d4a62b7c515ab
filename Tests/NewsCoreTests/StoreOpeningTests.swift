import Foundation
import GRDB
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

/// Issue 11: nothing is left behind by a failure, and reading never writes.
@Suite("Opening the store: nothing created by mistake, nothing written by reading")
struct StoreOpeningTests {
    func entries(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    @Test("a named store in a folder that does not exist is an error, and no folder appears")
    func missingFolder() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/no/such/folder/store.sqlite"
        for origin in [StoreLocation.Origin.option, .environment] {
            let location = StoreLocation(path: path, origin: origin)
            #expect(throws: StoreError.cannotOpen(path: path, reason: "the folder \(directory.path)/no/such/folder does not exist")) {
                try AppDatabase.open(location)
            }
            #expect(throws: StoreError.self) { try AppDatabase.openForReading(location) }
        }
        #expect(try entries(directory.path).isEmpty)
        // A file where the folder should be.
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory.path + "/file"))
        #expect(throws: StoreError.cannotOpen(path: directory.path + "/file/store.sqlite",
                                              reason: "\(directory.path)/file is not a folder")) {
            try AppDatabase.open(StoreLocation(path: directory.path + "/file/store.sqlite", origin: .option))
        }
    }

    @Test("the default location makes its folders when a command writes, not when it reads")
    func defaultLocationFolders() throws {
        let directory = try TemporaryDirectory("store")
        let location = StoreLocation(path: directory.path + "/data/newsreader/store.sqlite", origin: .defaultLocation)
        let read = try AppDatabase.openForReading(location)
        #expect(try read.postCount() == 10, "the sample, from memory")
        #expect(try entries(directory.path).isEmpty)
        _ = try AppDatabase.open(location)
        #expect(FileManager.default.fileExists(atPath: location.path))
    }

    @Test("a missing named store reads as empty and is not created")
    func missingStoreReadsEmpty() throws {
        let directory = try TemporaryDirectory("store")
        let database = try AppDatabase.openForReading(StoreLocation(path: directory.path + "/store.sqlite", origin: .option))
        #expect(try database.postCount() == 0)
        #expect(try database.archiveMonths().isEmpty)
        #expect(try entries(directory.path).isEmpty)
    }

    @Test("devices, pipes and sockets are refused before anything is created beside them")
    func notRegularFiles() throws {
        let directory = try TemporaryDirectory("store")
        let fifo = directory.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [("/dev/zero", "a character device"), ("/dev/null", "a character device"), (fifo, "a pipe")] {
            let reason = "it is \(kind), not a file"
            #expect(throws: StoreError.notAStore(path: path, reason: reason)) {
                try AppDatabase.open(StoreLocation(path: path, origin: .option))
            }
            #expect(throws: StoreError.notAStore(path: path, reason: reason)) {
                try AppDatabase.openForReading(StoreLocation(path: path, origin: .option))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: "/dev/zero-journal"))
        #expect(!FileManager.default.fileExists(atPath: "/dev/zero-wal"))
        #expect(try entries(directory.path) == ["pipe"])
    }

    @Test("a text file is refused by reading too, and left as it was with nothing beside it")
    func textFileRead() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/notes.txt"
        let content = Data("just some notes, long enough to look like a header or not\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path: path, reason: "not an SQLite database, or a corrupt one")) {
            try AppDatabase.openForReading(StoreLocation(path: path, origin: .option))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(try entries(directory.path) == ["notes.txt"])
    }

    @Test("reading a store changes none of its files and leaves none beside it")
    func readingWritesNothing() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/store.sqlite"
        do {
            let database = try AppDatabase.open(StoreLocation(path: path, origin: .option))
            try database.save(feed: Feed(title: "f", source: "/f.xml"), posts: [
                IncomingPost(guid: "1", title: "Hållbar upphandling", published: 1_639_472_400, contentHTML: "<p>Text om avtal</p>"),
            ])
        }
        let before = try entries(directory.path)
        #expect(before == ["store.sqlite"], "the writer closed and checkpointed")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        do {
            let database = try AppDatabase.openForReading(StoreLocation(path: path, origin: .option))
            #expect(try database.search(SearchQuery("avtal")).map(\.title) == ["Hållbar upphandling"])
            #expect(try database.archiveMonths().map(\.month) == ["2021-12"])
        }
        #expect(try entries(directory.path) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
    }

    @Test("a store that fails its first import is removed again when this process created it")
    func removeIfUnused() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/store.sqlite"
        let created = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(throws: FeedParseError.self) {
            try created.importFeed(FeedParser(data: Array("not a feed".utf8)), into: Feed(title: "x", source: "/x"))
        }
        #expect(try created.removeIfUnused(at: path))
        #expect(try entries(directory.path).isEmpty)
        // A store that was there before, or that got posts, stays.
        let kept = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        try kept.save(feed: Feed(title: "x", source: "/x"), posts: [IncomingPost(guid: "1", title: "t", contentHTML: "b")])
        #expect(try !kept.removeIfUnused(at: path))
        let reopened = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        #expect(try !reopened.removeIfUnused(at: path))
        #expect(try entries(directory.path).contains("store.sqlite"))
    }
}

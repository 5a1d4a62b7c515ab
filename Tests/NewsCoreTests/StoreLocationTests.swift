import Foundation
import GRDB
import TestSupport
import Testing
@testable import NewsCore

@Suite("Where the store lives")
struct StoreLocationTests {
    @Test("--store wins over the environment, which wins over XDG")
    func resolutionOrder() {
        let env = ["NEWSREADER_STORE": "/env/store.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"]
        #expect(StoreLocation.resolve(option: "/opt/s.sqlite", environment: env)
                == StoreLocation(path: "/opt/s.sqlite", origin: .option))
        #expect(StoreLocation.resolve(option: nil, environment: env)
                == StoreLocation(path: "/env/store.sqlite", origin: .environment))
        #expect(StoreLocation.resolve(option: nil, environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/home/u"])
                == StoreLocation(path: "/xdg/newsreader/store.sqlite", origin: .defaultLocation))
        #expect(StoreLocation.resolve(option: nil, environment: ["HOME": "/home/u"]).path
                == "/home/u/.local/share/newsreader/store.sqlite")
        // XDG says relative paths are to be ignored.
        #expect(StoreLocation.resolve(option: nil, environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]).path
                == "/h/.local/share/newsreader/store.sqlite")
    }

    @Test("a new default store holds the sample; a new named store is empty")
    func seeding() throws {
        let directory = try TemporaryDirectory("store")
        let seeded = try AppDatabase.open(StoreLocation(path: directory.path + "/data/newsreader/store.sqlite", origin: .defaultLocation))
        #expect(try seeded.postCount() == 10)
        let named = try AppDatabase.open(StoreLocation(path: directory.path + "/named.sqlite", origin: .option))
        #expect(try named.postCount() == 0)
        let fromEnvironment = try AppDatabase.open(StoreLocation(path: directory.path + "/env.sqlite", origin: .environment))
        #expect(try fromEnvironment.postCount() == 0)
    }

    @Test("reopening the default store does not add the sample twice")
    func reopenDefault() throws {
        let directory = try TemporaryDirectory("store")
        let location = StoreLocation(path: directory.path + "/store.sqlite", origin: .defaultLocation)
        _ = try AppDatabase.open(location)
        #expect(try AppDatabase.open(location).postCount() == 10)
    }

    @Test("a text file is not a store, and is left byte for byte as it was")
    func textFileRefused() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/notes.txt"
        let content = Data("just some notes\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path: path, reason: "not an SQLite database, or a corrupt one")) {
            try AppDatabase.open(StoreLocation(path: path, origin: .option))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["notes.txt"])
    }

    @Test("a directory is not a store")
    func directoryRefused() throws {
        let directory = try TemporaryDirectory("store")
        #expect(throws: StoreError.notAStore(path: directory.path, reason: "it is a directory")) {
            try AppDatabase.open(StoreLocation(path: directory.path, origin: .option))
        }
    }

    @Test("a corrupt database is refused and left untouched")
    func corruptRefused() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/corrupt.sqlite"
        // A real SQLite header followed by garbage pages.
        var bytes = Data("SQLite format 3\u{0}".utf8)
        bytes.append(Data(repeating: 0xA5, count: 4096 * 2 - bytes.count))
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) {
            try AppDatabase.open(StoreLocation(path: path, origin: .option))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("another program's SQLite database is refused and left untouched")
    func foreignDatabaseRefused() throws {
        let directory = try TemporaryDirectory("store")
        let path = directory.path + "/other.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('Ada')") }
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path: path, reason: "it is another program's SQLite database")) {
            try AppDatabase.open(StoreLocation(path: path, origin: .option))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

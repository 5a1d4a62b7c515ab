import Foundation
import NewsModel
import TestSupport
import GRDB
@testable import NewsCore
import XCTest

/// Issue 6, store safety, through the built binary: SIGKILL during an
/// import, two processes on one store, newer/older/corrupt/read-only stores
/// and a full disk (a file-size limit).
final class StoreSafetyTests: XCTestCase {
    var scratch: TemporaryDirectory!
    var store: String { scratch.path + "/store.sqlite" }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory("e2e")
    }

    /// A feed of `count` posts whose guids start with `prefix`.
    func writeFeed(_ name: String, count: Int, prefix: String) throws -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Flöde \(prefix)</title>\n"
        text.reserveCapacity(count * 170)
        for index in 0..<count {
            text += "<item><title>Inlägg \(prefix) \(index)</title><guid>\(prefix)-\(index)</guid>"
                + "<pubDate>Tue, 14 Dec 2021 09:00:00 GMT</pubDate><description>Text \(index) om upphandling</description></item>\n"
        }
        text += "</channel></rss>\n"
        let path = scratch.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `PRAGMA integrity_check` and the number of posts, read with SQLite directly.
    func inspect(_ path: String) throws -> (integrity: String, posts: Int) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "", try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? -1)
        }
    }

    func assertOneLineFailure(_ result: NewsreaderProcess.Result, mentioning words: [String],
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(result.status, 0, "expected a failure; stdout: \(result.stdout)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one line on stderr: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("newsreader: "), result.stderr, file: file, line: line)
        for word in words {
            XCTAssertTrue(result.stderr.contains(word), "\(word) missing from: \(result.stderr)", file: file, line: line)
        }
    }

    private func startImport(_ feed: String, store: String) throws -> Process {
        let process = Process()
        process.executableURL = try NewsreaderProcess.binary
        process.arguments = ["import", "--store", store, feed]
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    // MARK: - Killed mid-import

    func testSIGKILLDuringAnImportLeavesThePostsBeforeOrAfterNeverAMix() throws {
        let small = try writeFeed("small.xml", count: 5, prefix: "small")
        let big = try writeFeed("big.xml", count: 12_000, prefix: "big")
        // How long a whole import takes here, to kill at moments spread over it.
        let timing = scratch.path + "/timing.sqlite"
        let started = Date()
        let full = try NewsreaderProcess.run(["import", "--store", timing, big])
        XCTAssertEqual(full.status, 0, full.stderr)
        let duration = Date().timeIntervalSince(started)
        var outcomes: [Int] = []
        for fraction in [0.1, 0.5, 0.85] {
            let path = scratch.path + "/killed-\(fraction).sqlite"
            XCTAssertEqual(try NewsreaderProcess.run(["import", "--store", path, small]).status, 0)
            let process = try startImport(big, store: path)
            usleep(useconds_t(duration * fraction * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let (integrity, posts) = try inspect(path)
            XCTAssertEqual(integrity, "ok", "killed at \(fraction)")
            XCTAssertTrue(posts == 5 || posts == 12_005, "killed at \(fraction) of \(duration) s: \(posts) posts, a mix")
            outcomes.append(posts)
        }
        // A killed store still works: the next import completes it.
        let last = scratch.path + "/killed-0.1.sqlite"
        let again = try NewsreaderProcess.run(["import", "--store", last, big])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try inspect(last).posts, 12_005)
        XCTAssertTrue(outcomes.contains(5), "no kill landed during the import: \(outcomes)")
    }

    // MARK: - Two processes

    func testListWorksWhileAnotherProcessImports() throws {
        let small = try writeFeed("small.xml", count: 5, prefix: "small")
        let big = try writeFeed("big.xml", count: 20_000, prefix: "big")
        XCTAssertEqual(try NewsreaderProcess.run(["import", "--store", store, small]).status, 0)
        let process = try startImport(big, store: store)
        var reads = 0
        while process.isRunning {
            for arguments in [["list", "--limit", "1"], ["months"], ["search", "upphandling", "--limit", "1"]] {
                let result = try NewsreaderProcess.run(arguments + ["--store", store])
                XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
                XCTAssertFalse((result.stdout + result.stderr).lowercased().contains("locked"), result.stderr)
                reads += 1
            }
        }
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertGreaterThan(reads, 2, "the reads did not overlap the import")
        XCTAssertEqual(try inspect(store).posts, 20_005)
    }

    func testReaderStaysUsableWhileAnotherProcessImports() throws {
        let small = try writeFeed("small.xml", count: 5, prefix: "small")
        let big = try writeFeed("big.xml", count: 20_000, prefix: "big")
        XCTAssertEqual(try NewsreaderProcess.run(["import", "--store", store, small]).status, 0)
        let session = try TmuxSession(arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/5")
        let process = try startImport(big, store: store)
        var moves = 0
        while process.isRunning {
            try session.send(moves % 2 == 0 ? "j" : "k")
            let screen = try session.capture()
            XCTAssertFalse(screen.lowercased().contains("locked"), screen)
            moves += 1
            usleep(100_000)
        }
        XCTAssertEqual(process.terminationStatus, 0)
        // Opening a post writes its read flag: that works after the import too.
        try session.send("g", "Enter")
        try session.waitFor(text: "› Flöde small")
        try session.send("q", "q")
        try session.waitFor(text: "newsreader exited with status 0")
        XCTAssertFalse(try session.capture().lowercased().contains("locked"))
        XCTAssertEqual(try inspect(store).posts, 20_005)
    }

    // MARK: - Stores from other versions, corrupt and read-only stores

    func testNewerStoreIsRefusedAndLeftUntouched() throws {
        do {
            let queue = try DatabaseQueue(path: store, configuration: AppDatabase.configuration())
            var future = AppDatabase.migrator
            future.registerMigration("v999-from-the-future") { db in try db.execute(sql: "CREATE TABLE future(x)") }
            try future.migrate(queue)
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        for arguments in [["list"], ["import", try writeFeed("small.xml", count: 2, prefix: "s")], []] {
            let result = try NewsreaderProcess.run(arguments + ["--store", store])
            assertOneLineFailure(result, mentioning: ["newer version of newsreader", store])
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: store)), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store + ".before-upgrade.sqlite"))
    }

    func testOlderStoreIsMigratedAfterABackupBesideIt() throws {
        do {
            let queue = try DatabaseQueue(path: store)
            try AppDatabase.migrator.migrate(queue, upTo: "v1-feeds-and-posts")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO feed(title) VALUES ('Gammalt flöde')")
                try db.execute(sql: """
                    INSERT INTO post(feedId, guid, title, published, month, contentHTML, text, isRead, firstSeen)
                    VALUES (1, 'a', 'Hållbar upphandling', 1639472400, '2021-12', '<p>Textilier och IKT</p>',
                            'Textilier och IKT', 1, 0)
                    """)
            }
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let list = try NewsreaderProcess.run(["list", "--store", store])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("Hållbar upphandling  — Gammalt flöde"), list.stdout)
        let search = try NewsreaderProcess.run(["search", "textil", "--store", store])
        XCTAssertTrue(search.stdout.contains("Hållbar upphandling"), search.stdout + search.stderr)
        let backup = store + ".before-upgrade.sqlite"
        XCTAssertGreaterThan(before.count, 0)
        let backupQueue = try DatabaseQueue(path: backup)
        defer { try? backupQueue.close() }
        try backupQueue.read { db in
            XCTAssertEqual(try AppDatabase.migrator.appliedIdentifiers(db), ["v1-feeds-and-posts"], "the backup is the old store")
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT title FROM post"), "Hållbar upphandling")
        }
    }

    func testCorruptStoreIsRefusedAndLeftUntouched() throws {
        var bytes = Data("SQLite format 3\u{0}".utf8)
        bytes += Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: store))
        for arguments in [["list"], ["import", try writeFeed("small.xml", count: 2, prefix: "s")]] {
            assertOneLineFailure(try NewsreaderProcess.run(arguments + ["--store", store]), mentioning: [store])
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: store)), bytes)
    }

    /// Root ignores file modes: then the commands run as `nobody`.
    private var unprivileged: [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    }

    func testReadOnlyStoreFileAndDirectoryGiveOneLineAndKeepTheStore() throws {
        let small = try writeFeed("small.xml", count: 3, prefix: "small")
        let more = try writeFeed("more.xml", count: 3, prefix: "more")
        XCTAssertEqual(try NewsreaderProcess.run(["import", "--store", store, small]).status, 0)
        // Let `nobody` reach the scratch directory.
        chmod(scratch.path, 0o755)
        chmod(small, 0o644)
        chmod(more, 0o644)
        for (fileMode, directoryMode) in [(0o444, 0o755), (0o666, 0o555)] as [(mode_t, mode_t)] {
            chmod(store, fileMode)
            chmod(scratch.path, directoryMode)
            defer { chmod(scratch.path, 0o755); chmod(store, 0o644) }
            let result = try NewsreaderProcess.run(["import", "--store", store, more], launcher: unprivileged)
            assertOneLineFailure(result, mentioning: [store, "readonly"])
            XCTAssertEqual(try inspect(store).integrity, "ok")
        }
        XCTAssertEqual(try inspect(store).posts, 3)
    }

    func testFileSizeLimitGivesOneLineAndKeepsTheStore() throws {
        let small = try writeFeed("small.xml", count: 5, prefix: "small")
        let big = try writeFeed("big.xml", count: 20_000, prefix: "big")
        XCTAssertEqual(try NewsreaderProcess.run(["import", "--store", store, small]).status, 0)
        // ulimit -f counts 1024-byte blocks: the store may grow to 200 KB.
        let limited = ["/bin/bash", "-c", "ulimit -f 200; exec \"$0\" \"$@\""]
        let result = try NewsreaderProcess.run(["import", "--store", store, big], launcher: limited)
        assertOneLineFailure(result, mentioning: ["big.xml"])
        let (integrity, posts) = try inspect(store)
        XCTAssertEqual(integrity, "ok")
        XCTAssertEqual(posts, 5)
        XCTAssertEqual(try NewsreaderProcess.run(["list", "--store", store]).stdout.split(separator: "\n").count, 5)
    }
}

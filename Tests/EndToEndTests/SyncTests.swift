import Foundation
import GRDB
import NewsCore
import Testing
import TestSupport

/// `newsreader sync`, `mark`, and `refresh`/`add`/`remove` with `[sync]` set,
/// run as the binary against the real Tiny Tiny RSS of `.ci/run` (each test
/// with a user of its own; serialised, so two syncs never share the two
/// cores with each other), with nothing mocked.
@Suite("Sync with a Tiny Tiny RSS server", .serialized)
struct SyncTests {
    /// One user of the server and a store and config of newsreader's for it.
    struct Fixture {
        let account: TinyTinyRSSServer.Account
        let scratch: TemporaryDirectory
        var store: String { scratch.path + "/store.sqlite" }
        var config: String { scratch.path + "/config" }

        init(articles: Int = 0, feeds: Int = 3, url: String? = nil, passwordCommand: String? = nil) throws {
            account = try TinyTinyRSSServer.newAccount(articles: articles, feeds: feeds)
            scratch = try TemporaryDirectory("e2e")
            try account.writeConfig(in: config, url: url, passwordCommand: passwordCommand)
        }

        var environment: [String: String] { ["XDG_CONFIG_HOME": config, "NEWSREADER_SYNC_PASSWORD": account.password] }

        /// `newsreader ARGS --store STORE`, with the password in the environment unless `password` says otherwise.
        func run(_ arguments: [String], password: String?? = .none) throws -> NewsreaderProcess.Result {
            var environment = self.environment
            switch password {
            case .none: break
            case .some(nil): environment["NEWSREADER_SYNC_PASSWORD"] = nil
            case .some(let value?): environment["NEWSREADER_SYNC_PASSWORD"] = value
            }
            return try NewsreaderProcess.run(arguments + ["--store", store], environment: environment)
        }

        /// A sync that must succeed; its one line.
        @discardableResult
        func sync(_ extra: [String] = []) throws -> String {
            let result = try run(["sync"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
            return result.stdout
        }

        func read<T>(_ body: (Database) throws -> T) throws -> T {
            let queue = try DatabaseQueue(path: store, configuration: { var c = Configuration(); c.readonly = true; return c }())
            defer { try? queue.close() }
            return try queue.read(body)
        }

        /// The local post of a server article.
        func postID(ofArticle id: Int64) throws -> Int64 {
            try #require(try read { try Int64.fetchOne($0, sql: "SELECT postId FROM sync_post WHERE remoteID = ?", arguments: [id]) })
        }

        func listIDs(_ options: [String]) throws -> Set<Int64> {
            let result = try run(["list", "--json"] + options)
            #expect(result.status == 0, "\(result.stderr)")
            let posts = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
            return Set(posts.compactMap { ($0["id"] as? NSNumber)?.int64Value })
        }
    }

    /// The numbers of a sync line: feeds, new, up, down.
    static func counts(_ line: String) -> (feeds: Int, new: Int, up: Int, down: Int) {
        func number(before word: String) -> Int {
            guard let range = line.range(of: " " + word) else { return -1 }
            let digits = line[..<range.lowerBound].reversed().prefix { $0.isNumber }
            return Int(String(digits.reversed())) ?? -1
        }
        return (number(before: "feeds"), number(before: "new articles"), number(before: "changes up"), number(before: "down"))
    }

    @Test("a first sync pages past 200 articles; the next one finds nothing to do")
    func firstSyncPagesAndSecondIsQuiet() throws {
        let fixture = try Fixture(articles: 450, feeds: 3)
        let first = try fixture.sync()
        #expect(first.hasPrefix("Synced with \(TinyTinyRSSServer.baseURL.dropLast()) as \(fixture.account.user): "), "\(first)")
        #expect(Self.counts(first) == (3, 450, 0, 0), "\(first)")
        let stored = try fixture.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT remoteID) FROM sync_post") ?? 0,
             try String.fetchAll(db, sql: "SELECT title FROM feed ORDER BY title"))
        }
        #expect(stored.0 == 450 && stored.1 == 450)
        // The server's subscriptions, with its titles.
        #expect(stored.2 == ["Fyllt flöde 1", "Fyllt flöde 2", "Fyllt flöde 3"])
        let list = try fixture.run(["list", "--json", "--limit", "1"])
        let post = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(post["read"] as? Bool == false && post["starred"] as? Bool == false)
        #expect((post["title"] as? String)?.hasPrefix("Artikel 450 om ") == true)
        #expect(post["feed_id"] is Int)
        let search = try fixture.run(["search", "upphandling", "--json"])
        #expect(search.status == 0 && search.stdout.contains("\"id\""))

        // With [sync] set, refresh syncs.
        let refresh = try fixture.run(["refresh"])
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(refresh.stdout.hasPrefix("Synced with "))
        #expect(Self.counts(refresh.stdout) == (3, 0, 0, 0), "\(refresh.stdout)")
        let json = try fixture.run(["sync", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["new"] as? Int == 0 && report["feeds"] as? Int == 3 && report["up"] as? Int == 0)
    }

    @Test("read and starred state goes up and comes down")
    func stateBothWays() throws {
        let fixture = try Fixture(articles: 40, feeds: 2)
        try fixture.sync()
        let other = try fixture.account.client
        let articles = try other.ids(feed: -4).sorted()
        let (a, b, c, d, e) = (articles[0], articles[1], articles[2], articles[3], articles[4])

        // Here: a read, b starred. There: c read, d starred.
        let mark = try fixture.run(["mark", "--read", String(try fixture.postID(ofArticle: a))])
        #expect(mark.status == 0 && mark.stdout.contains("1 read") && mark.stdout.contains("1 change waits for the next sync"), "\(mark.stdout)")
        #expect(try fixture.run(["mark", "--star", String(try fixture.postID(ofArticle: b))]).status == 0)
        try other.update([c], field: 2, mode: 0)
        try other.update([d], field: 0, mode: 1)
        let line = try fixture.sync()
        #expect(Self.counts(line).up == 2 && Self.counts(line).down == 2, "\(line)")

        #expect(!(try other.ids(feed: -4, unreadOnly: true).contains(a)))
        #expect(try other.ids(feed: -1) == [b, d])
        #expect(try fixture.listIDs(["--starred"]) == [try fixture.postID(ofArticle: b), try fixture.postID(ofArticle: d)])
        #expect(!(try fixture.listIDs(["--unread"]).contains(try fixture.postID(ofArticle: c))))

        // There: a unread again, b unstarred (a change of count, and one of the starred set).
        try other.update([a], field: 2, mode: 1)
        try other.update([b], field: 0, mode: 0)
        let back = try fixture.sync()
        #expect(Self.counts(back).down == 2, "\(back)")
        #expect(try fixture.listIDs(["--unread"]).contains(try fixture.postID(ofArticle: a)))
        #expect(try fixture.listIDs(["--starred"]) == [try fixture.postID(ofArticle: d)])

        // There: e read and a read again in the same feed-count-neutral way (one read, one unread).
        try other.update([e], field: 2, mode: 0)
        try other.update([c], field: 2, mode: 1)
        let swapped = try fixture.sync()
        #expect(Self.counts(swapped).down == 2, "\(swapped)")
        let unread = try fixture.listIDs(["--unread"])
        let (postE, postC) = (try fixture.postID(ofArticle: e), try fixture.postID(ofArticle: c))
        #expect(!unread.contains(postE) && unread.contains(postC))
        // Everything agrees with the server.
        #expect(try fixture.listIDs(["--unread"]).count == (try other.ids(feed: -4, unreadOnly: true)).count)
        let compare = try fixture.sync(["--everything"])
        #expect(Self.counts(compare).down == 0, "\(compare)")

        // A whole feed or month marked at once goes up as one change per post.
        let feed = try #require(try fixture.read { try Int64.fetchOne($0, sql: "SELECT feedId FROM sync_feed ORDER BY feedId LIMIT 1") })
        let bulk = try fixture.run(["mark", "--read", "--feed", String(feed)])
        #expect(bulk.status == 0, "\(bulk.stderr)")
        let pushed = try fixture.sync()
        #expect(Self.counts(pushed).up > 5, "\(pushed)")
        let feedUnread = try other.call(["op": "getUnread", "feed_id": try fixture.read {
            try String.fetchOne($0, sql: "SELECT remoteID FROM sync_feed WHERE feedId = ?", arguments: [feed])
        } ?? ""]) as? [String: Any]
        #expect("\(feedUnread?["unread"] ?? "")" == "0")
    }

    @Test("changes made offline wait in the store and win over the server's older state")
    func offlineChangesArePushedLater() throws {
        let spare = try SpareTinyTinyRSS()
        let fixture = try Fixture(articles: 12, feeds: 1, url: spare.baseURL)
        try fixture.sync()
        let other = try fixture.account.client
        let articles = try other.ids(feed: -4).sorted()
        let (a, b, c) = (articles[0], articles[1], articles[2])

        spare.kill()
        // Offline: a read and starred here, c read and back; there, b read.
        #expect(try fixture.run(["mark", "--read", "--star", String(try fixture.postID(ofArticle: a))]).status == 0)
        #expect(try fixture.run(["mark", "--read", String(try fixture.postID(ofArticle: c))]).status == 0)
        #expect(try fixture.run(["mark", "--unread", String(try fixture.postID(ofArticle: c))]).status == 0)
        try other.update([b], field: 2, mode: 0)
        let offline = try fixture.run(["sync"])
        #expect(offline.status == 1)
        #expect(offline.stdout.isEmpty)
        #expect(offline.stderr.split(separator: "\n").count == 1, "\(offline.stderr)")
        #expect(offline.stderr.contains("cannot reach \(spare.baseURL.dropLast())") && offline.stderr.contains("offline"),
                "\(offline.stderr)")
        let refresh = try fixture.run(["refresh"])
        #expect(refresh.status == 1 && refresh.stderr.contains("offline"), "\(refresh.stderr)")
        // Still waiting: a read and a star (c went back to where it was: nothing to push).
        #expect(try fixture.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sync_outbox") } == 1)

        try spare.start()
        let line = try fixture.sync()
        #expect(Self.counts(line).up == 2 && Self.counts(line).down == 1, "\(line)")
        #expect(!(try other.ids(feed: -4, unreadOnly: true).contains(a)))
        #expect(try other.ids(feed: -1) == [a])
        #expect(!(try fixture.listIDs(["--unread"]).contains(try fixture.postID(ofArticle: b))))
        #expect(try fixture.listIDs(["--unread"]).contains(try fixture.postID(ofArticle: c)))

        // Here a loses its star (not pushed yet) while the server still has it
        // starred, and marks it unread: the local change wins, the server's other change comes down.
        #expect(try fixture.run(["mark", "--unstar", String(try fixture.postID(ofArticle: a))]).status == 0)
        try other.update([a], field: 2, mode: 1)
        let conflict = try fixture.sync()
        #expect(Self.counts(conflict).up == 1 && Self.counts(conflict).down == 1, "\(conflict)")
        #expect(!(try other.ids(feed: -1).contains(a)))
        #expect(try other.ids(feed: -4, unreadOnly: true).contains(a))
        #expect(!(try fixture.listIDs(["--starred"]).contains(try fixture.postID(ofArticle: a))))
        #expect(try fixture.listIDs(["--unread"]).contains(try fixture.postID(ofArticle: a)))
    }

    @Test("new articles arrive once, whatever the server does with guids and titles; add and remove go through the server")
    func newArticlesWithoutDuplicates() throws {
        let fixture = try Fixture()
        let other = try fixture.account.client
        let file = "sync-\(fixture.account.user).xml"
        try TinyTinyRSSServer.writeFeed(file, title: "Räksmörgås &amp; bröd", items: [("1", "Första"), ("2", "Andra"), ("3", "Tredje &amp; sista")])
        let feed = try other.subscribe(file: file)
        let first = try fixture.sync()
        #expect(Self.counts(first) == (1, 3, 0, 0), "\(first)")
        #expect(try fixture.read { try String.fetchAll($0, sql: "SELECT title FROM post ORDER BY title") } == ["Andra", "Första", "Tredje & sista"])
        #expect(try fixture.read { try String.fetchOne($0, sql: "SELECT title FROM feed") } == "Räksmörgås & bröd")

        try TinyTinyRSSServer.writeFeed(file, title: "Räksmörgås &amp; bröd", items: [
            ("1", "Första (ändrad)"), ("2", "Andra"), ("3", "Tredje &amp; sista"), ("4", "Fjärde"), ("5", "Femte")])
        try other.call(["op": "updateFeed", "feed_id": feed])
        let second = try fixture.sync()
        #expect(Self.counts(second).new == 2, "\(second)")
        #expect(Self.counts(try fixture.sync()).new == 0)
        let stored = try fixture.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_post") ?? 0)
        }
        #expect(stored == (5, 5))

        // add: the server subscribes (and checks), fetches, and a sync brings the posts.
        let other2 = "sync2-\(fixture.account.user).xml"
        try TinyTinyRSSServer.writeFeed(other2, title: "Andra flödet", items: [("a", "Ett"), ("b", "Två")])
        let add = try fixture.run(["add", "http://[::1]/\(other2)"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("Subscribed to http://[::1]/\(other2) on "), "\(add.stdout)")
        #expect(add.stdout.contains("2 feeds (1 added), 2 new articles"), "\(add.stdout)")
        #expect(try other.feedIDs().count == 2)
        let again = try fixture.run(["add", "http://[::1]/\(other2)"])
        #expect(again.status == 0 && again.stdout.contains("Already subscribed"), "\(again.stdout)")
        let missing = try fixture.run(["add", "http://[::1]/no-such-feed-\(fixture.account.user).xml"])
        #expect(missing.status == 1 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("could not download") || missing.stderr.contains("no feed"), "\(missing.stderr)")

        // remove: unsubscribed on the server; the posts stay here, as for any feed.
        let remove = try fixture.run(["remove", "--yes", "Andra flödet"])
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(try other.feedIDs() == [feed])
        let after = try fixture.sync()
        #expect(Self.counts(after).feeds == 1, "\(after)")
        #expect(try fixture.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post") } == 7)
    }

    @Test("a wrong password, API access disabled, a failing password-command: one line each, nothing written")
    func loginFailures() throws {
        let fixture = try Fixture(articles: 5, feeds: 1)
        let wrong = try fixture.run(["sync"], password: "not-the-password")
        #expect(wrong.status == 1 && wrong.stdout.isEmpty)
        #expect(wrong.stderr == "newsreader: \(TinyTinyRSSServer.baseURL.dropLast()) refused the login of '\(fixture.account.user)': wrong user name or password\n")
        #expect(!wrong.stderr.contains("not-the-password"))
        #expect(try fixture.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sync_state") } == 0)

        let none = try fixture.run(["sync"], password: .some(nil))
        #expect(none.status == 1 && none.stderr.contains("no sync password"), "\(none.stderr)")

        let uid = try fixture.account.id
        _ = try TinyTinyRSSServer.sql("UPDATE ttrss_user_prefs SET value = 'false' WHERE owner_uid = \(uid) AND pref_name = 'ENABLE_API_ACCESS'")
        let disabled = try fixture.run(["sync"])
        #expect(disabled.status == 1)
        #expect(disabled.stderr.contains("API access is disabled for '\(fixture.account.user)'"), "\(disabled.stderr)")
        #expect(disabled.stderr.split(separator: "\n").count == 1)
        _ = try TinyTinyRSSServer.sql("UPDATE ttrss_user_prefs SET value = 'true' WHERE owner_uid = \(uid) AND pref_name = 'ENABLE_API_ACCESS'")

        // The password from a command run without a shell: `;` and `$` are plain characters.
        let script = fixture.scratch.path + "/password.sh"
        try "#!/bin/sh\nprintf '%s\\nsecond line\\n' \"$1\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try fixture.account.writeConfig(in: fixture.config, passwordCommand: "\(script) '\(fixture.account.password)'")
        let synced = try fixture.run(["sync"], password: .some(nil))
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(Self.counts(synced.stdout).new == 5)
        try fixture.account.writeConfig(in: fixture.config, passwordCommand: "/bin/false")
        let failing = try fixture.run(["sync"], password: .some(nil))
        #expect(failing.stderr == "newsreader: password-command failed: '/bin/false' exited with status 1\n")
        try fixture.account.writeConfig(in: fixture.config, passwordCommand: "printf 'x; rm -rf /tmp/never'")
        let literal = try fixture.run(["sync"], password: .some(nil))
        #expect(literal.status == 1 && literal.stderr.contains("wrong user name or password"), "\(literal.stderr)")

        // The password is in no file of the store and was never printed.
        for suffix in ["", "-wal", "-shm"] {
            if let bytes = FileManager.default.contents(atPath: fixture.store + suffix) {
                #expect(bytes.range(of: Data(fixture.account.password.utf8)) == nil, "password in store\(suffix)")
            }
        }
        for output in [wrong, none, disabled, synced, failing, literal] {
            #expect(!(output.stdout + output.stderr).contains(fixture.account.password))
        }
    }

    @Test("a server that does not answer: the sync gives up after --timeout with one line")
    func timeout() throws {
        let silent = try TestHTTPServer()
        silent.fallbackRoute { _ in .hang }
        let fixture = try Fixture(url: silent.base + "/")
        let started = Date()
        let result = try fixture.run(["sync", "--timeout", "1"])
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(result.status == 1)
        #expect(result.stderr.contains("did not answer in time") && result.stderr.contains("offline"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)

        let html = try TestHTTPServer()
        html.fallbackRoute { _ in .ok("<html><body>Not tt-rss</body></html>", contentType: "text/html") }
        let other = try Fixture(url: html.base + "/")
        let notAPI = try other.run(["sync"])
        #expect(notAPI.status == 1 && notAPI.stderr.contains("did not answer JSON"), "\(notAPI.stderr)")
    }

    @Test("a sync killed mid-way, then a server stopped mid-way: each resumes where it stopped, nothing twice")
    func interruptedSyncsResume() throws {
        let total = 2_000
        let spare = try SpareTinyTinyRSS()
        let fixture = try Fixture(articles: total, feeds: 4, url: spare.baseURL)
        func synced() -> Int {
            (try? fixture.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sync_post") ?? 0 }) ?? 0
        }
        /// Starts a sync and calls `interrupt` once at least `count` articles are stored; the sync's outcome.
        func sync(interruptingAfter count: Int, _ interrupt: (Process) -> Void) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = try NewsreaderProcess.binary
            process.arguments = ["sync", "--store", fixture.store]
            process.environment = fixture.environment.merging(["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]) { $1 }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while synced() < count && process.isRunning && Date() < deadline { usleep(5_000) }
            interrupt(process)
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, stderr)
        }

        // 1. The process is killed after its first pages.
        let (killedStatus, _) = try sync(interruptingAfter: 200) { kill($0.processIdentifier, SIGKILL) }
        #expect(killedStatus == SIGKILL)
        let afterKill = synced()
        #expect(afterKill >= 200 && afterKill < total, "\(afterKill)")

        // 2. The server goes away while a sync runs.
        let (status, stderr) = try sync(interruptingAfter: afterKill + 200) { _ in spare.kill() }
        #expect(status == 1, "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1 && stderr.contains("offline"), "\(stderr)")
        let afterStop = synced()
        #expect(afterStop > afterKill && afterStop < total, "\(afterStop)")
        // Every stored page is whole: each synced article has its post, each post its body.
        let whole = try fixture.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post JOIN sync_post ON sync_post.postId = post.id JOIN post_body ON post_body.id = post.id")
        }
        #expect(whole == afterStop)

        // 3. The next sync goes on from there.
        try spare.start()
        let line = try fixture.sync()
        #expect(Self.counts(line).new == total - afterStop, "\(line)")
        let stored = try fixture.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT title) FROM post") ?? 0)
        }
        #expect(stored == (total, total))
    }

    @Test("the reader's R syncs; with the server gone its status line says offline and the reader goes on")
    func readerRefreshSyncs() throws {
        let spare = try SpareTinyTinyRSS()
        let fixture = try Fixture(articles: 3, feeds: 1, url: spare.baseURL)
        let session = try TmuxSession(columns: 120, rows: 30, environment: fixture.environment,
                                      arguments: ["--store", fixture.store])
        defer { session.kill() }
        try session.waitFor(text: "All posts")
        try session.send("R")
        try session.waitFor(text: "Refresh: 3 new posts")
        try session.waitFor(text: "Artikel 3 om")
        #expect(try fixture.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sync_post") } == 3)

        spare.kill()
        try session.send("R")
        let offline = try session.waitFor(text: "failed: Sync: offline: cannot reach \(spare.baseURL.dropLast())")
        #expect(!offline.contains(fixture.account.password))
        // Still the reader: the list moves and a post opens.
        try session.send("Enter")
        try session.waitFor(text: "Läs mer")
        try session.send("q", "q")
        try session.waitFor(text: "newsreader exited with status 0")
    }

    @Test("mark: by ids, by feed and month at once; bad ids change nothing")
    func markLocally() throws {
        let scratch = try TemporaryDirectory("e2e")
        let store = scratch.path + "/store.sqlite"
        let feed = scratch.path + "/feed.xml"
        try ImportCommandTests.feed(count: 4).write(toFile: feed, atomically: true, encoding: .utf8)
        #expect(try NewsreaderProcess.run(["import", "--store", store, feed]).status == 0)
        let read = try NewsreaderProcess.run(["mark", "--store", store, "--read", "--star", "1", "2"])
        #expect(read.status == 0 && read.stdout == "Marked: 2 read, 2 starred.\n", "\(read.stdout)")
        let bad = try NewsreaderProcess.run(["mark", "--store", store, "--unread", "1", "999"])
        #expect(bad.status == 1 && bad.stderr == "newsreader: post 999 not found\n", "\(bad.stderr)")
        let list = try NewsreaderProcess.run(["list", "--store", store, "--unread", "--json"])
        let unread = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(unread.count == 2 && unread.allSatisfy { $0["read"] as? Bool == false })
        let starred = try NewsreaderProcess.run(["list", "--store", store, "--starred", "--feed", "1"])
        #expect(starred.stdout.split(separator: "\n").count == 2, "\(starred.stdout)")
        let month = try NewsreaderProcess.run(["mark", "--store", store, "--read", "--feed", "1", "--month", "2021-12"])
        #expect(month.status == 0, "\(month.stderr)")
        let none = try NewsreaderProcess.run(["list", "--store", store, "--unread", "--month", "2021-12"])
        #expect(none.stdout.isEmpty, "\(none.stdout)")
        let again = try NewsreaderProcess.run(["mark", "--store", store, "--read", "1"])
        #expect(again.stdout == "Nothing to change: those posts were read already.\n")
        for arguments in [["mark", "1"], ["mark", "--read"], ["mark", "--read", "--unread", "1"], ["mark", "--read", "1", "--feed", "1"],
                          ["mark", "--read", "--month", "december"]] {
            #expect(try NewsreaderProcess.run(arguments + ["--store", store]).status != 0, "\(arguments)")
        }
    }
}

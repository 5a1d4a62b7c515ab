import Foundation
import NewsCore
import NewsModel

/// The real Tiny Tiny RSS that `.ci/run` starts (`../shared/sync/ttrss/start`,
/// with `TTRSS_FEED_DIR` set to `feedDirectory`), as the sync tests use it:
/// each test gets its own user (so tests never see each other's articles),
/// its own feeds served on `http://[::1]/`, and a plain API client of its
/// own that plays "another client" of the same account. Nothing of
/// newsreader's sync code is used here, so the tests check it against the
/// server alone.
struct TinyTinyRSSServer {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var state: String {
        environment["TTRSS_STATE"] ?? ((environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp") + "/ttrss-test")
    }
    static var webPort: Int { Int(environment["TTRSS_WEB_PORT"] ?? "") ?? 8280 }
    static var pgPort: Int { Int(environment["TTRSS_PG_PORT"] ?? "") ?? 55432 }
    static var baseURL: String { "http://127.0.0.1:\(webPort)/" }
    /// What the feed server on `[::1]:80` serves (tt-rss fetches nothing else on loopback).
    static var feedDirectory: String { environment["TTRSS_FEED_DIR"] ?? state + "/feeds" }
    static var package: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct NotRunning: Error, CustomStringConvertible {
        var description: String
    }

    /// The server's start script beside the package (`../shared/sync/ttrss`).
    static var startScript: String {
        package.deletingLastPathComponent().appendingPathComponent("shared/sync/ttrss/start").path
    }

    /// Starts the server (as `.ci/run` does) when it does not answer, so a
    /// plain `swift test` runs the sync tests too; fails (never skips) when
    /// it cannot be started or its feed server is not there.
    static func require() throws {
        let client = APIClient(base: baseURL)
        if (try? client.call(["op": "isLoggedIn"])) == nil {
            try startOnce()
        }
        guard (try? client.call(["op": "isLoggedIn"])) != nil else {
            throw NotRunning(description: """
                Tiny Tiny RSS does not answer at \(baseURL)api/: start it (as root) with \
                TTRSS_FEED_DIR=\(feedDirectory) ../shared/sync/ttrss/start, as .ci/run does
                """)
        }
        let probe = "probe-\(UUID().uuidString).txt"
        let path = feedDirectory + "/" + probe
        try? FileManager.default.createDirectory(atPath: feedDirectory, withIntermediateDirectories: true)
        try "ok".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let answer = try? HTTPClient().send(HTTPRequest(url: "http://[::1]/\(probe)", timeout: 5))
        guard answer?.status == 200 else {
            throw NotRunning(description: """
                the feed server on http://[::1]:80/ does not serve \(feedDirectory): start tt-rss with \
                TTRSS_FEED_DIR=\(feedDirectory) ../shared/sync/ttrss/start
                """)
        }
    }

    private static let starting = NSLock()
    nonisolated(unsafe) private static var startAttempted = false

    /// Runs the idempotent start script once per test process (it installs
    /// tt-rss, PHP and PostgreSQL from Debian when missing: root only).
    private static func startOnce() throws {
        starting.lock()
        defer { starting.unlock() }
        guard !startAttempted else { return }
        startAttempted = true
        guard getuid() == 0 else {
            throw NotRunning(description: "Tiny Tiny RSS does not answer at \(baseURL)api/ and starting it needs root: "
                             + "run TTRSS_FEED_DIR=\(feedDirectory) \(startScript) as root, as .ci/run does")
        }
        try FileManager.default.createDirectory(atPath: feedDirectory, withIntermediateDirectories: true)
        // posix_spawn and waitpid, not Process: the servers the script leaves
        // running inherit what Foundation's Process watches, and its
        // waitUntilExit was seen never returning after the script had ended.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [Int32(0), 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let words: [String] = ["/usr/bin/env", "TTRSS_FEED_DIR=\(feedDirectory)", startScript]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw NotRunning(description: "could not run \(startScript): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw NotRunning(description: "\(startScript) failed (wait status \(status)); run it by hand as root to see why")
        }
    }

    /// A fresh user with API access and `articles` articles in `feeds` feeds
    /// (written into tt-rss's database by `scripts/ttrss-fill`).
    static func newAccount(articles: Int = 0, feeds: Int = 3, tag: String = "t") throws -> Account {
        try require()
        let user = "\(tag)\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let password = "pw-\(UUID().uuidString)"
        try run(package.appendingPathComponent("scripts/ttrss-fill").path, [user, password, String(articles), String(feeds)])
        return Account(user: user, password: password, base: baseURL)
    }

    /// Runs SQL on tt-rss's database (as the `postgres` user, through its socket).
    static func sql(_ statement: String) throws -> String {
        try run("/usr/sbin/runuser", ["-u", "postgres", "--", "psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
                                      "-h", state + "/run", "-p", String(pgPort), "-U", "ttrss", "-d", "ttrss",
                                      "-c", statement])
    }

    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NotRunning(description: "\(program) \(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One user of the server, and a client of its own.
    struct Account {
        var user: String
        var password: String
        var base: String

        var client: APIClient {
            get throws {
                let client = APIClient(base: base)
                let login = try client.call(["op": "login", "user": user, "password": password])
                client.sessionID = (login as? [String: Any])?["session_id"] as? String
                return client
            }
        }

        /// The tt-rss user id, for SQL.
        var id: String { get throws { try TinyTinyRSSServer.sql("SELECT id FROM ttrss_users WHERE login = '\(user)'") } }

        /// `[sync]` for newsreader, in `XDG_CONFIG_HOME`-style directory `directory`.
        func writeConfig(in directory: String, url: String? = nil, passwordCommand: String? = nil) throws {
            let folder = directory + "/newsreader"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var text = "[sync]\nservice = \"ttrss\"\nurl = \"\(url ?? base)\"\nuser = \"\(user)\"\n"
            if let passwordCommand { text += "password-command = \"\(passwordCommand)\"\n" }
            try text.write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        }
    }

    /// A plain client of the JSON API: what the tests do as "another client".
    /// (`@unchecked Sendable`: each test uses its client from one thread at a time.)
    final class APIClient: @unchecked Sendable {
        let api: String
        var sessionID: String?
        let http = HTTPClient(userAgent: "newsreader-tests")

        init(base: String) { api = base + "api/" }

        struct Failure: Error, CustomStringConvertible { var description: String }

        /// The `content` of a successful answer.
        @discardableResult
        func call(_ body: [String: Any]) throws -> Any {
            var body = body
            if let sessionID { body["sid"] = sessionID }
            let response = try http.send(HTTPRequest(url: api, method: "POST", headers: ["Content-Type": "application/json"],
                                                     body: [UInt8](try JSONSerialization.data(withJSONObject: body)),
                                                     timeout: 60))
            guard let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                  answer["status"] as? Int == 0, let content = answer["content"] else {
                throw Failure(description: "\(body["op"] ?? ""): \(String(decoding: response.body, as: UTF8.self))")
            }
            return content
        }

        /// Every headline of a feed or virtual feed (-4 all, -1 starred), all pages.
        func headlines(feed: Int, unreadOnly: Bool = false) throws -> [[String: Any]] {
            var all: [[String: Any]] = []
            while true {
                let page = try call(["op": "getHeadlines", "feed_id": feed, "view_mode": unreadOnly ? "unread" : "all_articles",
                                     "limit": 200, "skip": all.count]) as? [[String: Any]] ?? []
                all += page
                if page.count < 200 { return all }
            }
        }

        func ids(feed: Int, unreadOnly: Bool = false) throws -> Set<Int64> {
            Set(try headlines(feed: feed, unreadOnly: unreadOnly).compactMap { ($0["id"] as? NSNumber)?.int64Value })
        }

        /// field 0 starred, 2 unread; mode 0 off, 1 on.
        func update(_ ids: [Int64], field: Int, mode: Int) throws {
            try call(["op": "updateArticle", "article_ids": ids.map(String.init).joined(separator: ","), "field": field, "mode": mode])
        }

        /// Subscribes to a feed file served from `TinyTinyRSSServer.feedDirectory` and has tt-rss fetch it now.
        func subscribe(file: String) throws -> Int {
            let answer = try call(["op": "subscribeToFeed", "feed_url": "http://[::1]/\(file)"]) as? [String: Any]
            guard let status = answer?["status"] as? [String: Any], let id = status["feed_id"] as? Int else {
                throw Failure(description: "subscribeToFeed: \(String(describing: answer))")
            }
            try call(["op": "updateFeed", "feed_id": id])
            return id
        }

        func feedIDs() throws -> [Int] {
            (try call(["op": "getFeeds", "cat_id": -3]) as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        }
    }

    /// Writes an RSS file into the feed directory; item guids are unique to the file.
    static func writeFeed(_ file: String, title: String, items: [(guid: String, title: String)]) throws {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>\(title)</title>"
        xml += "<link>http://example.invalid/\(file)</link><description>test</description>"
        for (index, item) in items.enumerated() {
            xml += "<item><title>\(item.title)</title><link>http://example.invalid/\(file)/\(item.guid)</link>"
            xml += "<guid isPermaLink=\"false\">\(file)-\(item.guid)</guid>"
            xml += "<pubDate>Tue, \(10 + index) Dec 2024 09:00:00 GMT</pubDate>"
            xml += "<description><![CDATA[<p>Brödtext om <b>upphandling</b> \(item.guid)</p>]]></description></item>"
        }
        xml += "</channel></rss>"
        try FileManager.default.createDirectory(atPath: feedDirectory, withIntermediateDirectories: true)
        try xml.write(toFile: feedDirectory + "/" + file, atomically: true, encoding: .utf8)
    }
}

/// A `php -S` of the same tt-rss on a port of its own, started and stopped by
/// one test (to take a server away mid-sync without disturbing the others).
final class SpareTinyTinyRSS {
    let port: Int
    /// The server's pid, which is also its process group's (its PHP workers are in it).
    private var pid: pid_t?

    var baseURL: String { "http://127.0.0.1:\(port)/" }

    init() throws {
        port = try Self.freePort()
        try start()
    }

    /// A port nobody listens on: bound to 0, read back, released for php -S.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
        guard bound == 0 else { throw TinyTinyRSSServer.NotRunning(description: "no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func start() throws {
        // posix_spawn rather than Process: a process group of its own (whose id is
        // its pid), without a `setsid` program that would fork away from that pid.
        let argv = ["/usr/bin/setpriv", "--reuid=www-data", "--regid=www-data", "--init-groups",
                    "/usr/bin/php", "-S", "127.0.0.1:\(port)", "-t", "/usr/share/tt-rss/www"]
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = argv.map { strdup($0) } + [nil]
        let environment = ["PHP_CLI_SERVER_WORKERS=2", "PATH=/usr/bin:/bin"].map { (text: String) in strdup(text) } + [nil]
        defer { (arguments + environment).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, arguments, environment)
        guard result == 0 else {
            throw TinyTinyRSSServer.NotRunning(description: "cannot start php -S: \(String(cString: strerror(result)))")
        }
        self.pid = pid
        let client = TinyTinyRSSServer.APIClient(base: baseURL)
        let deadline = Date().addingTimeInterval(20)
        while (try? client.call(["op": "isLoggedIn"])) == nil {
            guard Date() < deadline else { throw TinyTinyRSSServer.NotRunning(description: "php -S on \(port) did not start") }
            usleep(20_000)
        }
    }

    /// Kills the server and its workers at once (as a crash or a pulled plug would).
    func kill() {
        guard let pid else { return }
        Glibc.kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        self.pid = nil
    }

    deinit { kill() }
}

import Foundation
import Testing
import TestSupport

/// The reader's feeds in tmux against a local server: `f` lists the feeds
/// with their unread counts and marks the one whose refresh failed;
/// choosing a feed lists its posts only and the months count them; `v`
/// keeps the feed; `.` reads on to the next unread post; `C` marks the feed read.
@Suite("Feeds in the reader, end to end", .serialized)
struct FeedPaneEndToEndTests {
    let server: TestHTTPServer
    let scratch: TemporaryDirectory
    var store: String { scratch.path + "/store.sqlite" }

    init() throws {
        server = try TestHTTPServer()
        scratch = try TemporaryDirectory("e2e")
    }

    func run(_ arguments: [String]) throws {
        let result = try NewsreaderProcess.run(arguments + ["--store", store])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }

    /// The reader in tmux on a store that holds `posts` posts of a file (Importerat), and no subscription.
    func readerOnImported(posts: Int) throws -> TmuxSession {
        let file = scratch.path + "/fil.xml"
        try TestFeed.rss(title: "Importerat", count: posts).write(toFile: file, atomically: true, encoding: .utf8)
        try run(["import", file])
        return try TmuxSession(columns: 100, rows: 20, arguments: ["--store", store])
    }

    /// The screen's row that starts with `prefix` (trailing spaces trimmed), if any.
    static func row(_ screen: String, startingWith prefix: String) -> String? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).first { $0.hasPrefix(prefix) }
    }

    @Test func feedsWithCountsFilterAndReadingFlow() throws {
        defer { server.stop() }
        server.route("/feed.xml", .ok(TestFeed.rss(title: "Lokalt flöde", count: 3)))
        server.route("/missing.xml", .status(404))
        let other = scratch.path + "/annat.xml"
        try TestFeed.rss(title: "Annat flöde", count: 2, link: "https://annat.example/").write(toFile: other, atomically: true, encoding: .utf8)
        try run(["import", other])
        try run(["add", "--no-fetch", server.base + "/feed.xml"])
        try run(["add", "--no-fetch", server.base + "/missing.xml"])

        let session = try TmuxSession(columns: 100, rows: 30, arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts")
        try session.send("R")
        try session.waitFor(text: "Refresh: 3 new; failed: ")

        // The error screen: the failing feed, its URL and its whole error; any key closes it.
        try session.send("E")
        var screen = try session.waitFor(text: "Feed errors  1")
        #expect(screen.contains("! \(server.base)/missing.xml  20"), "\(screen)")
        #expect(screen.contains("    HTTP 404"), "\(screen)")
        try session.send("x")
        try session.waitFor("the error screen closed") { !$0.contains("Feed errors") && $0.contains("All posts") }

        // The feeds, by title, each with its unread count; the failed one marked.
        try session.send("f")
        screen = try session.waitFor("the feed rows") { $0.contains("Lokalt flöde") && $0.contains("Feeds  1/4") }
        #expect(Self.row(screen, startingWith: " All feeds ")?.contains(" 5 │") == true, "\(screen)")
        #expect(Self.row(screen, startingWith: " Annat flöde ")?.contains(" 2 │") == true, "\(screen)")
        #expect(Self.row(screen, startingWith: "!http://127.0.0.1") != nil, "\(screen)")
        #expect(Self.row(screen, startingWith: " Lokalt flöde ")?.contains(" 3 │") == true, "\(screen)")

        // Choosing Lokalt flöde: only its three posts.
        try session.send("G")
        screen = try session.waitFor("Lokalt flöde's posts") { $0.contains("Feeds  4/4") && $0.contains("Post 0 v1") }
        #expect(Self.row(screen, startingWith: " Feeds ")?.hasSuffix("│ Lokalt flöde") == true, "\(screen)")
        #expect(screen.contains("Post 1 v1") && screen.contains("Post 2 v1"), "\(screen)")
        // Annat flöde only in the feeds pane: none of its posts listed.
        #expect(screen.components(separatedBy: "Annat flöde").count == 2, "another feed's posts listed:\n\(screen)")

        // The months count its posts; v keeps the feed.
        try session.send("f")
        screen = try session.waitFor("the feed's months") { $0.contains("Archive  1/2") }
        #expect(Self.row(screen, startingWith: " All posts ")?.contains(" 3 │") == true, "\(screen)")
        try session.send("v")
        try session.waitFor(text: "Unread · Lokalt flöde")

        // `.` opens its first unread post (the newest); `C` then marks the rest read, and the count follows.
        try session.send(".")
        try session.waitFor("the first unread post open") { $0.contains("Text 2 om hållbar upphandling") }
        try session.send("C")
        try session.waitFor(text: "Marked 2 posts read (u undoes)")
        try session.send("q", "f")
        screen = try session.waitFor("the feed read") { Self.row($0, startingWith: " Lokalt flöde ")?.contains(" 0 │") == true }
        #expect(Self.row(screen, startingWith: " All feeds ")?.contains(" 2 │") == true, "\(screen)")
        try session.send("Q")
        try session.waitFor(text: "newsreader exited with status 0")
    }

    @Test func refreshWithoutSubscriptionsSaysHowToAddOne() throws {
        let session = try readerOnImported(posts: 1)
        defer { session.kill() }
        try session.waitFor(text: "All posts")
        try session.send("R")
        try session.waitFor(text: "No subscriptions: add one with `newsreader add URL`")
        try session.send("Q")
        try session.waitFor(text: "newsreader exited with status 0")
    }

    /// How many posts the changing feed serves (it grows while the reader runs).
    final class PostCount: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 3
        var count: Int {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    @Test func refreshIntervalBringsNewPostsWithoutMovingTheSelection() throws {
        defer { server.stop() }
        let served = PostCount()
        server.route("/feed.xml") { _ in .ok(TestFeed.rss(title: "Lokalt flöde", count: served.count)) }
        try run(["add", server.base + "/feed.xml"])
        let home = scratch.path + "/config"
        try FileManager.default.createDirectory(atPath: home + "/newsreader", withIntermediateDirectories: true)
        try "refresh-interval = \"1s\"\n".write(toFile: home + "/newsreader/config.toml", atomically: true, encoding: .utf8)

        let session = try TmuxSession(columns: 100, rows: 20, environment: ["XDG_CONFIG_HOME": home],
                                      arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/3")
        try session.send("j")
        try session.waitFor(text: "All posts  2/3")
        // The reader refreshes by itself and says when.
        try session.waitFor("a refresh by itself") { $0.contains("refreshed ") && $0.contains(" UTC") }

        // A newer post on the server: it appears above, and the selected post stays selected.
        served.count = 4
        let screen = try session.waitFor(text: "Post 3 v1", timeout: 15)
        #expect(screen.contains("All posts  3/4"), "\(screen)")
        try session.send("Enter")
        try session.waitFor(text: "Text 1 om hållbar upphandling")
        try session.send("Q")
        try session.waitFor(text: "newsreader exited with status 0")
    }

    @Test func savedSearchFromTheReaderListedAndRemovedByTheCommand() throws {
        let session = try readerOnImported(posts: 3)
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/3")
        try session.send("/")
        try session.type("upphandling")
        try session.send("Enter")
        try session.waitFor(text: "3 hits")
        try session.send("S")
        try session.waitFor(text: "Save search as:")
        try session.type("Inköp")
        try session.send("Enter")
        try session.waitFor(text: "Saved the search as \"Inköp\"")
        // Listed with the feeds, with its count.
        try session.send("Escape", "f")
        let screen = try session.waitFor(text: "Feeds  1/3")
        #expect(Self.row(screen, startingWith: " /Inköp ")?.contains(" 3 │") == true, "\(screen)")
        try session.send("Q")
        try session.waitFor(text: "newsreader exited with status 0")

        let listed = try NewsreaderProcess.run(["searches", "--store", store])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == "Inköp  3  upphandling\n")
        let json = try NewsreaderProcess.run(["searches", "--json", "--store", store])
        let objects = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(objects.count == 1)
        #expect(objects.first?["name"] as? String == "Inköp")
        #expect(objects.first?["query"] as? String == "upphandling")
        #expect(objects.first?["count"] as? Int == 3)
        let removed = try NewsreaderProcess.run(["searches", "--remove", "Inköp", "--store", store])
        #expect(removed.status == 0 && removed.stdout == "Removed the saved search Inköp.\n", "\(removed.stderr)")
        let again = try NewsreaderProcess.run(["searches", "--remove", "Inköp", "--store", store])
        #expect(again.status == 1)
        #expect(again.stderr == "newsreader: no saved search named 'Inköp' (newsreader searches lists them)\n")
        #expect(try NewsreaderProcess.run(["searches", "--store", store]).stdout == "")
    }

    @Test func addAndRemoveFeedsInTheReader() throws {
        defer { server.stop() }
        server.route("/feed.xml", .ok(TestFeed.rss(title: "Lokalt flöde", count: 3)))
        server.route("/page.html", .ok("<html><body>Hej</body></html>", contentType: "text/html"))
        let session = try readerOnImported(posts: 1)
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/1")

        // A page that is no feed: add's one line, nothing subscribed.
        try session.send("+")
        try session.waitFor(text: "Add feed (URL):")
        try session.type(server.base + "/page.html")
        try session.send("Enter")
        try session.waitFor(text: "page.html is a web page that names no feed")

        // A feed: subscribed and fetched by add, in the background; its posts and its row appear.
        try session.send("+")
        try session.type(server.base + "/feed.xml")
        try session.send("Enter")
        try session.waitFor(text: "Subscribed to \(server.base)/feed.xml")
        // The selected post stays selected, below the new ones.
        try session.waitFor(text: "All posts  3/4")
        try session.send("f")
        var screen = try session.waitFor(text: "Feeds  1/3")
        #expect(Self.row(screen, startingWith: " Lokalt flöde ")?.contains(" 3 │") == true, "\(screen)")

        // T: a title of one's own, which a refresh leaves alone.
        try session.send("G", "T")
        try session.waitFor(text: "Feed title (empty: the feed's own): Lokalt flöde")
        try session.send("C-u")
        try session.type("Mitt flöde")
        try session.send("Enter")
        try session.waitFor(text: "Renamed to Mitt flöde; refreshes keep it")
        try session.send("R")
        try session.waitFor(text: "Refresh: 0 new posts")
        screen = try session.capture()
        #expect(Self.row(screen, startingWith: " Mitt flöde ")?.contains(" 3 │") == true, "\(screen)")

        // D on it, p: unsubscribed and its posts deleted.
        try session.send("D")
        try session.waitFor(text: "Remove Mitt flöde? y: keep its posts, p: delete them too")
        try session.send("p")
        try session.waitFor(text: "Removed Mitt flöde and 3 posts.")
        screen = try session.waitFor(text: "Feeds  1/2")
        #expect(!screen.contains("Mitt flöde  "), "\(screen)")
        try session.send("Q")
        try session.waitFor(text: "newsreader exited with status 0")
    }
}

import Foundation
import TestSupport
import Testing

/// The real reader in tmux follows its store: posts that another process
/// imports show by themselves, without `R`, and the selection stays on its post.
@Suite("The reader follows its store") struct ReaderFollowsTheStoreTests {
    @Test("posts another process imports show without R; the selection stays on its post")
    func outsideImports() throws {
        let directory = try TemporaryDirectory("follow")
        let store = directory.file("store.sqlite")
        let first = directory.file("first.xml")
        try TestFeed.rss(title: "Första flödet", count: 3).write(toFile: first, atomically: true, encoding: .utf8)
        #expect(try NewsreaderProcess.run(["import", "--store", store, first]).status == 0)

        let session = try TmuxSession(arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/3")
        try session.send("j")
        try session.waitFor(text: "All posts  2/3")

        // Another process imports two newer posts while the reader runs.
        let second = directory.file("second.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Andra flödet</title><link>https://example.org/</link>
            <item><title>Nyhet från cron</title><guid>c1</guid><pubDate>Wed, 15 Dec 2021 10:00:00 GMT</pubDate><description>Ny.</description></item>
            <item><title>Ännu en nyhet</title><guid>c2</guid><pubDate>Thu, 16 Dec 2021 10:00:00 GMT</pubDate><description>Ny.</description></item>
            </channel></rss>
            """.write(toFile: second, atomically: true, encoding: .utf8)
        let imported = try NewsreaderProcess.run(["import", "--store", store, second])
        #expect(imported.status == 0, "\(imported.stderr)")

        // Shown within a few seconds, no key pressed. The selection stays on
        // "Post 1", now the fourth post of five (it was the second of three).
        let screen = try session.waitFor(text: "All posts  4/5")
        #expect(screen.contains("Nyhet från cron"), "\(screen)")
        #expect(screen.contains("Ännu en nyhet"), "\(screen)")
    }

    /// The reader's writes run beside its loop; quitting waits for them, so
    /// `s` and `Q` typed together still star the post.
    @Test("s and Q typed together still star the post")
    func starThenQuit() throws {
        let directory = try TemporaryDirectory("quit")
        let store = directory.file("store.sqlite")
        let feed = directory.file("feed.xml")
        try TestFeed.rss(title: "Flödet", count: 3).write(toFile: feed, atomically: true, encoding: .utf8)
        #expect(try NewsreaderProcess.run(["import", "--store", store, feed]).status == 0)

        let session = try TmuxSession(arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/3")
        try session.send("s", "Q")
        try session.waitFor(text: "newsreader exited with status 0")
        let starred = try NewsreaderProcess.run(["list", "--store", store, "--starred"])
        #expect(starred.status == 0, "\(starred.stderr)")
        #expect(starred.stdout.split(separator: "\n").count == 1, "\(starred.stdout)")
        #expect(starred.stdout.contains("Post 2 v1"), "\(starred.stdout)")
    }
}

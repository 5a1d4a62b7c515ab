import Foundation
import GRDB
import NewsCore
import NewsRuntime
import NewsUI
import StoreTestSupport
import TestSupport
import Testing

/// The runtime around the pure UI, on stores on disk: another process's
/// posts show by themselves without moving the selection, and the reader's
/// writes never hold up its keys, even while another process holds the
/// store's write lock.
@Suite struct StoreFollowingTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    var path: String { directory.file("store.sqlite") }

    init() throws {
        directory = try TemporaryDirectory("following")
        database = try AppDatabase.open(StoreLocation(path: directory.file("store.sqlite"), origin: .option))
        try database.save(feed: FixtureStore.feed, posts: Fixtures.mixedPosts.map(IncomingPost.init), now: Fixtures.date(2022, 3, 1))
    }

    func program(clock: any RuntimeClock = SystemClock()) -> ReaderProgram {
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 80, rows: 24), clock: clock)
        program.start()
        return program
    }

    @Test("posts another process imports show within the check interval; the selected post stays selected")
    func outsideImportsShowByThemselves() throws {
        let clock = ManualClock()
        let program = program(clock: clock)
        program.press(.down, .down)
        #expect(program.state.list.selectedPost?.title == "東京の公共調達について")

        // Another process (here another connection) imports two newer posts.
        let other = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        try other.save(feed: FixtureStore.feed, posts: [
            IncomingPost(FixturePost("n1", "Nytt inlägg ett", Fixtures.date(2022, 3, 2), "Nytt.")),
            IncomingPost(FixturePost("n2", "Nytt inlägg två", Fixtures.date(2022, 3, 3), "Nytt.")),
        ])

        // Before the interval has passed nothing is asked.
        program.tick()
        program.waitForWrites()
        #expect(program.state.list.total == 10)

        clock.advance(by: ReaderProgram.changeCheckInterval)
        program.tick()
        program.waitForWrites()
        #expect(program.state.list.total == 12)
        #expect(program.state.list.selectedPost?.title == "東京の公共調達について", "the selection moved off its post")
        #expect(program.state.list.selected == 4)
        let screen = program.screen
        #expect(screen[5].contains("東京の公共調達について"), "\(screen.joined(separator: "\n"))")
        #expect(screen[1].contains("All posts           12"), "\(screen[1])")
        #expect(program.state.message == nil, "a change from outside says nothing")

        // Nothing changed since: the next check reads nothing anew.
        let generation = program.state.list.generation
        clock.advance(by: ReaderProgram.changeCheckInterval)
        program.tick()
        program.waitForWrites()
        #expect(program.state.list.generation == generation)
        #expect(program.state.list.total == 12)
    }

    @Test("in a long list the selected post keeps its row on the screen")
    func selectionKeepsItsRow() throws {
        try database.save(feed: FixtureStore.feed, posts: (0..<60).map {
            IncomingPost(FixturePost("old\($0)", "Äldre inlägg \($0)", Fixtures.date(2020, 1, 1) - Int64($0) * 86_400, "Text."))
        })
        let clock = ManualClock()
        let program = program(clock: clock)
        program.press(.pageDown, .pageDown, .down)
        let title = try #require(program.state.list.selectedPost?.title)
        let row = program.state.list.selected - program.state.list.top
        #expect(program.state.list.top > 0)

        let other = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        try other.save(feed: FixtureStore.feed, posts: (0..<3).map {
            IncomingPost(FixturePost("new\($0)", "Nyare \($0)", Fixtures.date(2023, 1, 1 + $0), "Text."))
        })
        clock.advance(by: ReaderProgram.changeCheckInterval)
        program.tick()
        program.waitForWrites()
        #expect(program.state.list.total == 73)
        #expect(program.state.list.selectedPost?.title == title)
        #expect(program.state.list.selected - program.state.list.top == row)
        #expect(program.screen[1 + row].contains(title))
    }

    @Test("the reader's own writes are not taken for another process's")
    func ownWritesAreNotChanges() throws {
        let before = try database.dataVersion()
        try database.setStarred(true, postID: 1)
        #expect(try database.dataVersion() == before)
        let other = try AppDatabase.open(StoreLocation(path: path, origin: .option))
        try other.setStarred(false, postID: 1)
        #expect(try database.dataVersion() != before)
    }

    @Test("a post's place in a listing, newest first, posts without a date last")
    func positions() throws {
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(FixturePost("u1", "Odaterad ett", nil, "Text.")),
            IncomingPost(FixturePost("u2", "Odaterad två", nil, "Text.")),
        ])
        let all = try database.posts(.all, limit: 100)
        for (index, post) in all.enumerated() {
            #expect(try database.position(ofPost: post.id, in: .all) == index, "\(post.title)")
        }
        let december = try database.posts(.month("2021-12"), limit: 100)
        #expect(try database.position(ofPost: december[3].id, in: .month("2021-12")) == 3)
        #expect(try database.position(ofPost: all[0].id, in: .month("2021-12")) == nil, "not in that month")
        #expect(try database.position(ofPost: 999, in: .all) == nil)
    }

    @Test("a write waits for another process's write lock; the keys and the screen do not")
    func writesDoNotHoldUpTheKeys() throws {
        let program = program()
        let lock = try WriteLock(path)
        program.press(.character("s"))
        // Shown at once, though the store cannot take it yet.
        #expect(program.state.message?.text == "Starred")
        #expect(program.state.list.rows[0].isStarred)
        #expect(try database.article(id: program.state.list.rows[0].id)?.post.isStarred == false)
        program.press(.down, .enter)
        #expect(program.state.focus == .article, "reads go on beside the waiting write")
        #expect(program.state.article?.article.post.title == "“Citat” om återvinning och miljö")
        // Back in the list its rows are read from the store again: they show
        // the flags on their way, not the store's older ones.
        program.press(.character("q"))
        #expect(program.state.list.rows[0].isStarred)
        #expect(program.state.list.rows[1].isRead)
        #expect(!program.screen[2].contains("│ N "), "\(program.screen[2])")
        #expect(try database.posts(.all, limit: 2)[1].isRead == false)
        try lock.release()
        program.waitForWrites()
        let first = try #require(try database.posts(.all, limit: 2).first)
        #expect(first.isStarred)
        #expect(try database.posts(.all, limit: 2)[1].isRead, "opening marked it read, after the star")
        #expect(program.state.message == nil || program.state.message?.isError == false)
    }

    @Test("a write the store never takes says so in one line, and the list shows what the store holds")
    func aFailedWriteSaysSo() throws {
        let program = program()
        let lock = try WriteLock(path)
        program.press(.character("s"))
        #expect(program.state.list.rows[0].isStarred)
        // The store's busy timeout passes with the lock still held.
        program.waitForWrites()
        let message = try #require(program.state.message)
        #expect(message.isError)
        #expect(message.text.hasPrefix("Not saved: "), "\(message.text)")
        #expect(message.text.contains("locked"), "\(message.text)")
        #expect(!message.text.contains("\n"))
        #expect(program.state.list.rows[0].isStarred == false, "the row shows the store again")
        try lock.release()
    }
}

/// Another connection holding the store's write lock, as an import in
/// another process does, until `release`.
final class WriteLock {
    private let queue: DatabaseQueue
    private var held = true

    init(_ path: String) throws {
        var configuration = Configuration()
        // The transaction stays open across accesses, on purpose.
        configuration.allowsUnsafeTransactions = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
    }

    func release() throws {
        guard held else { return }
        held = false
        try queue.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
    }

    deinit { try? release() }
}

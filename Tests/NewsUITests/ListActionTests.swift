import Foundation
import NewsCore
import Testing
@testable import NewsUI

/// Issue 11: `A` marks exactly the posts the list held, `r` and `s` on a
/// post another process purged say so, and a mail link may not attach files.
@Suite("The reader acts on what it shows")
struct ListActionTests {
    func unread(_ database: AppDatabase) throws -> Int {
        try database.posts(.all, limit: 1_000).filter { !$0.isRead }.count
    }

    @Test("A marks the posts the list counted, not those another process imported since")
    func markAllReadIsBounded() throws {
        let database = try ReaderFixtures.mixedStore()
        let program = ReaderFixtures.program(database)
        #expect(program.state.list.total == 10)
        // Another process imports 30 posts while the list shows its 10.
        let later = (0..<30).map { ReaderFixtures.post("later\($0)", "Senare \($0)", ReaderFixtures.date(2022, 2, 10), "x") }
        try database.save(feed: Feed(title: "Annat", source: "/annat.xml"), posts: later)
        program.press(.character("A"))
        #expect(program.screen[23].contains("Marked 10 posts read (u undoes)"), "\(program.screen[23])")
        #expect(try unread(database) == 30)
        program.press(.character("u"))
        #expect(try unread(database) == 40)
        // After the list is read again (a refresh), A covers the new posts too.
        program.send(.refreshFinished(newPosts: 30, failures: []))
        #expect(program.state.list.total == 40)
        program.press(.character("A"))
        #expect(try unread(database) == 0)
    }

    @Test("r and s on a post purged meanwhile show that it is gone")
    func flagsOnAGonePost() throws {
        let database = try ReaderFixtures.mixedStore()
        let program = ReaderFixtures.program(database)
        let id = try #require(program.state.list.selectedPost?.id)
        try database.deletePost(id: id)
        program.press(.character("r"))
        #expect(program.screen[23].contains("That post is no longer in the store"), "\(program.screen[23])")
        #expect(program.state.message?.isError == true)
        program.press(.character("s"))
        #expect(program.screen[23].contains("That post is no longer in the store"), "\(program.screen[23])")
        // A post that is there still toggles.
        program.press(.down, .character("s"))
        #expect(program.screen[23].contains("Starred"), "\(program.screen[23])")
    }
}

import Foundation
import NewsCore
import NewsModel
import NewsRuntime
import StoreTestSupport
import TestSupport
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
        let database = try FixtureStore.inMemory()
        let program = ReaderProgram.started(database)
        #expect(program.state.list.total == 10)
        // Another process imports 30 posts while the list shows its 10.
        let later = (0..<30).map { IncomingPost(FixturePost("later\($0)", "Senare \($0)", Fixtures.date(2022, 2, 10), "x")) }
        try database.save(feed: Feed(title: "Annat", source: "/annat.xml"), posts: later)
        program.press(.character("A"))
        program.waitForWrites()
        #expect(program.screen[23].contains("Marked 10 posts read (u undoes)"), "\(program.screen[23])")
        #expect(try unread(database) == 30)
        program.press(.character("u"))
        program.waitForWrites()
        #expect(try unread(database) == 40)
        // After the list is read again (a refresh), A covers the new posts too.
        program.send(.refreshFinished(newPosts: 30, failures: []))
        #expect(program.state.list.total == 40)
        program.press(.character("A"))
        program.waitForWrites()
        #expect(try unread(database) == 0)
    }

    @Test("r and s on a post purged meanwhile show that it is gone")
    func flagsOnAGonePost() throws {
        let database = try FixtureStore.inMemory()
        let program = ReaderProgram.started(database)
        let id = try #require(program.state.list.selectedPost?.id)
        try database.deletePost(id: id)
        // Said once the write has tried (writes run beside the loop), and
        // the list is read again: the post is no longer in it.
        program.press(.character("r"))
        program.waitForWrites()
        #expect(program.screen[23].contains("That post is no longer in the store"), "\(program.screen[23])")
        #expect(program.state.message?.isError == true)
        #expect(program.state.list.total == 9)
        let next = try #require(program.state.list.selectedPost?.id)
        #expect(next != id)
        try database.deletePost(id: next)
        program.press(.character("s"))
        program.waitForWrites()
        #expect(program.screen[23].contains("That post is no longer in the store"), "\(program.screen[23])")
        #expect(program.state.list.total == 8)
        // A post that is there still toggles.
        program.press(.character("s"))
        program.waitForWrites()
        #expect(program.screen[23].contains("Starred"), "\(program.screen[23])")
    }

    @Test("a query longer than a search takes says so beside the hit count")
    func queryCut() throws {
        let program = ReaderProgram.started(try FixtureStore.inMemory(), columns: 100)
        program.press(.character("/"))
        program.type("upphandling")
        #expect(program.waitForSearches())
        #expect(program.screen[23].hasSuffix(" 3 hits "), "\(program.screen[23])")
        program.type(String(repeating: " upphandling", count: SearchQuery.maximumWords))
        #expect(program.waitForSearches())
        #expect(program.screen[23].hasSuffix(" query cut to fit · 3 hits "), "\(program.screen[23])")
    }

    @Test("a mailto link is opened only with to, cc, subject and body")
    func mailtoFields() throws {
        for link in ["mailto:a@example.se", "MAILTO:a@example.se?subject=Hej&body=Text%20h%C3%A4r",
                     "mailto:a@example.se?to=b@example.se&cc=c@example.se&SUBJECT=x", "mailto:?body=x&&subject=y"] {
            #expect(LinkPolicy.refusal(of: link) == nil, "\(link)")
        }
        for link in ["mailto:a@example.se?attach=/etc/passwd", "mailto:a@example.se?subject=x&attachment=/etc/shadow",
                     "mailto:a@example.se?ATTACH=/etc/passwd", "mailto:a@example.se?%61ttach=/etc/passwd",
                     "mailto:a@example.se?body=x&bcc=spy@example.se", "mailto:a@example.se?attach",
                     "mailto:a@example.se?%zz=1", "mailto:a@example.se?in-reply-to=x&X-Mailer=y"] {
            #expect(LinkPolicy.refusal(of: link) == .mailField, "\(link)")
        }
        #expect(LinkPolicy.refusal(of: "file:///etc/passwd") == .scheme)

        let database = try AppDatabase.inMemory()
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "a", title: "Brev", link: "mailto:a@example.se?attach=/etc/passwd", published: 2, contentHTML: ""),
            IncomingPost(guid: "b", title: "Post", link: "mailto:a@example.se?subject=Hej", published: 1, contentHTML: ""),
        ])
        var opened: [String] = []
        let program = ReaderProgram(database: database, size: ScreenSize(columns: 100, rows: 24),
                                    openLink: { opened.append($0); return nil })
        program.start()
        program.press(.character("o"))
        #expect(opened.isEmpty)
        #expect(program.screen[23].contains("Not opened: the mail link asks for more than to, cc, subject and body"),
                "\(program.screen[23])")
        program.press(.down, .character("o"))
        #expect(opened == ["mailto:a@example.se?subject=Hej"])
    }
}

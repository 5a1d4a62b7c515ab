import NewsModel
import NewsUI
import Testing
@testable import NewsRuntime

/// What the reader reads while its writes are on their way: rows and
/// articles get the flags they will have, in the order the writes were asked.
@Suite struct PendingWritesTests {
    static func row(_ id: Int64, month: String = "2021-12", isRead: Bool = false, isStarred: Bool = false) -> PostSummary {
        PostSummary(id: id, title: "Inlägg \(id)", published: nil, month: month, feed: "Flöde", link: nil,
                    isRead: isRead, isStarred: isStarred)
    }

    @Test("flags apply in order; a later write wins")
    func flagsInOrder() {
        var pending = PendingWrites()
        pending.add(.flags(ids: [1, 2], isRead: true, isStarred: nil))
        pending.add(.flags(ids: [2], isRead: false, isStarred: true))
        let rows = pending.patch([Self.row(1), Self.row(2), Self.row(3)])
        #expect(rows.map(\.isRead) == [true, false, false])
        #expect(rows.map(\.isStarred) == [false, true, false])
    }

    @Test("mark all read covers the list's posts: its month, up to the newest it counted")
    func markAllRead() {
        var pending = PendingWrites()
        pending.add(.markedRead(.filter(.month("2021-12")), upTo: 10))
        let rows = pending.patch([Self.row(5), Self.row(11), Self.row(6, month: "2022-01")])
        #expect(rows.map(\.isRead) == [true, false, false])
        var search = PendingWrites()
        search.add(.markedRead(.search(SearchResults(query: SearchQuery("x"), ids: [7])), upTo: nil))
        let found = search.patch([Self.row(7), Self.row(8)])
        #expect(found.map(\.isRead) == [true, false])
        var uncounted = PendingWrites()
        uncounted.add(.markedRead(.filter(.all), upTo: nil))
        let notCounted = uncounted.patch([Self.row(1)])
        #expect(notCounted.map(\.isRead) == [false], "a list not counted yet marks nothing")
    }

    @Test("a read while writes were on their way asks for the store to be read again once they are in")
    func readMeanwhile() {
        var pending = PendingWrites()
        let before = pending.patch([Self.row(1)])
        #expect(before.map(\.isRead) == [false])
        pending.add(nil)
        pending.add(.flags(ids: [1], isRead: true, isStarred: nil))
        let first = pending.finishOne()
        #expect(!first, "not the last write")
        pending.noteRead()
        let last = pending.finishOne()
        #expect(last, "the last one, after a read")
        pending.add(nil)
        let unread = pending.finishOne()
        #expect(!unread, "no read meanwhile")
        let after = pending.patch([Self.row(1)])
        #expect(after.map(\.isRead) == [false], "nothing on its way any more")
    }
}

import NewsCore
import NewsModel
import StoreTestSupport
import TestSupport
import Testing

/// The store's side of the reader's feeds: filters that combine a view, a
/// month and a feed; the months counted for a feed and a view; per-feed
/// unread counts; and the next unread post after one.
@Suite("Listings by feed, month and view")
struct FeedListingTests {
    /// Exempelbloggen's ten posts (three months) and two of Grannbloggen, one of them undated.
    func twoFeeds() throws -> (AppDatabase, exempel: Int64, granne: Int64) {
        let database = try FixtureStore.inMemory()
        try database.save(feed: Feed(url: "https://granne.example/feed", title: "Grannbloggen"), posts: [
            IncomingPost(guid: "g1", title: "Grannens nyhet", published: Fixtures.date(2022, 2, 5), contentHTML: "a"),
            IncomingPost(guid: "g2", title: "Grannens odaterade", contentHTML: "b"),
        ], now: Fixtures.stored)
        let feeds = try database.feeds()
        return (database, feeds.first { $0.title == Fixtures.feedTitle }!.id!, feeds.first { $0.title == "Grannbloggen" }!.id!)
    }

    @Test("a view, a month and a feed together pick exactly their posts, as a page, a count and a position")
    func combinedFilters() throws {
        let (database, exempel, granne) = try twoFeeds()
        let december = try database.posts(.month("2021-12"), limit: 100)
        try database.setRead(true, postID: december[0].id)
        try database.setStarred(true, postID: december[1].id)
        let unreadDecember = PostFilter(view: .unread, months: .one("2021-12"), feedID: exempel)
        #expect(try database.listCount(unreadDecember).total == 5)
        #expect(try database.posts(unreadDecember, limit: 100).map(\.id) == Array(december.dropFirst()).map(\.id))
        #expect(try database.position(ofPost: december[2].id, in: unreadDecember) == 1)
        #expect(try database.listCount(PostFilter(view: .starred, feedID: exempel)).total == 1)
        #expect(try database.listCount(PostFilter(view: .starred, feedID: granne)).total == 0)
        #expect(try database.posts(PostFilter(months: .one(nil), feedID: granne), limit: 10).map(\.title) == ["Grannens odaterade"])
        #expect(try database.listCount(PostFilter(feedID: granne)).total == 2)
        // Marking a feed's posts read marks no other feed's.
        #expect(try database.markAllRead(PostFilter(feedID: granne), upTo: Int64.max).count == 2)
        #expect(try database.listCount(.unread).total == 9)
    }

    @Test("the months of a feed, each counting the posts of the view; months without any stay, with 0")
    func monthsFollowFeedAndView() throws {
        let (database, exempel, granne) = try twoFeeds()
        #expect(try database.archiveMonths() == [ArchiveMonth(month: "2022-02", count: 3), ArchiveMonth(month: "2022-01", count: 2),
                                                 ArchiveMonth(month: "2021-12", count: 6), ArchiveMonth(month: nil, count: 1)])
        #expect(try database.archiveMonths(PostFilter(feedID: granne)) == [ArchiveMonth(month: "2022-02", count: 1),
                                                                          ArchiveMonth(month: nil, count: 1)])
        let january = try database.posts(.month("2022-01"), limit: 10)
        for post in january { try database.setRead(true, postID: post.id) }
        #expect(try database.archiveMonths(PostFilter(view: .unread, feedID: exempel)) == [
            ArchiveMonth(month: "2022-02", count: 2), ArchiveMonth(month: "2022-01", count: 0),
            ArchiveMonth(month: "2021-12", count: 6)])
        // The filter's own month does not narrow the months.
        #expect(try database.archiveMonths(PostFilter(view: .unread, months: .one("2021-12"))).count == 4)
    }

    @Test("every feed with its unread count and its last error")
    func feedCounts() throws {
        let (database, exempel, granne) = try twoFeeds()
        try database.setRead(true, postID: try database.posts(PostFilter(feedID: exempel), limit: 1)[0].id)
        try database.recordFetch(feedID: granne, FetchRecord(time: 100, error: "HTTP 404"))
        let statuses = try database.feedStatuses()
        #expect(statuses.map(\.feed.title) == [Fixtures.feedTitle, "Grannbloggen"])
        #expect(statuses.map(\.unreadCount) == [9, 2])
        #expect(statuses.map(\.postCount) == [10, 2])
        #expect(statuses.map(\.feed.lastError) == [nil, "HTTP 404"])
    }

    @Test("the next unread post after one, in the listing's order: read ones skipped, undated last, nil at the end")
    func nextUnread() throws {
        let (database, _, granne) = try twoFeeds()
        let all = try database.posts(.all, limit: 100)
        #expect(all.map(\.title).last == "Grannens odaterade")
        #expect(try database.nextUnread(in: .all, after: nil)?.id == all[0].id)
        try database.setRead(true, postID: all[1].id)
        try database.setRead(true, postID: all[2].id)
        #expect(try database.nextUnread(in: .all, after: all[0].id)?.id == all[3].id)
        // After the last dated post: the undated one; after that, none.
        #expect(try database.nextUnread(in: .all, after: all[10].id)?.title == "Grannens odaterade")
        #expect(try database.nextUnread(in: .all, after: all[11].id) == nil)
        // Within a feed, and in the unread view from a post that is read by now.
        #expect(try database.nextUnread(in: PostFilter(view: .unread, feedID: granne), after: all[1].id)?.title == "Grannens odaterade")
        #expect(try database.nextUnread(in: .month("2022-02"), after: all[0].id) == nil)
    }
}

/// Searches kept under a name, with live counts.
@Suite("Saved searches")
struct SavedSearchStoreTests {
    @Test("saved, listed by name with their counts now, replaced under the same name, removed")
    func saveListRemove() throws {
        let database = try FixtureStore.inMemory()
        try database.saveSearch(name: "Öl", query: "ölförsäljning")
        try database.saveSearch(name: "inköp", query: "upphandling")
        try database.saveSearch(name: "Trasig", query: "month:2021-13")
        #expect(try database.savedSearches() == [
            SavedSearch(name: "inköp", query: "upphandling", count: try database.searchCount(SearchQuery("upphandling"))),
            SavedSearch(name: "Trasig", query: "month:2021-13", count: 0),
            SavedSearch(name: "Öl", query: "ölförsäljning", count: 1),
        ])
        // The same name again: the query replaced, one search.
        try database.saveSearch(name: "Öl", query: "öl*")
        #expect(try database.savedSearches().filter { $0.name == "Öl" }.map(\.query) == ["öl*"])
        // Counts are live: a new post that matches counts at once.
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "ny", title: "Mer om upphandling", published: Fixtures.date(2022, 3, 2), contentHTML: "x"),
        ])
        #expect(try database.savedSearches().first { $0.name == "inköp" }?.count
                == (try database.searchCount(SearchQuery("upphandling"))))
        #expect(try database.removeSavedSearch(name: "Öl"))
        #expect(try !database.removeSavedSearch(name: "Öl"))
        #expect(try database.savedSearches().map(\.name) == ["inköp", "Trasig"])
    }
}

/// A feed's own title, given in the reader.
@Suite("Feed titles of one's own")
struct LocalFeedTitleTests {
    @Test("a local title survives a re-import and a refresh's title; emptied, the source's title comes back")
    func localTitleKept() throws {
        let database = try FixtureStore.inMemory()
        let id = try #require(try database.feeds().first?.id)
        try database.renameFeed(id: id, title: "  Min blogg ")
        #expect(try database.feeds().map(\.title) == ["Min blogg"])
        #expect(try database.posts(limit: 1).first?.feed == "Min blogg")
        // The source sends its title again (an import or a refresh writes it).
        try database.save(feed: FixtureStore.feed, posts: [
            IncomingPost(guid: "ny", title: "Ny", published: Fixtures.date(2022, 3, 2), contentHTML: "x"),
        ])
        var renamed = try #require(try database.feeds().first)
        #expect(renamed.title == "Min blogg")
        renamed.title = "Något annat"
        try database.update(renamed)
        #expect(try database.feeds().map(\.title) == ["Min blogg"])
        #expect(try database.feedStatuses().map(\.feed.title) == ["Min blogg"])
        // Emptied: the next write of the source's title stands.
        try database.renameFeed(id: id, title: "")
        try database.save(feed: FixtureStore.feed, posts: [])
        #expect(try database.feeds().map(\.title) == [Fixtures.feedTitle])
        #expect(throws: StoreError.notFound(what: "feed 999")) { try database.renameFeed(id: 999, title: "x") }
    }
}

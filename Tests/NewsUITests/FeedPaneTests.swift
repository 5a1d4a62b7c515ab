import NewsModel
import TestSupport
import Testing
@testable import NewsUI

/// The left pane's feeds (`f`): rows with unread counts and failures
/// marked, a feed chosen narrows the list and the months, `v` keeps the feed
/// and month; and the reading flow: `.` (next unread) and `C` (feed read).
@Suite("Feeds in the left pane")
struct FeedPaneTests {
    /// Ten posts of Exempelbloggen (three months) and three of Grannbloggen.
    static let neighbourPosts: [FixturePost] = [
        FixturePost("g1", "Grannens nyhet om skolan", Fixtures.date(2022, 2, 5), "Skolan."),
        FixturePost("g2", "Grannens julmarknad", Fixtures.date(2021, 12, 18), "Jul."),
        FixturePost("g3", "Grannens äldsta inlägg", Fixtures.date(2021, 12, 2), "Gammalt."),
    ]

    func twoFeeds(columns: Int = 80, rows: Int = 24, language: Language = .english) -> ReaderHarness {
        let program = ReaderHarness(columns: columns, rows: rows, language: language, start: false)
        program.add(Self.neighbourPosts, feedTitle: "Grannbloggen")
        program.start()
        return program
    }

    func neighbourID(_ program: ReaderHarness) -> Int64 {
        program.feeds.first { $0.feed.title == "Grannbloggen" }!.feed.id!
    }

    func titles(_ program: ReaderHarness) -> [String] {
        program.state.list.rows.map(\.title)
    }

    @Test("f shows one row per feed with its unread count, the failing one marked; f again the months")
    func feedRowsWithCountsAndStyles() {
        let program = twoFeeds()
        program.feedErrors[neighbourID(program)] = "HTTP 404"
        program.press(.character("r"))
        program.press(.character("f"))
        var expected = ExpectedScreen(width: 80, [
            " Feeds                  │ All posts",
            " All feeds           12 │    2022-02-08  Hållbar upphandling i G…  Exempelblog…",
            " Exempelbloggen       9 │ N  2022-02-05  Grannens nyhet om skolan  Grannbloggen",
            "!Grannbloggen         3 │ N  2022-02-01  “Citat” om återvinning …  Exempelblog…",
            "                        │ N  2022-01-25  東京の公共調達について    Exempelblog…",
            "                        │ N  2022-01-13  Emoji 🎉 fest för 🇸🇪 Sv…  Exempelblog…",
            "                        │ N  2021-12-20  Café och crème brûlée     Exempelblog…",
            "                        │ N  2021-12-18  Grannens julmarknad       Grannbloggen",
            "                        │ N  2021-12-16  En mycket lång rubrik s…  Exempelblog…",
            "                        │ N  2021-12-14  Öppna data och ärlighet   Exempelblog…",
            "                        │ N  2021-12-08  Farlig ^[[31mrubrik^[[0…  Exempelblog…",
            "                        │ N  2021-12-03  Upphandlingsmyndigheten…  Exempelblog…",
            "                        │ N  2021-12-02  Grannens äldsta inlägg    Grannbloggen",
            "                        │ N  2021-12-01  Ändrade regler för ölfö…  Exempelblog…",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            "                        │",
            " Feeds  1/3                                Enter:show  Tab:list  ?:help  q:back",
        ])
        expected.style(.header, row: 0)
        expected.style(.border, rows: 0..<23, columns: 24..<25)
        // The pane has the keys: its row selected, the list's dimmed.
        expected.style(.selection, row: 1, columns: 0..<24)
        expected.style(.selectionInactive, row: 1, columns: 25..<80)
        // The feed whose last refresh failed: its mark in the error style.
        expected.style(.error, row: 3, columns: 0..<1)
        expected.style(.unread, rows: 2..<14, columns: 25..<80)
        expected.style(.dim, rows: 2..<14, columns: 29..<39)
        expected.style(.dim, rows: 2..<14, columns: 67..<79)
        expected.style(.status, row: 23)
        expectScreen(program, expected)

        program.press(.character("f"))
        #expect(program.screen[0].hasPrefix(" Archive "))
        #expect(program.screen[1].hasPrefix(" All posts           13 "))
        #expect(program.screen[23].hasPrefix(" Archive  1/4"))
    }

    @Test("choosing a feed lists only its posts, and the months count only its posts")
    func choosingAFeedNarrowsListAndMonths() {
        let program = twoFeeds()
        program.press(.character("f"), .down, .down)
        #expect(program.state.chosen == PostFilter(feedID: neighbourID(program)))
        #expect(titles(program) == ["Grannens nyhet om skolan", "Grannens julmarknad", "Grannens äldsta inlägg"])
        #expect(program.screen[0].contains("│ Grannbloggen"))
        program.press(.character("f"))
        #expect(program.state.archive.months == [ArchiveMonth(month: "2022-02", count: 1),
                                                 ArchiveMonth(month: "2021-12", count: 2)])
        assertScreenPrefix(program, [
            " Archive                │ Grannbloggen",
            " All posts            3 │ N  2022-02-05  Grannens nyhet om skolan",
            " February 2022 ███    1 │ N  2021-12-18  Grannens julmarknad",
            " December 2021 ██████ 2 │ N  2021-12-02  Grannens äldsta inlägg",
            "                        │",
        ])
        // A month of the feed: the feed's posts of that month.
        program.press(.down, .down)
        #expect(titles(program) == ["Grannens julmarknad", "Grannens äldsta inlägg"])
        #expect(program.screen[0].contains("│ Grannbloggen · December 2021"))
        // All feeds again: every post of December.
        program.press(.character("f"), .character("g"))
        #expect(program.state.chosen == .all)
        #expect(program.state.list.total == 13)
    }

    @Test("v keeps the feed and the month; in the unread view the months count unread posts")
    func viewKeepsFeedAndMonth() {
        let program = twoFeeds()
        program.press(.character("a"), .down, .down, .down)   // December 2021
        #expect(program.state.chosen == .month("2021-12"))
        program.press(.tab, .character("r"), .down, .character("r"))   // two of December read
        program.press(.character("v"))
        #expect(program.state.chosen == PostFilter(view: .unread, months: .one("2021-12")))
        #expect(program.state.list.total == 6)
        #expect(program.state.archive.months.map(\.count) == [3, 2, 6])
        #expect(program.screen[0].contains("│ Unread · December 2021"))
        #expect(program.state.archive.selected == 3)
        // Reading one more: the month's unread count follows at once.
        program.press(.enter)
        #expect(program.state.archive.months.map(\.count) == [3, 2, 5])
        // Starred, then all posts again: still December.
        program.press(.character("q"), .character("v"))
        #expect(program.state.chosen == PostFilter(view: .starred, months: .one("2021-12")))
        program.press(.character("v"))
        #expect(program.state.chosen == .month("2021-12"))
        #expect(program.state.list.total == 8)
        // With a feed chosen, v keeps it too.
        program.press(.character("f"), .down, .down, .character("v"))
        #expect(program.state.chosen == PostFilter(view: .unread, feedID: neighbourID(program)))
    }

    @Test("reading a post lowers its feed's unread count at once")
    func readingLowersTheFeedCount() {
        let program = twoFeeds()
        program.press(.character("f"), .tab, .enter)
        #expect(program.state.archive.feeds.map(\.unreadCount) == [9, 3])
        program.press(.character("q"), .character("a"))
        #expect(program.screen[1].hasPrefix(" All feeds           12 "))
        program.press(.tab, .enter)
        program.press(.character("r"))
        #expect(program.state.archive.feeds.map(\.unreadCount) == [10, 3])
    }

    @Test("in Swedish: Flöden, Alla flöden")
    func swedish() {
        let program = twoFeeds(language: .swedish)
        program.press(.character("f"))
        assertScreenPrefix(program, [
            " Flöden                 │ Alla inlägg",
            " Alla flöden         13 │ N  2022-02-08  Hållbar upphandling i G…  Exempelblog…",
            " Exempelbloggen      10 │ N  2022-02-05  Grannens nyhet om skolan  Grannbloggen",
            " Grannbloggen         3 │ N  2022-02-01  “Citat” om återvinning …  Exempelblog…",
        ])
        #expect(program.screen[23].hasPrefix(" Flöden  1/3"))
    }

    // MARK: - The reading flow

    @Test(". opens the next unread post: down the list, past read ones, then the next month")
    func nextUnreadAcrossTheListAndMonths() {
        let program = twoFeeds()
        program.press(.character("a"), .down)   // February 2022: p1, g1, p2
        program.press(.tab, .character("r"))    // p1 read
        program.press(.character("."))
        #expect(program.state.article?.article.post.title == "Grannens nyhet om skolan")
        program.press(.character("."))
        #expect(program.state.article?.article.post.title == "“Citat” om återvinning och miljö")
        // None left in February: January's first unread, in January.
        program.press(.character("."))
        #expect(program.state.chosen == .month("2022-01"))
        #expect(program.state.article?.article.post.title == "東京の公共調達について")
        #expect(program.state.list.selected == 0)
        #expect(program.state.archive.selected == 2)
        // In all posts the list goes on by itself.
        program.press(.character("q"), .character("a"), .character("g"), .tab, .character("G"))
        #expect(program.state.list.selectedPost?.title == "Ändrade regler för ölförsäljning")
        program.press(.enter, .character("."))
        #expect(program.state.message?.text == "No more unread posts")
        #expect(program.state.article?.article.post.title == "Ändrade regler för ölförsäljning")
    }

    @Test(". with a feed chosen: its unread posts, then the next feed with unread posts")
    func nextUnreadAcrossFeeds() {
        let program = twoFeeds()
        program.press(.character("f"), .down)   // Exempelbloggen
        program.press(.tab, .character("G"), .enter)  // its last post, read
        program.press(.character("."))
        #expect(program.state.chosen == PostFilter(feedID: neighbourID(program)))
        #expect(program.state.article?.article.post.title == "Grannens nyhet om skolan")
        #expect(program.state.archive.selected == 2)
        #expect(program.state.list.selected == 0)
    }

    @Test("C marks the chosen feed read, every month of it; u makes it unread again")
    func markFeedRead() {
        let program = twoFeeds()
        program.press(.character("C"))
        #expect(program.state.message?.text == "Choose a feed first (f shows the feeds)")
        program.press(.character("f"), .down, .down, .character("C"))
        #expect(program.posts.filter { $0.feedId == neighbourID(program) }.allSatisfy { $0.isRead })
        #expect(program.posts.filter { $0.feedId != neighbourID(program) }.allSatisfy { !$0.isRead })
        #expect(program.state.archive.feeds.map(\.unreadCount) == [10, 0])
        #expect(program.state.list.rows.allSatisfy { $0.isRead })
        #expect(program.state.message?.text == "Marked 3 posts read (u undoes)")
        program.press(.character("u"))
        #expect(program.posts.allSatisfy { !$0.isRead })
        #expect(program.state.archive.feeds.map(\.unreadCount) == [10, 3])
    }

    // MARK: - Refresh: no subscriptions, the error screen

    @Test("R without a subscription says how to add one")
    func refreshWithoutSubscriptions() {
        let program = twoFeeds()
        program.press(.character("R"))
        program.send(.refreshProgress(done: 0, total: 0))
        program.send(.refreshFinished(newPosts: 0, failures: []))
        #expect(program.state.message == StatusMessage("No subscriptions: add one with `newsreader add URL`"))
        #expect(program.screen[23].hasSuffix("No subscriptions: add one with `newsreader add URL` "))
        // With feeds to fetch, the count as before.
        program.press(.character("R"))
        program.send(.refreshProgress(done: 1, total: 1))
        program.send(.refreshFinished(newPosts: 0, failures: []))
        #expect(program.state.message == StatusMessage("Refresh: 0 new posts"))
    }

    @Test("E shows every failing feed with its time, URL and whole error, wrapped; j scrolls, another key closes")
    func errorScreen() {
        let program = twoFeeds(columns: 60, rows: 8)
        program.feedErrors[neighbourID(program)] = "HTTP 503 Service Unavailable: the server said to come back later, "
            + "and it said so at length"
        program.feedErrors[1] = "timed out after 60 s"
        program.send(.refreshFinished(newPosts: 2, failures: ["Exempelbloggen: timed out after 60 s", "Grannbloggen: HTTP 503"]))
        #expect(program.state.message?.text == "Refresh: 2 new; failed: Exempelbloggen: timed out after 60 s (and 1 more; E lists them)")
        program.press(.character("E"))
        var expected = ExpectedScreen(width: 60, [
            " Feed errors",
            " ! Exempelbloggen  2022-03-01 08:15 UTC",
            "     https://example.com/1.xml",
            "     timed out after 60 s",
            "",
            " ! Grannbloggen  2022-03-01 08:15 UTC",
            "     https://example.com/11.xml",
            " Feed errors  2             j/k:scroll  any other key:close",
        ])
        expected.style(.header, row: 0)
        // Each feed's title line, its mark an error; its URL dim, its error in full as an error.
        expected.style(.title, row: 1, columns: 0..<39)
        expected.style(.error, row: 1, columns: 1..<2)
        expected.style(.dim, row: 2, columns: 0..<30)
        expected.style(.error, row: 3, columns: 0..<25)
        expected.style(.title, row: 5, columns: 0..<37)
        expected.style(.error, row: 5, columns: 1..<2)
        expected.style(.dim, row: 6, columns: 0..<31)
        expected.style(.status, row: 7)
        expectScreen(program, expected)
        program.press(.character("j"), .character("j"))
        #expect(program.screen[1].hasPrefix("     timed out after 60 s"))
        #expect(program.screen[5].hasPrefix("     HTTP 503 Service Unavailable: the server said to come"))
        #expect(program.screen[6].hasPrefix("     back later, and it said so at length"))
        program.press(.character("j"), .character("j"))
        #expect(program.state.failingFeeds?.top == 2, "scrolls no further than the last line")
        program.press(.character("x"))
        #expect(program.state.failingFeeds == nil)
        #expect(program.screen[0].hasPrefix(" Archive"))
        // Nothing failing: it says so.
        program.feedErrors = [:]
        program.press(.character("E"))
        #expect(program.screen[1] == " No feed failed its last refresh." + String(repeating: " ", count: 27))
        program.press(.character("E"))
        #expect(program.state.failingFeeds == nil)
    }

    // MARK: - Saved searches

    @Test("S names the results; the feeds pane lists the search with its count and opens it; Esc leaves the name")
    func savedSearches() {
        let program = twoFeeds()
        program.press(.character("S"))
        #expect(program.state.message?.text == "Search first (/): S saves the results under a name")
        program.press(.character("/"))
        program.type("upphandling")
        program.press(.enter)
        program.settle()
        let hits = program.state.list.total
        #expect(hits > 0)
        program.press(.character("S"))
        program.type("Inköp")
        // The name prompt in the status line, its cursor after the text.
        let status = program.render()
        #expect(status.line(23).hasPrefix("Save search as: Inköp "))
        #expect(status[21, 23].role == .cursor)
        #expect(status[0, 23].role == .prompt)
        // Esc: nothing saved.
        program.press(.escape)
        #expect(program.state.linePrompt == nil)
        #expect(program.savedSearches.isEmpty)
        // An empty name saves nothing and says so.
        program.press(.character("S"), .enter)
        #expect(program.state.message == StatusMessage("Not saved: the search needs a name", isError: true))
        program.press(.character("S"))
        program.type("Inköp")
        program.press(.enter)
        #expect(program.savedSearches == ["Inköp": "upphandling"])
        #expect(program.state.message?.text == "Saved the search as \"Inköp\" (f lists it with the feeds)")

        // Below the feeds, with its count; chosen, it is searched again.
        program.press(.escape, .character("f"))
        assertScreenPrefix(program, [
            " Feeds                  │ All posts",
            " All feeds           13 │ N  2022-02-08  Hållbar upphandling i G…  Exempelblog…",
            " Exempelbloggen      10 │ N  2022-02-05  Grannens nyhet om skolan  Grannbloggen",
            " Grannbloggen         3 │ N  2022-02-01  “Citat” om återvinning …  Exempelblog…",
            " /Inköp               \(hits) │ N  2022-01-25  東京の公共調達について    Exempelblog…",
        ])
        program.press(.character("G"))
        program.settle()
        guard case let .search(results) = program.state.list.source else {
            Issue.record("the saved search did not run")
            return
        }
        #expect(results.query.text == "upphandling")
        #expect(program.state.list.total == hits)
        #expect(program.state.archive.selected == 3)
        // Leaving the results returns to the list it replaced.
        program.press(.character("q"))
        #expect(program.state.list.source == .filter(.all))
    }

    @Test("the feeds pane with a gone feed and a saved search, whole with its styles, the search chosen")
    func feedsAndSavedSearchScreen() {
        let program = twoFeeds(columns: 60, rows: 8)
        program.goneFeeds = [neighbourID(program)]
        program.savedSearches = ["Öl": "ölförsäljning"]
        program.press(.character("f"), .character("G"))
        program.settle()
        program.press(.tab)
        var expected = ExpectedScreen(width: 60, [
            " Feeds                  │ Search \"ölförsäljning\"",
            " All feeds           13 │ N  Ändrade regler för ölförsäljn…",
            " Exempelbloggen      10 │",
            "!Grannbloggen         3 │",
            " /Öl                  1 │",
            "                        │",
            "                        │",
            " Feeds  4/4            Enter:show  Tab:list  ?:help  q:back",
        ])
        expected.style(.header, row: 0)
        expected.style(.border, rows: 0..<7, columns: 24..<25)
        // A gone feed is marked as a failing one.
        expected.style(.error, row: 3, columns: 0..<1)
        expected.style(.selection, row: 4, columns: 0..<24)
        expected.style(.selectionInactive, row: 1, columns: 25..<60)
        // The search's word in the result's title, in the selected row.
        expected.style(.matchInSelection, row: 1, columns: 48..<59)
        expected.style(.status, row: 7)
        expectScreen(program, expected)
    }

    // MARK: - Adding and removing feeds

    @Test("+ asks for an address and hands it to add; its answer is the message and the panes are read anew")
    func addFeed() {
        let program = twoFeeds()
        program.press(.character("+"))
        program.type("https://example.org/feed.xml")
        #expect(program.render().line(23).hasPrefix("Add feed (URL): https://example.org/feed.xml "))
        program.press(.enter)
        #expect(program.feedCommands == [.add(url: "https://example.org/feed.xml")])
        #expect(program.state.message?.text == "Adding https://example.org/feed.xml…")
        program.send(.feedCommandFinished(message: "https://example.org/feed.xml is not a feed: HTTP 404", failed: true))
        #expect(program.state.message == StatusMessage("https://example.org/feed.xml is not a feed: HTTP 404", isError: true))
        // Esc asks nothing; an empty address neither.
        program.press(.character("+"), .escape, .character("+"), .enter)
        #expect(program.feedCommands.count == 1)
    }

    @Test("D asks about the chosen feed: y keeps its posts, p deletes them, any other key removes nothing")
    func removeFeed() {
        let program = twoFeeds()
        program.press(.character("D"))
        #expect(program.state.message?.text == "Choose a feed first (f shows the feeds)")
        program.press(.character("f"), .down, .down, .character("D"))
        #expect(program.state.message?.text == "Remove Grannbloggen? y: keep its posts, p: delete them too, other key: no")
        program.press(.character("x"))
        #expect(program.state.message?.text == "Nothing removed")
        #expect(program.feedCommands.isEmpty)
        program.press(.character("D"), .character("p"))
        #expect(program.feedCommands == [.remove(feedID: neighbourID(program), purge: true)])
        // The list showed the feed: it shows every feed's posts now.
        #expect(program.state.chosen == .all)
        #expect(program.state.list.total == 13)
        #expect(program.state.archive.selected == 0)
        program.press(.down, .down, .character("D"), .character("y"))
        #expect(program.feedCommands.last == .remove(feedID: neighbourID(program), purge: false))
        // In Swedish, j says yes.
        let swedish = twoFeeds(language: .swedish)
        swedish.press(.character("f"), .down, .character("D"), .character("j"))
        #expect(swedish.feedCommands == [.remove(feedID: 1, purge: false)])
    }

    @Test("T edits the chosen feed's title; the feeds and the list show the new one")
    func renameFeed() {
        let program = twoFeeds()
        program.press(.character("f"), .down, .down, .character("T"))
        #expect(program.render().line(23).hasPrefix("Feed title (empty: the feed's own): Grannbloggen "))
        program.press(.control("u"))
        program.type("Grannarna")
        program.press(.enter)
        #expect(program.state.message?.text == "Renamed to Grannarna; refreshes keep it")
        #expect(program.state.archive.feeds.map(\.feed.title) == ["Exempelbloggen", "Grannarna"])
        #expect(program.screen[0].hasPrefix(" Feeds                  │ Grannarna "))
        #expect(program.state.list.rows.allSatisfy { $0.feed == "Grannarna" })
    }

    // MARK: - Helpers

    func assertScreenPrefix(_ program: ReaderHarness, _ expected: [String],
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = program.screen.prefix(expected.count).map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
        #expect(Array(lines) == expected, sourceLocation: sourceLocation)
    }

    func expectScreen(_ program: ReaderHarness, _ expected: ExpectedScreen,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        for difference in expected.differences(from: program.render()) {
            Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
        }
    }
}

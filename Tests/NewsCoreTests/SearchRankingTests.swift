import GRDB
import NewsModel
import StoreTestSupport
import TestSupport
import Testing
@testable import NewsCore

/// The relevance order (see `SearchRanking`): BM25 as FTS5 computes it, its
/// word weights counted among the ranked matches instead of over every posting.
@Suite("Search ranking")
struct SearchRankingTests {
    static func post(_ guid: String, _ title: String, _ day: Int, _ text: String) -> IncomingPost {
        IncomingPost(FixturePost(guid, title, Fixtures.date(2021, 12, day), text))
    }

    @Test("a one-word query ranks exactly as FTS5's bm25() with titles weighing ten times, then newest first")
    func oneWordAsBM25() throws {
        // Hits in titles and bodies, once and often, in short and long bodies, some on the same day.
        let filler = Array(repeating: "annat", count: 40).joined(separator: " ")
        let database = try FixtureStore.inMemory(saving: [
            Self.post("a", "Fönster i titeln", 1, "Kort text."),
            Self.post("b", "Inget här", 2, "Ett fönster."),
            Self.post("c", "Inget här", 2, "Fönster fönster fönster."),
            Self.post("d", "Inget här", 3, "Ett fönster och \(filler)."),
            Self.post("e", "Fönster", 4, "Fönster igen och \(filler)."),
            Self.post("f", "Inget här", 5, "Utan ordet."),
            Self.post("g", "Inget här", 6, "Ett fönster."),
        ])
        let bm25 = try database.writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT post.id FROM post_fts JOIN post ON post.id = post_fts.rowid WHERE post_fts MATCH '"fönster"'
                ORDER BY bm25(post_fts, 10.0, 1.0), post.published DESC, post.id
                """)
        }
        #expect(bm25.count == 6)
        #expect(try database.searchIDs(SearchQuery("fönster")) == bm25)
        // A page of it is its start.
        #expect(try database.searchIDs(SearchQuery("fönster"), limit: 3) == Array(bm25.prefix(3)))
    }

    @Test("of the words a prefix stands for, the rarer one among the matches weighs more")
    func rarerWordFirst() throws {
        // kran in five posts, kranbil in one: same length, the kranbil post the oldest.
        let database = try FixtureStore.inMemory(saving: [Self.post("bil", "Rubrik", 1, "En kranbil syns.")]
            + (2...6).map { Self.post("k\($0)", "Rubrik", $0, "En kran syns.") })
        let ids = try database.searchIDs(SearchQuery("kran"))
        #expect(ids.count == 6)
        #expect(try database.posts(ids: [ids[0]]).first?.title == "Rubrik")
        #expect(try database.article(id: ids[0])?.post.guid == "bil")
    }

    @Test("with more matches than the window, the weights come from the window: a rare word among them still leads")
    func fullWindow() throws {
        let count = SearchPlan.rankingWindow + 100
        let database = try FixtureStore.inMemory(saving: (0..<count).map { index in
            IncomingPost(FixturePost("p\(index)", "Rubrik", Fixtures.date(2021, 1, 1) + Int64(index) * 3_600,
                                     index == count - 500 ? "En kranbil syns." : "En kran syns."))
        })
        let ids = try database.searchIDs(SearchQuery("kran"), limit: 5)
        #expect(try database.article(id: ids[0])?.post.guid == "p\(count - 500)")
        // The rest of the window: equal scores, newest first.
        let newest = try database.searchIDs(SearchQuery("kran"), order: .date, limit: 4)
        #expect(Array(ids.dropFirst()) == newest)
    }
}

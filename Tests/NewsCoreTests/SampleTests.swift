import Foundation
import NewsModel
import TestSupport
import Testing
@testable import NewsCore

@Suite("The bundled sample")
struct SampleTests {
    @Test("ten posts, in the seed page's order, each body its paragraph verbatim")
    func tenPostsInOrder() throws {
        let database = try AppDatabase.inMemory()
        try database.importSample()
        let listed = try database.posts(limit: 100)
        #expect(listed.count == 10)
        let paragraphs = try Fixtures.seedParagraphs().prefix(10)
        #expect(paragraphs.count == 10)
        let articles = try listed.map { try database.article(id: $0.id)?.post }
        // The HTML holds the paragraph verbatim; its text drops the one trailing space a paragraph has.
        #expect(articles.map { $0?.contentHTML } == paragraphs.map { "<p>" + HTMLEscaping.escape($0) + "</p>" })
        #expect(articles.map { $0?.text } == paragraphs.map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(Set(listed.map(\.feed)) == ["Regionernas kansli för hållbar upphandling"])
        #expect(listed.allSatisfy { !$0.title.isEmpty && $0.link != nil })
    }

    @Test("dates follow the clues and span November 2021 to February 2022")
    func datesFromClues() throws {
        let posts = AppDatabase.samplePosts
        let days = posts.map { UTCDate(seconds: $0.published!).dayString }
        // Newest first, strictly.
        #expect(zip(posts, posts.dropFirst()).allSatisfy { $0.published! > $1.published! })
        // Transparency International's index: 25 January 2022.
        #expect(days[2] == "2022-01-25")
        // "I fredags" on Human Rights Day, Friday 10 December 2021: the following week.
        #expect(("2021-12-13"..."2021-12-17").contains(days[6]))
        // Fairtrade Talks "sänds under 2022".
        #expect(days[1].hasPrefix("2022-"))
        let database = try AppDatabase.inMemory()
        try database.importSample()
        let months = try database.archiveMonths()
        #expect(months.map(\.month) == ["2022-02", "2022-01", "2021-12", "2021-11"])
        #expect(months.reduce(0) { $0 + $1.count } == 10)
    }

    @Test("the sample is searchable in Swedish")
    func searchable() throws {
        let database = try AppDatabase.inMemory()
        try database.importSample()
        #expect(try database.search(SearchQuery("Fairtrade")).map(\.title) == ["Fairtrade Talks: ny upphandlingsrapport om hållbar handel"])
        #expect(try database.search(SearchQuery("tvångsarbete")).count == 1)
        #expect(try database.search(SearchQuery("FÖRENINGSFRIHET")).count == 1)
    }
}

import XCTest
@testable import NewsCore

final class OPMLTests: XCTestCase {
    func testRoundTripThroughExportAndImport() throws {
        let source = try AppDatabase.inMemory()
        try source.subscribe(url: "https://example.se/rss?a=1&b=2", title: "Exempel & co")
        try source.subscribe(url: "https://blogg.example.org/atom.xml", title: "Blogg \"citat\" <åäö>")
        let exported = OPML.export(try source.opmlSubscriptions(), created: 1_639_472_400)
        XCTAssertTrue(exported.contains("<dateCreated>Tue, 14 Dec 2021 09:00:00 GMT</dateCreated>"), exported)

        let target = try AppDatabase.inMemory()
        let counts = try target.importOPML(OPML.parse(Array(exported.utf8)))
        XCTAssertEqual(counts.added, 2)
        XCTAssertEqual(counts.existing, 0)
        XCTAssertEqual(try target.opmlSubscriptions(), try source.opmlSubscriptions())
        XCTAssertEqual(OPML.export(try target.opmlSubscriptions(), created: 1_639_472_400), exported)
        XCTAssertEqual(try target.importOPML(OPML.parse(Array(exported.utf8))).existing, 2)
    }

    func testReadsNestedFoldersFromOtherReaders() throws {
        let text = """
            <?xml version="1.0"?>
            <opml version="1.0"><head><title>newsboat</title></head><body>
              <outline text="Nyheter">
                <outline type="rss" text="SVT" xmlUrl="https://www.svt.se/rss.xml" htmlUrl="https://www.svt.se/"/>
                <outline text="Djupare"><outline type="rss" title="DN" text="x" xmlUrl="https://www.dn.se/rss/"/></outline>
              </outline>
              <outline type="rss" xmlUrl="https://www.svt.se/rss.xml"/>
            </body></opml>
            """
        let subscriptions = try OPML.parse(Array(text.utf8))
        XCTAssertEqual(subscriptions, [
            OPML.Subscription(url: "https://www.svt.se/rss.xml", title: "SVT", siteURL: "https://www.svt.se/"),
            OPML.Subscription(url: "https://www.dn.se/rss/", title: "DN"),
        ])
        XCTAssertThrowsError(try OPML.parse(Array("<rss/>".utf8)))
    }
}

import NewsCore
import NewsModel
import NewsRuntime
import NewsUI
import XCTest

/// In-memory stores for the reader tests, filled through `save(feed:posts:)`
/// as an import would fill them.
enum ReaderFixtures {
    /// Seconds for a UTC date at noon.
    static func date(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        UTCDate(year: year, month: month, day: day, hour: 12).secondsSince1970
    }

    /// Ten posts in three months with Swedish, typographic quotes, CJK,
    /// emoji, combining marks, a very long title and one hostile title.
    static let mixedPosts: [IncomingPost] = [
        post("p1", "Hållbar upphandling i Göteborg", date(2022, 2, 8), "Regionerna ställer krav på leverantörerna.\n\nUpphandlingen gäller år 2022."),
        post("p2", "“Citat” om återvinning och miljö", date(2022, 2, 1), "Text om återvinning."),
        post("p3", "東京の公共調達について", date(2022, 1, 25), "日本語の本文です。upphandling nämns här."),
        post("p4", "Emoji 🎉 fest för 🇸🇪 Sverige", date(2022, 1, 13), "Fest! 🎉"),
        post("p5", "Cafe\u{301} och cre\u{300}me brûlée", date(2021, 12, 20), "Kombinerande tecken."),
        post("p6", "En mycket lång rubrik som inte får plats på en rad i listan utan måste kapas med en ellips vid kanten", date(2021, 12, 16), "Lång text."),
        post("p7", "Öppna data och ärlighet", date(2021, 12, 14), "Ärlig öppenhet."),
        post("p8", "Farlig \u{1B}[31mrubrik\u{1B}[0m med \u{202E}bidi", date(2021, 12, 8), "Escape."),
        post("p9", "Upphandlingsmyndigheten: nya råd", date(2021, 12, 3), "Råd om upphandling och hållbarhet."),
        post("p10", "Ändrade regler för ölförsäljning", date(2021, 12, 1), "Ölet."),
    ]

    /// A post whose body is `text`, its line breaks kept (as `<br>`).
    static func post(_ guid: String, _ title: String, _ published: Int64?, _ text: String) -> IncomingPost {
        let html = "<p>" + HTMLEscaping.escape(text).replacingOccurrences(of: "\n", with: "<br>") + "</p>"
        return IncomingPost(guid: guid, title: title, link: "https://example.se/\(guid)", author: nil,
                            published: published, contentHTML: html)
    }

    static let feed = Feed(url: "https://example.se/feed.xml", title: "Exempelbloggen")

    static func mixedStore() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.save(feed: feed, posts: mixedPosts, now: date(2022, 3, 1))
        return database
    }

    /// `count` posts, one a day backwards from 2022-12-31.
    static func largeStore(count: Int) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        let last = date(2022, 12, 31)
        let posts = (0..<count).map { index in
            post("big\(index)", "Post number \(index)", last - Int64(index) * 86_400, "Body \(index)")
        }
        try database.save(feed: Feed(url: "https://big.example/feed", title: "Big"), posts: posts, now: last)
        return database
    }

    /// A started program on `database` at a size.
    static func program(_ database: AppDatabase, columns: Int = 80, rows: Int = 24,
                        language: Language = .english) -> ReaderProgram {
        let program = ReaderProgram(database: database, size: ScreenSize(columns: columns, rows: rows),
                                    language: language)
        program.start()
        return program
    }
}

extension ReaderProgram {
    func press(_ keys: KeyEvent...) {
        for key in keys { handle(.key(key)) }
    }

    func press(_ input: InputEvent) {
        handle(input)
    }

    /// Types text as separate character keys.
    func type(_ text: String) {
        for character in text { handle(.key(.character(character))) }
    }

    var screen: [String] { render().lines }

    /// Waits for the type-ahead searches to finish and runs their results,
    /// as the terminal loop does when they wake it.
    func settle(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(waitForSearches(), "a search did not finish", file: file, line: line)
    }
}

/// The whole rendered screen, line by line (trailing spaces trimmed), and
/// every row exactly the screen's width: nothing shifted or spilled.
func assertWholeScreen(_ program: ReaderProgram, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    let grid = program.render()
    let actual = grid.lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    XCTAssertEqual(actual.count, expected.count, "row count", file: file, line: line)
    for (index, pair) in zip(actual, expected).enumerated() where pair.0 != pair.1 {
        XCTFail("row \(index):\n  got      |\(pair.0)|\n  expected |\(pair.1)|", file: file, line: line)
    }
    for y in 0..<grid.height {
        XCTAssertEqual(DisplayWidth.of(grid.line(y)), grid.width, "row \(y) width", file: file, line: line)
    }
}

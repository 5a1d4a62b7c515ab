import XCTest
@testable import NewsCore

final class FeedDateTests: XCTestCase {
    private func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        UTCDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second).secondsSince1970
    }

    func testRFC822AndItsDeviations() {
        XCTAssertEqual(FeedDate.parse("Tue, 14 Dec 2021 09:00:00 +0000"), utc(2021, 12, 14, 9))
        XCTAssertEqual(FeedDate.parse("Tue, 14 Dec 2021 09:00:00 GMT"), utc(2021, 12, 14, 9))
        XCTAssertEqual(FeedDate.parse("14 Dec 2021 09:00:00 +0100"), utc(2021, 12, 14, 8), "no weekday")
        XCTAssertEqual(FeedDate.parse("Tue, 14 Dec 21 09:00:00 GMT"), utc(2021, 12, 14, 9), "two-digit year")
        XCTAssertEqual(FeedDate.parse("Tue, 14 Dec 2021 09:00 EST"), utc(2021, 12, 14, 14), "EST, no seconds")
        XCTAssertEqual(FeedDate.parse("Tue, 14 Dec 2021 09:00:00 PDT"), utc(2021, 12, 14, 16))
        XCTAssertEqual(FeedDate.parse("Tue, 14 Dec 2021 09:00:00 -0530"), utc(2021, 12, 14, 14, 30))
        XCTAssertEqual(FeedDate.parse("Thu, 01 Jan 2004 19:48:21 UT"), utc(2004, 1, 1, 19, 48, 21))
        XCTAssertEqual(FeedDate.parse("Sunday, 5 September 1999 18:30:00 CEST"), utc(1999, 9, 5, 16, 30))
    }

    func testISO8601() {
        XCTAssertEqual(FeedDate.parse("2021-12-14T09:00:00Z"), utc(2021, 12, 14, 9))
        XCTAssertEqual(FeedDate.parse("2021-12-14T09:00:00.123+01:00"), utc(2021, 12, 14, 8))
        XCTAssertEqual(FeedDate.parse("2021-12-14T09:00:00-0500"), utc(2021, 12, 14, 14))
        XCTAssertEqual(FeedDate.parse("2021-12-14T09:00"), utc(2021, 12, 14, 9), "no zone: UTC")
        XCTAssertEqual(FeedDate.parse("2021-12-14"), utc(2021, 12, 14))
        XCTAssertEqual(FeedDate.parse("20211214T090000Z"), utc(2021, 12, 14, 9), "basic format")
        XCTAssertEqual(FeedDate.parse("2021-12"), utc(2021, 12, 1))
    }

    func testSwedishForms() {
        XCTAssertEqual(FeedDate.parse("14 december 2021"), utc(2021, 12, 14))
        XCTAssertEqual(FeedDate.parse("2021-12-14 09:00"), utc(2021, 12, 14, 9))
        XCTAssertEqual(FeedDate.parse("tisdag 14 december 2021 kl. 09.00"), utc(2021, 12, 14, 9))
        XCTAssertEqual(FeedDate.parse("14 okt. 2021 kl 13:45"), utc(2021, 10, 14, 13, 45))
        XCTAssertEqual(FeedDate.parse("den 3 maj 2022"), utc(2022, 5, 3))
        XCTAssertEqual(FeedDate.parse("lördag 1 januari 2022 09:00 CET"), utc(2022, 1, 1, 8))
    }

    func testUnusableDatesAreNil() {
        XCTAssertNil(FeedDate.parse(""))
        XCTAssertNil(FeedDate.parse("yesterday"))
        XCTAssertNil(FeedDate.parse("2021-13-40"))
        XCTAssertNil(FeedDate.parse("Tue, 14 Foo 2021"))
        XCTAssertNil(FeedDate.parse(String(repeating: "9", count: 10_000)))
    }
}

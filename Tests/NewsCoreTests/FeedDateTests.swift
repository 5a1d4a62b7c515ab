import NewsModel
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

    /// The byte-level reader of the common RFC 822 form answers only where the
    /// general reader gives the same answer.
    func testCommonFormReaderAgreesWithTheGeneralOne() {
        var random = SplitMix64(seed: 822)
        func pick<T>(_ values: [T]) -> T { random.pick(values) }
        let weekdays = ["Tue, ", "tue, ", "SUN, ", "Mon,", "Mar, ", "Tis, ", "", "Fri ,", "Xyz, "]
        let days = ["1", "01", "14", "31", "32", "0", "00", "9", "123", "3x"]
        let months = ["Dec", "dec", "JAN", "May", "Sep", "Sept", "Okt", "Maj", "Foo", "Mars"]
        let years = ["2021", "1999", "1000", "0999", "0099", "9999", "21", "20211", "0000"]
        let times = ["09:00:00", "00:00:00", "23:59:60", "24:00:00", "25:00:00", "12:60:00", "12:00:61", "9:00:00", "09:00", "09.00.00"]
        let zones = [" +0000", " GMT", " gmt", " -0530", " +1400", " +1500", " +0160", " -2359", " UT", " EST", " +01:00",
                     " Z", "", " +000", "  +0000", " +0000 "]
        var checked = 0
        for _ in 0..<20_000 {
            let text = pick(weekdays) + pick(days) + " " + pick(months) + " " + pick(years) + " " + pick(times) + pick(zones)
            var copy = text
            if let fast = copy.withUTF8(FeedDate.parseCommonRFC822) {
                checked += 1
                let general = FeedDate.parseAnyForm(text)
                XCTAssertEqual(FeedDate.supported.contains(fast) ? fast : nil, general, text)
            }
            XCTAssertEqual(FeedDate.parse(text), FeedDate.parseAnyForm(text), text)
        }
        // And mostly well-formed dates, over every day, month, hour and zone.
        let names = ["Jan", "feb", "MAR", "Apr", "may", "Jun", "jUL", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for index in 0..<5_000 {
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let sign = index % 2 == 0 ? "+" : "-"
            let text = pick(["Wed, ", "sat, ", ""]) + "\(index % 31 + 1) " + names[index % 12] + " \(1000 + (index * 7919) % 9000) "
                + "\(two(index % 25)):\(two(index % 60)):\(two(index % 61)) "
                + pick(["GMT", sign + two(index % 16) + two(index % 60)])
            var copy = text
            if let fast = copy.withUTF8(FeedDate.parseCommonRFC822) {
                checked += 1
                XCTAssertEqual(FeedDate.supported.contains(fast) ? fast : nil, FeedDate.parseAnyForm(text), text)
            }
        }
        XCTAssertGreaterThan(checked, 4_000)
        XCTAssertEqual(FeedDate.parse("Fri, 31 Dec 9999 23:59:59 -0100"), nil, "past 9999 by its zone")
        XCTAssertEqual(FeedDate.parse(" Tue, 14 Dec 2021 09:00:00 +0000\n"), utc(2021, 12, 14, 9))
    }
}

import Foundation
import NewsModel

/// A deterministic, realistic RSS feed of any size for import benchmarks:
/// Swedish-looking HTML bodies of about 2.6 KB, dates spread over years,
/// written to disk a post at a time so generating it costs no memory.
public enum BenchmarkFeed {
    static let words = [
        "upphandling", "hållbar", "region", "leverantör", "avtal", "krav", "uppföljning", "kansliet", "arbetsvillkor",
        "textilier", "elektronik", "miljö", "social", "ansvar", "risk", "granskning", "kontrakt", "samarbete",
        "nationella", "rapport", "mänskliga", "rättigheter", "tvångsarbete", "leveranskedja", "inköp", "offentlig",
        "sektor", "myndighet", "kommun", "projekt", "workshop", "webbinarium", "och", "i", "för", "med", "av", "på",
        "att", "som", "det", "en", "ett", "till", "om", "har", "är", "vid", "under", "efter", "från", "genom",
    ]

    /// Writes `count` posts to `url`; returns the file size in bytes.
    @discardableResult
    public static func write(count: Int, to url: URL, seed: UInt64 = 42) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        // The same feed on every machine.
        var random = SplitMix64(seed: seed)
        func next() -> Int { Int(random.next() >> 33) }
        func sentence(_ length: Int) -> String {
            var parts: [String] = []
            for index in 0..<length {
                let word = words[next() % words.count]
                parts.append(index == 0 ? word.prefix(1).uppercased() + word.dropFirst() : word)
            }
            return parts.joined(separator: " ") + "."
        }
        var size = 0
        var buffer = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>Benchmark: hållbar upphandling</title>
            <link>https://bench.example.se/</link>
            <description>Deterministiskt genererat flöde</description>

            """
        let start = UTCDate(year: 2015, month: 1, day: 1).secondsSince1970
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        for index in 0..<count {
            let published = start + Int64(index) * 3_000 + Int64(next() % 1_000)
            let date = UTCDate(seconds: published)
            let weekday = days[Int((published / 86_400 + 4) % 7)]
            let month = String(UTCDate.englishMonthNames[date.month - 1].prefix(3))
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            var body = "<h2>\(HTMLEscaping.escape(sentence(4)))</h2>"
            for _ in 0..<7 {
                body += "<p>\(HTMLEscaping.escape(sentence(12 + next() % 8))) \(HTMLEscaping.escape(sentence(14))) "
                    + "<a href=\"https://bench.example.se/artikel/\(index)/\(next() % 100)\">Läs mer</a></p>"
            }
            body += "<ul><li>\(sentence(5))</li><li>\(sentence(6))</li></ul>"
            buffer += """
                <item>
                <title>\(HTMLEscaping.escape(sentence(6 + next() % 5)))</title>
                <link>https://bench.example.se/artikel/\(index)</link>
                <guid isPermaLink="false">bench-\(index)</guid>
                <pubDate>\(weekday), \(pad(date.day)) \(month) \(date.year) \(pad(date.hour)):\(pad(date.minute)):\(pad(date.second)) +0000</pubDate>
                <dc:creator>Redaktör \(next() % 40)</dc:creator>
                <description>\(HTMLEscaping.escape("<p>" + sentence(20) + "</p>"))</description>
                <content:encoded><![CDATA[\(body)]]></content:encoded>
                </item>

                """
            if buffer.utf8.count > 1 << 20 {
                size += buffer.utf8.count
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        buffer += "</channel>\n</rss>\n"
        size += buffer.utf8.count
        handle.write(Data(buffer.utf8))
        return size
    }
}

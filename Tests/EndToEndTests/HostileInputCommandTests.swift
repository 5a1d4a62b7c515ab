import Foundation
import NewsModel
import TestSupport
import Testing

/// Issue 11, what hostile inputs did through the built binary: two files
/// whose channels are both "News" replaced each other's post; one bad byte
/// made a whole feed Windows-1252; JSON and exports carried raw C1 controls
/// to standard output; a huge query ran for minutes.
@Suite("Hostile inputs through the binary")
struct HostileInputCommandTests {
    let scratch: TemporaryDirectory
    var store: String { scratch.path + "/store.sqlite" }

    init() throws { scratch = try TemporaryDirectory("e2e") }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = scratch.path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func news(site: String, title: String) -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>News</title><link>\(site)</link>
            <item><guid>1</guid><title>\(title)</title><description>Text</description></item></channel></rss>
            """.utf8)
    }

    func run(_ arguments: [String], stdin: Data? = nil) throws -> NewsreaderProcess.Result {
        try NewsreaderProcess.run(arguments + ["--store", store], stdin: stdin)
    }

    @Test("two files whose channels are both called News stay two feeds; standard input is a source of its own")
    func sameTitle() throws {
        let a = try write("a.xml", news(site: "https://a.example/", title: "Post från A"))
        let b = try write("b.xml", news(site: "https://b.example/", title: "Post från B"))
        #expect(try run(["import", a]).stdout.contains("News: 1 new, 0 updated, 0 skipped"))
        #expect(try run(["import", b]).stdout.contains("News: 1 new, 0 updated, 0 skipped"))
        #expect(try run(["import", a]).stdout.contains("News: 0 new, 0 updated, 1 skipped"))
        let piped = try run(["import", "-"], stdin: Data(news(site: "https://c.example/", title: "Post från C")))
        #expect(piped.stdout.contains("News: 1 new"), "\(piped.stdout)")
        let list = try run(["list"]).stdout
        for title in ["Post från A", "Post från B", "Post från C"] { #expect(list.contains(title), "\(list)") }
        let feeds = try run(["feeds"]).stdout
        #expect(feeds.contains("imported from \(a)") && feeds.contains("imported from \(b)"), "\(feeds)")
        #expect(feeds.contains("imported from stdin:https://c.example/"), "\(feeds)")
        // A relative path is the same source as the absolute one.
        let relative = try NewsreaderProcess.run(["import", "a.xml", "--store", store], launcher: ["/usr/bin/env", "-C", scratch.path])
        #expect(relative.stdout.contains("0 new, 0 updated, 1 skipped"), "\(relative.stdout) \(relative.stderr)")
    }

    @Test("one bad byte replaces only itself: the rest of the feed is found by search")
    func oneBadByte() throws {
        let bytes = Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Upphandling</title>
            <item><guid>1</guid><title>Hållbar upphandling</title><description>Räksmörgås</description></item>
            <item><guid>2</guid><title>Sm
            """.utf8) + [0xE5] + Array("land</title><description>x</description></item></channel></rss>".utf8)
        let path = try write("mixed.xml", bytes)
        #expect(try run(["import", path]).status == 0)
        let search = try run(["search", "hållbar"])
        #expect(search.stdout.contains("Hållbar upphandling"), "\(search.stdout) \(search.stderr)")
        #expect(try run(["list"]).stdout.contains("Småland"))
    }

    @Test("JSON, RSS and Markdown output carry no raw control character")
    func machineOutput() throws {
        let feed = try write("hostile.xml", [UInt8](HostileFeed.bytes()))
        #expect(try run(["import", feed]).status == 0)
        func raw(_ text: String) -> [String] {
            text.unicodeScalars.filter { ($0.value < 0x20 && $0.value != 0x0A) || (0x7F...0x9F).contains($0.value) }
                .map { "U+" + String($0.value, radix: 16, uppercase: true) }
        }
        for arguments in [["list", "--json"], ["search", "osc", "--json"], ["feeds", "--json"], ["export", "--format", "json"],
                          ["export", "--format", "rss"], ["export", "--format", "markdown"]] {
            let result = try run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(raw(result.stdout) == [], "\(arguments): \(result.stdout.debugDescription)")
        }
        // The data is kept: JSON escapes U+009D, RSS refers to it, Markdown shows it.
        #expect(try run(["list", "--json"]).stdout.contains(#"osc\u009d0;x"#))
        #expect(try run(["export", "--format", "rss"]).stdout.contains("osc&#x9D;0;x"))
        #expect(try run(["export", "--format", "markdown"]).stdout.contains(#"osc\<U+009D\>0;x"#))
    }

    @Test("a 2,000-word phrase is cut and said so in one line; a one-letter search gets its snippets at once")
    func boundedSearch() throws {
        let path = try write("feed.xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>F</title>
            <item><guid>1</guid><title>Avtal</title><description>Arbetet med avtal fortsätter.</description></item>
            <item><guid>2</guid><title>Annat</title><description>Allt annat är avslutat.</description></item>
            </channel></rss>
            """.utf8))
        #expect(try run(["import", path]).status == 0)
        let phrase = "\"" + Array(repeating: "arbetet med avtal fortsätter", count: 500).joined(separator: " ") + "\""
        let long = try run(["search", phrase])
        #expect(long.status == 0)
        let lines = long.stderr.split(separator: "\n")
        #expect(lines.first == "newsreader: the query was too big: phrases were cut to their first 16 words", "\(long.stderr)")
        #expect(lines.count == 2 && lines[1].hasPrefix("newsreader: no match for '\"arbetet med avtal") && lines[1].count < 100,
                "\(long.stderr)")
        let letter = try run(["search", "a"])
        #expect(letter.stdout.contains("[Arbetet]") && letter.stdout.contains("[Allt]"), "\(letter.stdout)")
    }
}

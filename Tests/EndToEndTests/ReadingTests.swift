import Foundation
import Testing
import TestSupport

/// Reading through the real binary: what `show`, `list`, `export` and the
/// reader in tmux make of bodies with code, links, long URLs and no titles.
@Suite("Reading, end to end", .serialized)
struct ReadingTests {
    let scratch: TemporaryDirectory
    var store: String { scratch.path + "/store.sqlite" }

    init() throws {
        scratch = try TemporaryDirectory("e2e")
    }

    static let longURL = "https://example.se/nyheter/2021/12/upphandling-av-it-utrustning-med-hallbarhetskrav-i-hela-leveranskedjan-zxlightcontrol-v100.html"

    /// An RSS document of `items` (already XML).
    static func feed(_ items: String, channel: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Läsning</title>\(channel)\n\(items)</channel></rss>\n"
    }

    func importing(_ xml: String, name: String? = nil) throws {
        let result: NewsreaderProcess.Result
        if let name {
            let path = scratch.path + "/" + name
            try xml.write(toFile: path, atomically: true, encoding: .utf8)
            result = try NewsreaderProcess.run(["import", "--store", store, path])
        } else {
            result = try NewsreaderProcess.run(["import", "--store", store, "-"], stdin: Data(xml.utf8))
        }
        #expect(result.status == 0, "\(result.stderr)")
    }

    func run(_ arguments: [String]) throws -> String {
        let result = try NewsreaderProcess.run(arguments + ["--store", store])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    func jsonPosts() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(try run(["list", "--json"]).utf8)) as? [[String: Any]] ?? []
    }

    @Test("the example of issue 13 from standard input: the paragraph, a blank line, the code as written")
    func codeBlockFromStandardInput() throws {
        try importing(Self.feed("""
            <item><title>Kod</title><link>https://example.se/kod</link>
            <description><![CDATA[<p>före</p><pre>a  b
               c</pre><p>efter</p>]]></description></item>
            """))
        let shown = try run(["show", "1"])
        #expect(shown.hasSuffix("\n\nföre\n\na  b\n   c\n\nefter\n"), "\(shown)")
        let markdown = try run(["export", "--format", "markdown"])
        #expect(markdown.contains("före\n\n```\na  b\n   c\n```\n\nefter"), "\(markdown)")
        let json = try run(["export", "--format", "json"])
        #expect(json.contains(#""text" : "före\n\na  b\n   c\n\nefter""#), "\(json)")
    }

    @Test("a feed file never yields file:// links; a guid that is no URL is no link")
    func noFileLinks() throws {
        try importing(Self.feed("""
            <item><title>Relativ</title><guid>w1</guid>
            <description>&lt;a href="/relativ"&gt;rot&lt;/a&gt; och &lt;a href="y.html"&gt;fil&lt;/a&gt;</description></item>
            <item><title>Ingen permalänk</title><guid isPermaLink="false">https://example.se/p2</guid><description>b</description></item>
            """), name: "lokal.xml")
        let posts = try jsonPosts()
        #expect(posts.count == 2)
        for post in posts { #expect(post["link"] is NSNull, "\(post)") }
        let shown = try run(["show", "\(posts.first { $0["title"] as? String == "Relativ" }!["id"]!)"])
        #expect(shown.contains("rot[1] och fil[2]\n\n[1] /relativ\n[2] y.html"), "\(shown)")
        #expect(!shown.contains("Link:"))
        for output in [shown, try run(["export", "--format", "json"]), try run(["export", "--format", "markdown"])] {
            #expect(!output.contains("file:"), "\(output)")
        }
    }

    @Test("relative links resolve against the item's link, else the feed's site")
    func linksResolveAgainstTheSite() throws {
        try importing(Self.feed("""
            <item><title>Med länk</title><link>https://example.se/nyheter/a.html</link>
            <description>&lt;a href="b.html"&gt;b&lt;/a&gt;</description></item>
            <item><title>Utan länk</title><description>&lt;a href="/c"&gt;c&lt;/a&gt;</description></item>
            """, channel: "<link>https://site.example/</link>"), name: "sajt.xml")
        let posts = try jsonPosts()
        let withLink = try run(["show", "\(posts.first { $0["title"] as? String == "Med länk" }!["id"]!)"])
        #expect(withLink.hasSuffix("[1] https://example.se/nyheter/b.html\n"), "\(withLink)")
        let withoutLink = try run(["show", "\(posts.first { $0["title"] as? String == "Utan länk" }!["id"]!)"])
        #expect(withoutLink.hasSuffix("[1] https://site.example/c\n"), "\(withoutLink)")
    }

    @Test("a URL is never split: the Link line and the numbered links keep each whole")
    func urlsWhole() throws {
        try importing(Self.feed("""
            <item><title>Lång länk</title><link>\(Self.longURL)</link>
            <description>&lt;p&gt;Läs &lt;a href="\(Self.longURL)?del=2"&gt;mer&lt;/a&gt;.&lt;/p&gt;</description></item>
            """))
        let lines = try run(["show", "1"]).split(separator: "\n").map(String.init)
        #expect(lines.contains("Link: " + Self.longURL), "\(lines)")
        #expect(lines.contains("[1] " + Self.longURL + "?del=2"), "\(lines)")
        #expect(!lines.contains("Link:"))
    }

    @Test("show wraps a 200,000-character word and 100,000 characters of Japanese into whole lines")
    func longWords() throws {
        let word = String(repeating: "x", count: 200_000)
        let japanese = String(String(repeating: "日本語の文章です。", count: 11_112).prefix(100_000))
        try importing(Self.feed("""
            <item><title>Ord</title><guid>o</guid><description>före \(word) efter</description></item>
            <item><title>Japanska</title><guid>j</guid><description>\(japanese)</description></item>
            """))
        let posts = try jsonPosts()
        let wordLines = try run(["show", "\(posts.first { $0["title"] as? String == "Ord" }!["id"]!)"])
            .split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).map(String.init)
        #expect(wordLines.first == "före")
        #expect(wordLines.dropFirst().prefix(2_500).allSatisfy { $0 == String(repeating: "x", count: 80) })
        #expect(wordLines.dropFirst(2_501).first == "efter")
        let japaneseLines = try run(["show", "\(posts.first { $0["title"] as? String == "Japanska" }!["id"]!)"])
            .split(separator: "\n").dropFirst(3).map(String.init)
        #expect(japaneseLines.count == 2_500, "40 wide characters to a line of 80 columns")
        #expect(japaneseLines.joined() == japanese)
    }

    @Test("a post without a title is listed by the start of its text, or by its link")
    func untitledPosts() throws {
        try importing(Self.feed("""
            <item><description>Kort inlägg om hållbar upphandling utan rubrik</description><guid>m1</guid></item>
            <item><link>https://example.se/bara-lank</link></item>
            """))
        let list = try run(["list"])
        #expect(list.contains("Kort inlägg om hållbar upphandling utan rubrik  — Läsning"), "\(list)")
        #expect(list.contains("https://example.se/bara-lank  — Läsning"), "\(list)")
        let search = try run(["search", "upphandling"])
        #expect(search.contains("Kort inlägg om hållbar upphandling"), "\(search)")
        let id = try jsonPosts().first { $0["link"] as? String == "https://example.se/bara-lank" }!["id"]!
        #expect(try run(["show", "\(id)"]).hasPrefix("https://example.se/bara-lank\nFeed: Läsning"))
    }

    static let styledBody = """
        <item><title>Stilar</title><link>\(longURL)</link><pubDate>Tue, 14 Dec 2021 09:00:00 GMT</pubDate>
        <description><![CDATA[<h2>Rubrik</h2><p>Med <b>fet</b>, <i>kursiv</i> och <a href="https://example.se/r">länk</a>.</p>
        <pre>en kodrad som är längre än åttio kolumner och därför kapas med en markör i läsaren, inte bryts</pre>]]></description></item>
        """

    /// The reader on the styled post, opened; the screen with its escapes.
    func readerScreen(term: String, environment: [String: String] = [:]) throws -> (text: String, escapes: String) {
        try importing(Self.feed(Self.styledBody))
        let session = try TmuxSession(term: term, environment: environment, arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "1/1")
        try session.send("Enter")
        let text = try session.waitFor(text: "Rubrik")
        return (text, try session.capture(escapes: true))
    }

    /// The SGR parameters set right before the first `text` on a captured screen.
    static func attributes(before text: String, in escapes: String) -> Set<Int> {
        guard let range = escapes.range(of: text) else { return [] }
        var prefix = escapes[..<range.lowerBound]
        var codes: Set<Int> = []
        // Walk back over the escape sequences that touch the text.
        while prefix.hasSuffix("m"), let start = prefix.range(of: "\u{1B}[", options: .backwards),
              prefix[start.upperBound...].dropLast().allSatisfy({ $0.isNumber || $0 == ";" }) {
            for code in prefix[start.upperBound...].dropLast().split(separator: ";") { codes.insert(Int(code) ?? -1) }
            prefix = prefix[..<start.lowerBound]
        }
        return codes
    }

    @Test("the reader: styles as attributes, long lines cut with a marker")
    func readerStyles() throws {
        let (text, escapes) = try readerScreen(term: "xterm-256color")
        #expect(text.contains(" " + Self.longURL.prefix(77) + "…"), "\(text)")
        #expect(text.contains("en kodrad som är längre än åttio kolumner och därför kapas med en markör i lä…"), "\(text)")
        #expect(Self.attributes(before: "Rubrik", in: escapes).isSuperset(of: [1, 93]), "bold, bright yellow: \(escapes)")
        #expect(Self.attributes(before: "fet", in: escapes).contains(1), "bold: \(escapes)")
        #expect(Self.attributes(before: "kursiv", in: escapes).contains(3), "italic: \(escapes)")
        #expect(Self.attributes(before: "länk[1]", in: escapes).isSuperset(of: [4, 96]), "underlined, bright cyan: \(escapes)")
    }

    @Test("monochrome under NO_COLOR, and on vt100 underline for italics")
    func readerMonochrome() throws {
        let (_, noColor) = try readerScreen(term: "xterm-256color", environment: ["NO_COLOR": "1"])
        #expect(Self.attributes(before: "Rubrik", in: noColor) == [1, 4], "heading bold and underlined: \(noColor)")
        #expect(Self.attributes(before: "fet", in: noColor) == [1], "bold: \(noColor)")
        #expect(Self.attributes(before: "kursiv", in: noColor) == [3], "italic: \(noColor)")
        #expect(Self.attributes(before: "länk[1]", in: noColor) == [4], "underlined: \(noColor)")
        let (_, vt100) = try readerScreen(term: "vt100")
        #expect(Self.attributes(before: "kursiv", in: vt100) == [4], "italic as underline: \(vt100)")
        #expect(Self.attributes(before: "Rubrik", in: vt100) == [1, 4], "\(vt100)")
    }
}

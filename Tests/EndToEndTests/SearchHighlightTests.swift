import Foundation
import Testing
import TestSupport

/// The example of issue 13 in the real reader: `/KRAV`, Enter, Enter shows
/// the compound's part highlighted, and `n` finds it.
@Suite("Search highlights in the reader", .serialized)
struct SearchHighlightTests {
    let scratch: TemporaryDirectory
    var store: String { scratch.path + "/store.sqlite" }

    init() throws {
        scratch = try TemporaryDirectory("e2e")
    }

    /// Whether `text` shows on the captured screen with the highlight's
    /// background (yellow, 43) set right before it.
    static func isHighlighted(_ text: String, after before: String, in escapes: String) -> Bool {
        let pattern = NSRegularExpression.escapedPattern(for: before) + #"(\x1B\[[0-9;]*m)*\x1B\[[0-9;]*43[0-9;]*m(\x1B\[[0-9;]*m)*"#
            + NSRegularExpression.escapedPattern(for: text)
        return escapes.range(of: pattern, options: .regularExpression) != nil
    }

    @Test("/KRAV highlights the krav of hållbarhetskrav, and n steps to it")
    func compoundPart() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Krav</title>
            <item><title>Nya regler</title><guid>k1</guid><pubDate>14 Dec 2021 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;Avtalen har hållbarhetskrav.&lt;/p&gt;</description></item>
            </channel></rss>
            """
        let path = scratch.path + "/krav.xml"
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try NewsreaderProcess.run(["import", "--store", store, path]).status == 0)
        let session = try TmuxSession(arguments: ["--store", store])
        defer { session.kill() }
        try session.waitFor(text: "All posts  1/1")
        try session.send("/")
        try session.type("KRAV")
        try session.send("Enter")
        try session.waitFor(text: "Search \"KRAV\": 1 hit")
        try session.send("Enter")
        try session.waitFor(text: "Avtalen har hållbarhetskrav.")
        #expect(Self.isHighlighted("krav", after: "hållbarhets", in: try session.capture(escapes: true)))
        try session.send("n")
        let screen = try session.waitFor(text: "Match 1/1")
        #expect(!screen.contains("No matches"))
    }
}

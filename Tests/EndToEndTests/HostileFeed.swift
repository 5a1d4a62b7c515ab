import Foundation

/// A feed whose every field tries to take over the terminal, for the
/// hostile-content tests of the plain CLI output and of the reader in tmux.
///
/// Each class arrives both as a character reference (which XML allows for
/// C1, bidi and invisible characters, and which libxml2's recovery keeps for
/// C0) and, in the HTML bodies, as an HTML reference the HTML-to-text step
/// decodes. Raw ESC, BEL and invalid UTF-8 bytes are written as bytes too.
enum HostileFeed {
    /// What each post's title carries, with a plain marker word to find it by.
    static let titles: [(marker: String, reference: String)] = [
        ("sgrcolour", "&#x1B;[31;1;5mred&#x1B;[0m"),
        ("cursormove", "&#x1B;[2J&#x1B;[H&#x1B;[10;10H&#x1B;[?1049l"),
        ("osctitle", "&#x1B;]0;owned&#x7;"),
        ("oscclip", "&#x1B;]52;c;cm0gLXJmIH4=&#x1B;\\"),
        ("osclink", "&#x1B;]8;;https://evil.example/&#x1B;\\click&#x1B;]8;;&#x1B;\\"),
        ("czero", "a&#x1;b&#x8;c&#xD;d&#x7F;e"),
        ("cone", "csi&#x9B;31m osc&#x9D;0;x&#x9C; nel&#x85;"),
        ("bidi", "&#x202A;a&#x202B;b&#x202C;c&#x202D;d&#x202E;e&#x2066;f&#x2067;g&#x2068;h&#x2069;"),
        ("invisible", "z&#x200B;w&#x200E;&#x200F;&#x2060;&#xFEFF;j"),
    ]

    /// Scalars that must never reach a terminal from a feed.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 && value != 0x0A { return true }   // C0 (newlines separate output lines)
        if (0x7F...0x9F).contains(value) { return true }     // DEL and C1
        switch value {
        case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// The forbidden scalars in `text`, as U+XXXX names (empty when clean).
    static func forbidden(in text: String) -> [String] {
        text.unicodeScalars.filter(isForbidden).map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    static func bytes() -> Data {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>Hostile &#x1B;]0;feedtitle&#x7; feed&#x202E;</title><link>https://hostile.example/</link>

            """
        for (index, entry) in titles.enumerated() {
            xml += """
                <item><guid>hostile-\(index)</guid>
                <title>\(entry.marker) \(entry.reference)</title>
                <dc:creator>author\(entry.reference)</dc:creator>
                <link>https://hostile.example/\(entry.marker)?q=\(entry.reference)</link>
                <pubDate>Tue, 14 Dec 2021 09:0\(index):00 GMT</pubDate>
                <description>&lt;p&gt;body\(entry.marker) html &amp;#x1B;[31mescaped&amp;#x1B;[0m \(entry.reference) &amp;#x9B;&amp;#x202E;tail&lt;/p&gt;</description>
                </item>

                """
        }
        var data = Data(xml.utf8)
        // Raw bytes: ESC and BEL in a title, invalid UTF-8 (a lone continuation byte,
        // an overlong slash, a truncated sequence) in a title and a body.
        data += Data("<item><guid>hostile-raw</guid><title>rawbytes ".utf8)
        data += Data([0x1B, 0x5D, 0x30, 0x3B, 0x78, 0x07, 0x80, 0xC0, 0xAF, 0xE2, 0x82, 0x20])
        data += Data(" end</title><pubDate>Tue, 14 Dec 2021 10:00:00 GMT</pubDate><description>rawbody ".utf8)
        data += Data([0xFF, 0xFE, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0xC2, 0x9B])
        data += Data(" done</description></item>\n</channel></rss>\n".utf8)
        return data
    }
}

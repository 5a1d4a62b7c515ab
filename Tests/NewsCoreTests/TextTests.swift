import NewsModel
import Testing
@testable import NewsCore

@Suite("Text helpers")
struct TextTests {
    @Test("display widths: Swedish 1, CJK 2, combining 0, emoji 2")
    func widths() {
        #expect(DisplayWidth.of("åäö ÅÄÖ") == 7)
        #expect(DisplayWidth.of("“citat”") == 7)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👩‍💻") == 2)
        #expect(DisplayWidth.of("🇸🇪") == 2)
    }

    @Test("a grapheme cluster is measured whole: ZWJ sequences, flags, skin tones, keycaps, VS16 take 2, marks 0")
    func clusterWidths() {
        #expect(DisplayWidth.of("👨‍👩‍👧‍👦") == 2)
        #expect(DisplayWidth.of("🇸🇪🇺🇦") == 4)
        #expect(DisplayWidth.of("👍🏽") == 2)
        #expect(DisplayWidth.of("1️⃣") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("❤") == 1, "text presentation without VS16")
        #expect(DisplayWidth.of("🏳️‍🌈") == 2)
        #expect(DisplayWidth.of("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}") == 2, "a tag sequence (Scotland)")
        #expect(DisplayWidth.of("a\u{301}\u{302}\u{303}\u{304}\u{305}") == 1)
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2, "conjoining Hangul jamo: one syllable")
    }

    @Test("truncation and wrapping never split a grapheme cluster")
    func clustersStayWhole() {
        let family = "👨‍👩‍👧‍👦"
        #expect(DisplayWidth.truncate(family + family + family, to: 5) == family + family + "…")
        #expect(DisplayWidth.truncate("🇸🇪🇺🇦🇸🇪", to: 4) == "🇸🇪…")
        #expect(TextWrapper.wrap("👍🏽👍🏽👍🏽 🇸🇪🇺🇦", width: 4) == ["👍🏽👍🏽", "👍🏽", "🇸🇪🇺🇦"])
    }

    @Test("truncation ends with an ellipsis and never splits a wide character")
    func truncation() {
        #expect(DisplayWidth.truncate("Hållbar upphandling", to: 8) == "Hållbar…")
        #expect(DisplayWidth.truncate("漢字漢字", to: 4) == "漢…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("漢字漢字", to: 4)) == 3)
        #expect(DisplayWidth.truncate("kort", to: 10) == "kort")
        #expect(DisplayWidth.fit("漢", to: 3) == "漢 ")
    }

    @Test("wrapping keeps words whole and lines within the width")
    func wrapping() {
        let lines = TextWrapper.wrap("Föreningsfrihet är en fundamental mänsklig rättighet.", width: 20)
        #expect(lines == ["Föreningsfrihet är", "en fundamental", "mänsklig rättighet."])
        #expect(TextWrapper.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWrapper.wrap("a\n\nb", width: 4) == ["a", "", "b"])
        for line in TextWrapper.wrap("漢字漢字漢字 emoji 👍👍👍 text", width: 5) {
            #expect(DisplayWidth.of(line) <= 5)
        }
    }

    @Test("UTC calendar arithmetic round-trips")
    func utcDates() {
        let date = UTCDate(seconds: 1_639_472_400)
        #expect(date.iso8601 == "2021-12-14T09:00:00Z")
        #expect(date.monthKey == "2021-12")
        #expect(UTCDate(year: 2021, month: 12, day: 14, hour: 9).secondsSince1970 == 1_639_472_400)
        #expect(UTCDate(seconds: -1).iso8601 == "1969-12-31T23:59:59Z")
        #expect(UTCDate(year: 2024, month: 2, day: 29).dayString == "2024-02-29")
        #expect(UTCDate.monthLabel("2021-12") == "December 2021")
        #expect(UTCDate.isMonthKey("2021-12") && !UTCDate.isMonthKey("2021-13") && !UTCDate.isMonthKey("21-12"))
    }

    @Test("terminal-safe text shows control characters visibly and drops bidi overrides")
    func terminalSafe() {
        #expect(TerminalSafe.clean("a\u{1B}[31mb") == "a^[[31mb")
        #expect(TerminalSafe.clean("x\u{9B}y") == "x<U+009B>y")
        #expect(TerminalSafe.clean("evil\u{202E}txt") == "eviltxt")
        #expect(TerminalSafe.clean("a\nb") == "a b")
        #expect(TerminalSafe.clean("a\nb", keepNewlines: true) == "a\nb")
        #expect(TerminalSafe.clean("åäö “ok”") == "åäö “ok”")
    }
}

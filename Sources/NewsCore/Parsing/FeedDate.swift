import Foundation
import NewsModel

/// Dates as feeds write them, to seconds since 1970 (UTC), without
/// Foundation's ICU-backed formatters (slow, and run once per post).
///
/// Accepted: RFC 822/1123 and its common deviations (no weekday, two-digit
/// year, named zones such as `EST`, no seconds, `UT`, military letters),
/// ISO 8601 / RFC 3339 / W3C-DTF (with or without zone, fractions, basic
/// `20211214T090000Z`, date only, year-month), and the Swedish forms
/// publishers write (`14 december 2021`, `tisdag 14 dec. 2021 kl. 09.00`,
/// `2021-12-14 09:00`). A date without a zone is read as UTC.
public enum FeedDate {
    public static func parse(_ text: String) -> Int64? {
        var copy = text
        if let seconds = copy.withUTF8(parseCommonRFC822) {
            return supported.contains(seconds) ? seconds : nil
        }
        return parseAnyForm(text)
    }

    /// Every accepted form, the common one included.
    static func parseAnyForm(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count < 200 else { return nil }
        guard let seconds = parseISO(Array(trimmed.utf8)) ?? parseWords(trimmed) else { return nil }
        // Years 1 to 9999 only (a digit too many, "20211", is a typo, not a date to file a post under).
        return supported.contains(seconds) ? seconds : nil
    }

    /// 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
    static let supported: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    // MARK: - The common form

    /// `Tue, 14 Dec 2021 09:00:00 +0000` (or `GMT`, or without the weekday),
    /// as nearly every RSS feed writes it, read straight from the bytes; nil
    /// for anything else, even a variant the general reader accepts, so that
    /// this gives what `parseAnyForm` gives whenever it gives anything (the
    /// tests compare the two).
    static func parseCommonRFC822(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        @inline(__always) func lower(_ k: Int) -> UInt32 { UInt32(b[k] | 0x20) }
        @inline(__always) func isLetter(_ k: Int) -> Bool { (b[k] | 0x20) >= 0x61 && (b[k] | 0x20) <= 0x7A }
        @inline(__always) func isDigit(_ k: Int) -> Bool { b[k] >= 0x30 && b[k] <= 0x39 }
        @inline(__always) func digit(_ k: Int) -> Int { Int(b[k] - 0x30) }
        guard b.count >= 20, b.count <= 40 else { return nil }
        if isLetter(0) {
            // A weekday, a comma, one space.
            guard isLetter(1), isLetter(2), b[3] == UInt8(ascii: ","), b[4] == 0x20 else { return nil }
            switch lower(0) << 16 | lower(1) << 8 | lower(2) {
            case 0x6D6F6E, 0x747565, 0x776564, 0x746875, 0x667269, 0x736174, 0x73756E: break // mon ... sun
            default: return nil
            }
            i = 5
        }
        // Day: one or two digits.
        guard i + 2 < b.count, isDigit(i) else { return nil }
        var day = digit(i)
        i += 1
        if isDigit(i) {
            day = day * 10 + digit(i)
            i += 1
        }
        guard (1...31).contains(day), b[i] == 0x20 else { return nil }
        i += 1
        // Month: an English abbreviation.
        guard i + 4 <= b.count, isLetter(i), isLetter(i + 1), isLetter(i + 2), b[i + 3] == 0x20 else { return nil }
        let month: Int
        switch lower(i) << 16 | lower(i + 1) << 8 | lower(i + 2) {
        case 0x6A616E: month = 1
        case 0x666562: month = 2
        case 0x6D6172: month = 3
        case 0x617072: month = 4
        case 0x6D6179: month = 5
        case 0x6A756E: month = 6
        case 0x6A756C: month = 7
        case 0x617567: month = 8
        case 0x736570: month = 9
        case 0x6F6374: month = 10
        case 0x6E6F76: month = 11
        case 0x646563: month = 12
        default: return nil
        }
        i += 4
        // Year: four digits, from 1000 (smaller ones take the general path's corrections).
        guard i + 14 <= b.count, isDigit(i), isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), b[i] != 0x30,
              b[i + 4] == 0x20 else { return nil }
        let year = digit(i) * 1000 + digit(i + 1) * 100 + digit(i + 2) * 10 + digit(i + 3)
        i += 5
        // hh:mm:ss
        guard isDigit(i), isDigit(i + 1), b[i + 2] == UInt8(ascii: ":"), isDigit(i + 3), isDigit(i + 4),
              b[i + 5] == UInt8(ascii: ":"), isDigit(i + 6), isDigit(i + 7), b[i + 8] == 0x20 else { return nil }
        let hour = digit(i) * 10 + digit(i + 1)
        let minute = digit(i + 3) * 10 + digit(i + 4)
        let second = digit(i + 6) * 10 + digit(i + 7)
        guard hour <= 24, minute < 60, second <= 60 else { return nil }
        i += 9
        // +hhmm, -hhmm or GMT, then the end.
        let offset: Int
        if b.count - i == 5, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
           isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), isDigit(i + 4) {
            let hours = digit(i + 1) * 10 + digit(i + 2)
            let minutes = digit(i + 3) * 10 + digit(i + 4)
            guard hours <= 14, minutes < 60 else { return nil }
            offset = (b[i] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else if b.count - i == 3, lower(i) == 0x67, lower(i + 1) == 0x6D, lower(i + 2) == 0x74 {
            offset = 0
        } else {
            return nil
        }
        return UTCDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .secondsSince1970 - Int64(offset)
    }

    // MARK: - ISO 8601

    private static func parseISO(_ b: [UInt8]) -> Int64? {
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                value = value * 10 + Int(b[k] - 48)
            }
            i += count
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if i < b.count, b[i] == byte { i += 1; return true }
            return false
        }
        guard let year = digits(4) else { return nil }
        let extended = skip(UInt8(ascii: "-"))
        guard let month = digits(2) else {
            return i == b.count && !extended ? UTCDate(year: year, month: 1, day: 1).secondsSince1970 : nil
        }
        var day = 1
        if extended {
            if skip(UInt8(ascii: "-")) { guard let d = digits(2) else { return nil }; day = d }
        } else {
            guard let d = digits(2) else { return nil }
            day = d
        }
        var hour = 0, minute = 0, second = 0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = digits(2) else { return nil }
            hour = h
            let colon = skip(UInt8(ascii: ":"))
            if let m = digits(2) {
                minute = m
                if (colon ? skip(UInt8(ascii: ":")) : true), let s = digits(2) { second = s }
                // Fractions of a second are dropped.
                if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                    while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
                }
            }
        }
        while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
        var offset = 0
        if i < b.count {
            let rest = String(decoding: b[i...], as: UTF8.self)
            guard let zone = zoneOffset(rest) else { return nil }
            offset = zone
        }
        guard (1...12).contains(month), (1...31).contains(day), hour <= 24, minute < 60, second <= 60 else { return nil }
        return UTCDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .secondsSince1970 - Int64(offset)
    }

    /// Offset east of UTC in seconds, for `Z`, `+01:00`, `-0500`, `+01`, `EST`, `CEST`, ...
    static func zoneOffset(_ token: String) -> Int? {
        let upper = token.uppercased()
        if let named = namedZones[upper] { return named * 3600 }
        var scalars = Array(upper.utf8)
        guard let sign = scalars.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
            // Single military letters other than Z are too often wrong to trust.
            return nil
        }
        scalars.removeFirst()
        scalars.removeAll { $0 == UInt8(ascii: ":") }
        guard !scalars.isEmpty, scalars.count <= 4, scalars.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let value = Int(String(decoding: scalars, as: UTF8.self))!
        let hours = scalars.count <= 2 ? value : value / 100
        let minutes = scalars.count <= 2 ? 0 : value % 100
        guard hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    private static let namedZones: [String: Int] = [
        "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0, "BST": 1,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "AST": -4, "ADT": -3, "AKST": -9, "AKDT": -8, "HST": -10,
        "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "WEST": 1,
        "JST": 9, "KST": 9,
    ]

    // MARK: - Words and numbers (RFC 822 and Swedish forms)

    private static let monthNames: [String: Int] = {
        var names: [String: Int] = [:]
        let english = ["january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december"]
        let swedish = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                       "september", "oktober", "november", "december"]
        for (index, name) in english.enumerated() {
            names[name] = index + 1
            names[String(name.prefix(3))] = index + 1
        }
        for (index, name) in swedish.enumerated() {
            names[name] = index + 1
            names[String(name.prefix(3))] = index + 1
        }
        names["sept"] = 9
        return names
    }()

    private static let ignoredWords: Set<String> = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "tues", "thur", "thurs",
        "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
        "mån", "tis", "ons", "tor", "tors", "fre", "lör", "sön",
        "kl", "klockan", "den", "at", "am", "the", "of",
    ]

    private enum Token {
        case number(Int, digits: Int)
        case word(String)
        case time(Int, Int, Int)
        case zone(Int)
    }

    private static func tokens(_ text: String) -> [Token]? {
        var result: [Token] = []
        let scalars = Array(text.lowercased().unicodeScalars)
        var i = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        while i < scalars.count {
            let s = scalars[i]
            if isDigit(s) {
                var parts: [String] = []
                var current = ""
                var separator: Unicode.Scalar?
                // hh:mm[:ss] or hh.mm (Swedish "kl. 09.00").
                while i < scalars.count {
                    if isDigit(scalars[i]) {
                        current.unicodeScalars.append(scalars[i])
                        i += 1
                    } else if (scalars[i] == ":" || scalars[i] == "."), i + 1 < scalars.count, isDigit(scalars[i + 1]),
                              separator == nil || separator == scalars[i] {
                        separator = scalars[i]
                        parts.append(current)
                        current = ""
                        i += 1
                    } else {
                        break
                    }
                }
                parts.append(current)
                if parts.count == 1 {
                    result.append(.number(Int(parts[0]) ?? -1, digits: parts[0].count))
                } else {
                    guard parts.count <= 4, parts.allSatisfy({ $0.count <= 2 || parts.count == 4 }) else { return nil }
                    let values = parts.map { Int($0) ?? 0 }
                    result.append(.time(values[0], values[1], parts.count > 2 ? values[2] : 0))
                }
            } else if s == "+" || s == "-", i + 1 < scalars.count, isDigit(scalars[i + 1]),
                      result.contains(where: { if case .time = $0 { return true } else { return false } }) {
                var zone = String(s)
                i += 1
                while i < scalars.count, isDigit(scalars[i]) || scalars[i] == ":" {
                    zone.unicodeScalars.append(scalars[i])
                    i += 1
                }
                guard let offset = zoneOffset(zone) else { return nil }
                result.append(.zone(offset))
            } else if s.properties.isAlphabetic {
                var word = ""
                while i < scalars.count, scalars[i].properties.isAlphabetic {
                    word.unicodeScalars.append(scalars[i])
                    i += 1
                }
                result.append(.word(word))
            } else {
                i += 1
            }
        }
        return result
    }

    private static func parseWords(_ text: String) -> Int64? {
        guard let tokens = tokens(text) else { return nil }
        var day: Int?, month: Int?, year: Int?
        var time = (0, 0, 0)
        var offset = 0
        var numbers: [(Int, Int)] = []
        var pm = false
        for token in tokens {
            switch token {
            case .word(let word):
                if let m = monthNames[word], month == nil {
                    month = m
                } else if word == "pm" {
                    pm = true
                } else if let zone = zoneOffset(word), word.count > 1 || word == "z" {
                    offset = zone
                } else if !ignoredWords.contains(word) {
                    return nil
                }
            case .number(let value, let digits):
                numbers.append((value, digits))
            case .time(let h, let m, let s):
                time = (h, m, s)
            case .zone(let zone):
                offset = zone
            }
        }
        guard let monthValue = month else { return nil }
        for (value, digits) in numbers {
            if digits >= 3 || value > 31 {
                guard year == nil else { return nil }
                year = value
            } else if day == nil {
                day = value
            } else if year == nil {
                year = value
            } else {
                return nil
            }
        }
        guard var yearValue = year, let dayValue = day else { return nil }
        if yearValue < 100 { yearValue += yearValue < 50 ? 2000 : 1900 }
        if pm, time.0 < 12 { time.0 += 12 }
        // A year of many digits overflowed the day arithmetic (found by fuzzing).
        guard (1...9999).contains(yearValue), (1...31).contains(dayValue), time.0 <= 24, time.1 < 60, time.2 <= 60 else { return nil }
        return UTCDate(year: yearValue, month: monthValue, day: dayValue, hour: time.0, minute: time.1, second: time.2)
            .secondsSince1970 - Int64(offset)
    }
}

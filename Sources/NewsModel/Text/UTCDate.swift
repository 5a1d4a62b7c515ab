/// Calendar arithmetic in UTC without Foundation's ICU-backed formatters,
/// which cost milliseconds and megabytes on the start-up path.
public struct UTCDate: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Splits seconds since 1970 into a civil UTC date (Howard Hinnant's algorithm).
    public init(seconds: Int64) {
        let days = Int(seconds.floorDiv(86_400))
        var rest = Int(seconds - Int64(days) * 86_400)
        hour = rest / 3600
        rest %= 3600
        minute = rest / 60
        second = rest % 60
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Seconds since 1970 for this civil UTC date.
    public var secondsSince1970: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `2021-12`
    public var monthKey: String { "\(pad(year, 4))-\(pad(month, 2))" }
    /// `2021-12-14`
    public var dayString: String { "\(monthKey)-\(pad(day, 2))" }
    /// `2021-12-14T09:30:00Z`
    public var iso8601: String { "\(dayString)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z" }

    public static let englishMonthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// `2021-12` → `December 2021`; anything else is returned as it is.
    public static func monthLabel(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month) else { return key }
        return "\(englishMonthNames[month - 1]) \(year)"
    }

    /// Whether `key` is a well-formed `YYYY-MM`.
    public static func isMonthKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return false }
        let digits = bytes[0..<4] + bytes[5..<7]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let month = Int(key.suffix(2))!
        return (1...12).contains(month)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

/// `refresh-interval`: a whole number and a unit, `45s`, `30m` or `2h`
/// (at most a week), or `off`. Strict: `30`, `1.5h`, `30 m` and `-5m` are
/// config problems, not guesses.
enum RefreshInterval {
    static let expected = "expected a duration such as \"45s\", \"30m\" or \"2h\" (at most a week), or \"off\""

    /// The seconds `text` says, 0 for `off`; nil when it is not a duration.
    static func seconds(_ text: String) -> Int? {
        if text == "off" { return 0 }
        guard let unit = text.last, let factor = ["s": 1, "m": 60, "h": 3600][unit] else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = Int(digits), number > 0, number * factor <= 7 * 86_400 else { return nil }
        return number * factor
    }
}

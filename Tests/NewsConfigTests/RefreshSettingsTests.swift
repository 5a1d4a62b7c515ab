import NewsConfig
import NewsUI
import Testing

/// `refresh-interval` (strict durations) and `refresh-on-start` in config.toml.
@Suite struct RefreshSettingsTests {
    @Test("45s, 30m, 2h and off; refresh-on-start")
    func durations() {
        for (text, seconds) in [("45s", 45), ("30m", 1800), ("2h", 7200), ("168h", 604_800), ("off", nil) as (String, Int?)] {
            let (settings, problems) = ConfigFile.parse("refresh-interval = \"\(text)\"\nrefresh-on-start = true\n", path: "/c.toml")
            #expect(problems == [], "\(text)")
            #expect(settings.refreshInterval == seconds, "\(text)")
            #expect(settings.refreshOnStart)
        }
        #expect(ConfigFile.parse("", path: "/c.toml").0.refreshInterval == nil, "off by default")
    }

    @Test("anything else is a problem with its line, and the setting stays off", arguments: [
        "\"30\"", "\"1.5h\"", "\"30 m\"", "\"-5m\"", "\"0m\"", "\"2d\"", "\"169h\"", "\"\"", "30", "\"m\"", "\"٣m\"",
    ])
    func strict(value: String) {
        let (settings, problems) = ConfigFile.parse("theme = \"light\"\nrefresh-interval = \(value)\n", path: "/c.toml")
        #expect(settings.refreshInterval == nil)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.key == "refresh-interval")
        #expect(problems.first?.message.hasPrefix("expected a duration such as \"45s\", \"30m\" or \"2h\"") == true)
    }

    @Test("refresh-on-start takes true or false")
    func onStart() {
        let (settings, problems) = ConfigFile.parse("refresh-on-start = \"yes\"\n", path: "/c.toml")
        #expect(!settings.refreshOnStart)
        #expect(problems.map(\.line) == [1])
    }
}

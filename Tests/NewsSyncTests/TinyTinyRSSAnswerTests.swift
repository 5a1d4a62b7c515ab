import Foundation
import NewsConfig
import NewsCore
import NewsModel
import Testing
@testable import NewsSync

/// The API's answers as a real tt-rss gave them (the recorded transcript of
/// `../shared/sync/ttrss/api-demo`), read into the store's terms; the position
/// of a pass, the API's address, `[sync]` in the config file.
@Suite("Tiny Tiny RSS answers")
struct TinyTinyRSSAnswerTests {
    /// The transcript's lines.
    static func transcript() throws -> [Substring] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/sync/ttrss/api-transcript.txt").path
        let text = try #require(try? String(contentsOfFile: path, encoding: .utf8), "the transcript \(path) is missing")
        return text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The answer printed after the first call whose command line contains every one of `parts`.
    static func recorded(after parts: [String]) throws -> Data {
        let lines = try transcript()
        let index = try #require(lines.firstIndex { line in line.hasPrefix("$ curl") && parts.allSatisfy { line.contains($0) } },
                                 "no recorded call with \(parts)")
        return Data(lines[index + 1].utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> Result<T, TinyTinyRSSAnswer.Envelope<T>.APIError> {
        try JSONDecoder().decode(TinyTinyRSSAnswer.Envelope<T>.self, from: data).result
    }

    @Test("headlines with content become articles with their state")
    func headlines() throws {
        let data = try Self.recorded(after: ["\"op\":\"getHeadlines\",\"feed_id\":1,\"show_content\":true"])
        let headlines = try Self.decode([TinyTinyRSSAnswer.Headline].self, data).get()
        #expect(headlines.map(\.id) == [3, 2, 1])
        let article = headlines[0].article
        #expect(article.id == 3 && article.feedID == "1" && article.feedTitle == "Local Test Feed")
        #expect(article.post.title == "Article 3")
        #expect(article.post.link == "http://example.invalid/3" && article.post.baseURL == "http://example.invalid/3")
        #expect(article.post.author == "Author 3")
        #expect(article.post.published == 1_704_114_000)
        #expect(article.post.contentHTML == "<p>Body <b>3</b></p>")
        #expect(article.post.searchText.contains("Body 3"))
        #expect(!article.isRead && !article.isStarred)
        // After marking: read and starred as the server says.
        let marked = try Self.decode([TinyTinyRSSAnswer.Headline].self,
                                     try Self.recorded(after: ["\"op\":\"getArticle\""])).get().map(\.article)
        #expect(marked.map(\.isRead) == [true, false] && marked.map(\.isStarred) == [false, true])
    }

    @Test("login, feeds, categories, subscriptions and errors")
    func otherAnswers() throws {
        let login = try Self.decode(TinyTinyRSSAnswer.Login.self, try Self.recorded(after: ["\"password\":\"password\""])).get()
        #expect(login.sessionID == "14j3ib5j02me97jv932hiaa22c")
        #expect(throws: (any Error).self) {
            try Self.decode(TinyTinyRSSAnswer.Login.self, try Self.recorded(after: ["\"password\":\"wrong\""])).get()
        }
        if case .failure(let error) = try Self.decode(TinyTinyRSSAnswer.Login.self, try Self.recorded(after: ["\"password\":\"wrong\""])) {
            #expect(error.error == "LOGIN_ERROR")
        }
        if case .failure(let error) = try Self.decode(TinyTinyRSSAnswer.Ignored.self, try Self.recorded(after: ["another-agent"])) {
            #expect(error.error == "NOT_LOGGED_IN")
        } else {
            Issue.record("another User-Agent's session should be refused")
        }
        // The second getFeeds lists the feed; the last (after fetching) has its unread count.
        let feedCalls = try Self.transcript().filter { $0.contains("\"feed_url\"") && $0.contains("\"unread\":3") }
        let feeds = try Self.decode([TinyTinyRSSAnswer.Feed].self, Data(try #require(feedCalls.first).utf8)).get()
        #expect(feeds.count == 1 && feeds[0].id == 1 && feeds[0].unread == 3 && feeds[0].url == "http://[::1]/feed.xml")
        let categories = try Self.decode([TinyTinyRSSAnswer.Category].self,
                                         try Self.recorded(after: ["\"op\":\"getCategories\""])).get()
        #expect(categories.map(\.id) == [-2, -1, 0])
        let refused = try Self.decode(TinyTinyRSSAnswer.SubscribeStatus.self,
                                      try Self.recorded(after: ["subscribeToFeed", "localhost"])).get()
        #expect(refused.status.code == 5 && refused.status.message == "Requested URL failed extended validation.")
        let subscribed = try Self.decode(TinyTinyRSSAnswer.SubscribeStatus.self,
                                         try Self.recorded(after: ["subscribeToFeed", "[::1]/feed.xml"])).get()
        #expect(subscribed.status.code == 1 && subscribed.status.feedID == 1)
    }

    @Test("numbers as strings, booleans as t/f or numbers, missing fields")
    func lenientFields() throws {
        let json = """
            {"seq":0,"status":"0","content":[
              {"id":"12","feed_id":"3","unread":"f","marked":1,"updated":"1704114000","title":"  Två\\n rader  ","link":""},
              {"id":13,"feed_id":null,"unread":true,"marked":"t","title":"","content":"<p>Bara en text utan rubrik, som ett mikroblogginlägg.</p>"}]}
            """
        let headlines = try Self.decode([TinyTinyRSSAnswer.Headline].self, Data(json.utf8)).get()
        let first = headlines[0].article, second = headlines[1].article
        #expect(first.id == 12 && first.feedID == "3" && first.isRead && first.isStarred && first.post.published == 1_704_114_000)
        #expect(first.post.title == "Två rader" && first.post.link == nil)
        #expect(second.feedID == "0" && !second.isRead && second.isStarred && second.post.published == nil)
        #expect(second.post.title.hasPrefix("Bara en text utan rubrik"))
        #expect(throws: (any Error).self) {
            try Self.decode([TinyTinyRSSAnswer.Headline].self, Data(#"{"status":0,"content":[{"title":"no id"}]}"#.utf8)).get()
        }
    }

    @Test("a pass's position reads back as written; anything else starts from the beginning")
    func positions() {
        #expect(Pass("since=10 skip=400 max=990") == Pass(since: 10, skip: 400, largest: 990))
        #expect(Pass(Pass(since: 10, skip: 400, largest: 990).description) == Pass(since: 10, skip: 400, largest: 990))
        #expect(Pass("") == Pass(since: 0, skip: 0, largest: 0))
        #expect(Pass("garbage=1 since=x") == Pass(since: 0, skip: 0, largest: 0))
        #expect(Pass("since=50").largest == 50)
    }

    @Test("the API is api/ below the base URL, unless the URL names it")
    func apiURL() {
        #expect(TinyTinyRSS.apiURL("https://rss.example.com/tt-rss") == "https://rss.example.com/tt-rss/api/")
        #expect(TinyTinyRSS.apiURL("https://rss.example.com/tt-rss/") == "https://rss.example.com/tt-rss/api/")
        #expect(TinyTinyRSS.apiURL("https://rss.example.com/api") == "https://rss.example.com/api/")
        #expect(TinyTinyRSS.apiURL("https://rss.example.com/api/") == "https://rss.example.com/api/")
    }

    @Test("password-command is split into words as a shell would, without one")
    func commandWords() {
        #expect(CommandWords.split("pass show tt-rss") == ["pass", "show", "tt-rss"])
        #expect(CommandWords.split(#"gpg -d "/home/me/my secrets.gpg""#) == ["gpg", "-d", "/home/me/my secrets.gpg"])
        #expect(CommandWords.split(#"echo 'a; b' c\ d "e\"f""#) == ["echo", "a; b", "c d", "e\"f"])
        #expect(CommandWords.split("  ") == [])
        #expect(CommandWords.split("echo 'open") == nil)
        #expect(CommandWords.split("echo \\") == nil)
    }

    @Test("[sync] in config.toml: complete, or each problem with its line")
    func config() {
        let good = ConfigFile.parseContents("""
            theme = "light"
            [sync]
            service = "ttrss"
            url = "https://rss.example.com/tt-rss/"
            user = "mig"
            password-command = "pass show 'tt rss'"
            """, path: "/c.toml")
        #expect(good.problems.isEmpty)
        #expect(good.sync == SyncSettings(service: "ttrss", url: "https://rss.example.com/tt-rss/", user: "mig",
                                          passwordCommand: ["pass", "show", "tt rss"]))
        #expect(good.sync?.identity == "ttrss mig https://rss.example.com/tt-rss/")

        let bad = ConfigFile.parseContents("""
            [sync]
            service = "freshrss"
            url = "ftp://x"
            passwrd = "hemligt"
            """, path: "/c.toml")
        #expect(bad.sync == nil)
        #expect(bad.syncProblems.map(\.description) == [
            "/c.toml:4: sync.passwrd: unknown setting of [sync]",
            "/c.toml:2: sync.service: unknown service \"freshrss\" (known: ttrss)",
            "/c.toml:3: sync.url: expected the server's http(s) address, such as \"https://rss.example.com/tt-rss/\"",
            "/c.toml:1: sync.user: missing (the user name in quotes)",
        ])
        #expect(bad.problems == bad.syncProblems)
        // An empty table sets nothing (the commented default has one).
        let empty = ConfigFile.parseContents("[sync]\n", path: "/c.toml")
        #expect(empty.sync == nil && empty.problems.isEmpty)
        let quote = ConfigFile.parseContents("[sync]\nservice = \"ttrss\"\nurl = \"http://h/\"\nuser = \"u\"\npassword-command = \"pass 'x\"\n",
                                             path: "/c.toml")
        #expect(quote.sync == nil && quote.syncProblems.count == 1)
    }

    @Test("the password: the environment first, else the command's first line; never a message with it")
    func password() throws {
        let settings = SyncSettings(service: "ttrss", url: "http://h/", user: "u", passwordCommand: ["printf", "hemligt\\nrad två\\n"])
        #expect(try settings.password(environment: [:]) == "hemligt")
        #expect(try settings.password(environment: ["NEWSREADER_SYNC_PASSWORD": "från miljön"]) == "från miljön")
        #expect(throws: SyncError.passwordCommand("'false' exited with status 1")) {
            try SyncSettings(service: "ttrss", url: "http://h/", user: "u", passwordCommand: ["false"]).password(environment: [:])
        }
        #expect(throws: SyncError.passwordCommand("'true' printed no password")) {
            try SyncSettings(service: "ttrss", url: "http://h/", user: "u", passwordCommand: ["true"]).password(environment: [:])
        }
        #expect(throws: SyncError.noPassword) {
            try SyncSettings(service: "ttrss", url: "http://h/", user: "u").password(environment: [:])
        }
        #expect(throws: (any Error).self) {
            try SyncSettings(service: "ttrss", url: "http://h/", user: "u", passwordCommand: ["/no/such/program"]).password(environment: [:])
        }
    }
}

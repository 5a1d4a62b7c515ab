import Foundation
import NewsModel
import TestSupport
import Testing

/// The command-line contract, run through the real binary on a fresh
/// XDG_DATA_HOME (so the commands read the sample; read-only commands read
/// it from memory and create no store).
@Suite("Command line")
struct CommandLineTests {
    let home: TemporaryDirectory
    var env: [String: String] { ["XDG_DATA_HOME": home.path] }

    init() throws { home = try TemporaryDirectory("e2e") }

    func json(_ arguments: [String]) throws -> Any {
        let result = try NewsreaderProcess.run(arguments, environment: env)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test("months --json: the sample's months, newest first, counts adding up to 10")
    func monthsJSON() throws {
        let months = try #require(try json(["months", "--json"]) as? [[String: Any]])
        #expect(months.map { $0["month"] as? String } == ["2022-02", "2022-01", "2021-12", "2021-11"])
        #expect(months.map { ($0["count"] as? Int) ?? 0 }.reduce(0, +) == 10)
        #expect(months.allSatisfy { Set($0.keys) == ["month", "count"] })
        #expect(!FileManager.default.fileExists(atPath: home.path + "/newsreader"), "a read-only command creates no store")
    }

    @Test("list --json: ten posts in the page's order with every field")
    func listJSON() throws {
        let posts = try #require(try json(["list", "--json"]) as? [[String: Any]])
        #expect(posts.count == 10)
        #expect(posts.allSatisfy {
            Set($0.keys) == ["id", "title", "published", "month", "feed", "feed_id", "link", "summary", "read", "starred"]
        })
        #expect(posts.allSatisfy { $0["read"] as? Bool == false && $0["starred"] as? Bool == false && $0["feed_id"] as? Int == 1 })
        #expect((posts.first?["summary"] as? String)?.hasPrefix("På initiativ av Region Stockholms") == true)
        #expect((posts.last?["summary"] as? String)?.hasPrefix("I dag släppte Adda") == true)
        let published = posts.compactMap { $0["published"] as? String }
        #expect(published == published.sorted(by: >))
        #expect(published.allSatisfy { $0.hasSuffix("Z") && $0.count == 20 })
        let december = try #require(try json(["list", "--month", "2021-12", "--json"]) as? [[String: Any]])
        #expect(december.count == 5 && december.allSatisfy { $0["month"] as? String == "2021-12" })
        let two = try #require(try json(["list", "--limit", "2", "--json"]) as? [[String: Any]])
        #expect(two.count == 2)
    }

    @Test("search finds the Fairtrade Talks post; show prints its Swedish text intact")
    func searchAndShow() throws {
        let hits = try #require(try json(["search", "Fairtrade", "--json"]) as? [[String: Any]])
        #expect(hits.count == 1)
        let id = try #require(hits.first?["id"] as? Int)
        #expect((hits.first?["title"] as? String)?.contains("Fairtrade Talks") == true)
        let shown = try NewsreaderProcess.run(["show", String(id)], environment: env)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Feed: Regionernas kansli för hållbar upphandling"))
        #expect(shown.stdout.contains("Date: 2022-02-01"))
        // The body wrapped at 80 columns, words and letters intact.
        let body = shown.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop(while: { !$0.isEmpty }).joined(separator: " ")
        #expect(body.contains("seminarieserien Fairtrade Talks som sänds under 2022"))
        #expect(body.contains("tjänstepersoner på 422 svenska myndigheter."))
        #expect(shown.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("hostile queries exit cleanly", arguments: ["\"AND (*", "*", "-", "a-b", "NEAR(", "'"])
    func hostileQuery(query: String) throws {
        let result = try NewsreaderProcess.run(["search", query], environment: env)
        #expect(result.status == 0)
        #expect(!result.stderr.lowercased().contains("sql"))
        let asJSON = try NewsreaderProcess.run(["search", query, "--json"], environment: env)
        #expect(asJSON.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(asJSON.stdout.utf8))) is [Any])
    }

    @Test("a file that is not a store: one line on stderr, exit 1, file untouched")
    func notAStore() throws {
        let path = home.path + "/notes.txt"
        try "inte en databas\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try NewsreaderProcess.run(["list", "--store", path], environment: env)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("newsreader: ") && result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("not a newsreader store"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "inte en databas\n")
    }

    @Test("a store named by --store or $NEWSREADER_STORE that does not exist reads as empty, and is not created by reading")
    func namedStoreStartsEmpty() throws {
        let named = try NewsreaderProcess.run(["months", "--json", "--store", home.path + "/a.sqlite"], environment: env)
        #expect(named.status == 0 && named.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        var withEnv = env
        withEnv["NEWSREADER_STORE"] = home.path + "/b.sqlite"
        let fromEnv = try NewsreaderProcess.run(["list", "--json"], environment: withEnv)
        #expect(fromEnv.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(fromEnv.stdout.utf8)) as? [Any])?.isEmpty == true)
        #expect(!FileManager.default.fileExists(atPath: home.path + "/b.sqlite"))
        // A command that writes creates it, empty but for what it writes.
        let add = try NewsreaderProcess.run(["add", "--no-fetch", "https://a.example/feed"], environment: withEnv)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.path + "/b.sqlite"))
        #expect(try NewsreaderProcess.run(["list"], environment: withEnv).stdout.isEmpty)
    }

    @Test("bad arguments: usage error on stderr, non-zero exit")
    func badArguments() throws {
        let result = try NewsreaderProcess.run(["list", "--month", "december"], environment: env)
        #expect(result.status != 0)
        #expect(result.stderr.contains("YYYY-MM"))
        let missing = try NewsreaderProcess.run(["show", "999"], environment: env)
        #expect(missing.status == 1 && missing.stderr.contains("post 999 not found"))
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        let version = try NewsreaderProcess.run(["--version"])
        #expect(version.status == 0 && version.stdout.contains("0."))
        let help = try NewsreaderProcess.run(["--help"])
        #expect(help.status == 0)
        for command in ["months", "list", "search", "show", "--store"] {
            #expect(help.stdout.contains(command))
        }
    }
}

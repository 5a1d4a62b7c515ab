import ArgumentParser
import Foundation
import NewsCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the posts of feed files or feed URLs to the store.",
        discussion: """
            Each source is read as RSS, Atom or RDF and saved in one transaction: a source
            that cannot be read is reported with its line and leaves the store unchanged.
            Re-importing adds nothing; changed posts are updated and keep their flags.
            A URL is fetched once; to keep fetching it, subscribe with `add`.
            The exit status is 1 when any source failed.

            Examples:
              newsreader import feed.xml
              newsreader import https://example.com/feed.xml
              curl -s https://example.com/rss | newsreader import -
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("Feed files, http(s) URLs, or - for standard input.", valueName: "file-or-url"))
    var sources: [String]
    @Option(help: "Seconds before fetching a URL gives up.")
    var timeout: Double = 60

    func run() throws {
        let database = try store.open()
        var failed = false
        for source in sources {
            let started = DispatchTime.now()
            do {
                var document = try SourceDocument.load(source, timeout: timeout)
                // A URL already subscribed to gets its posts there; import itself never subscribes.
                if document.feed.url != nil {
                    let subscribed = try database.subscribedFeed(matching: source)
                    document.feed = subscribed ?? Feed(title: source)
                }
                let result = try database.importFeed(document.parser, into: document.feed)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                let skipped = result.counts.unchanged + result.skipped
                print("\(TerminalSafe.clean(source)): \(TerminalSafe.clean(result.feedTitle)): "
                    + "\(result.counts.new) new, \(result.counts.updated) updated, \(skipped) skipped, "
                    + String(format: "%.2f s", seconds))
            } catch {
                failed = true
                Console.error("\(source): \(error)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// A source named on the command line, read into memory.
struct SourceDocument {
    var parser: FeedParser
    /// The feed row its posts go to: by URL for web feeds, by title otherwise.
    var feed: Feed

    static func load(_ source: String, timeout: Double = 60) throws -> SourceDocument {
        if source == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return SourceDocument(parser: FeedParser(data: data), feed: Feed(title: "standard input"))
        }
        if source.lowercased().hasPrefix("http://") || source.lowercased().hasPrefix("https://") {
            switch try Newsreader.fetcher(timeout: timeout).fetch(source) {
            case .notModified:
                throw FetchError(message: "HTTP 304 without a stored copy")
            case .fetched(let document):
                return SourceDocument(parser: try document.parser(), feed: Feed(url: source, title: source))
            }
        }
        let url = URL(fileURLWithPath: source)
        let parser: FeedParser
        do {
            // Large files are streamed: memory stays flat however big they are.
            parser = try FeedParser(contentsOf: url)
        } catch {
            throw SourceError(message: "cannot read the file")
        }
        return SourceDocument(parser: parser, feed: Feed(title: url.deletingPathExtension().lastPathComponent))
    }
}

struct SourceError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

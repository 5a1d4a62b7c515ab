import ArgumentParser
import Foundation
import NewsCore
import NewsModel

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the posts of feed files or feed URLs to the store.",
        discussion: """
            Each source is read as RSS, Atom or RDF and saved in one transaction: a source
            that cannot be read is reported with its line and leaves the store unchanged.
            Re-importing adds nothing; changed posts are updated and keep their flags.
            A file's posts belong to the feed of that file (its absolute path), a URL's to
            that URL's, standard input's to its channel's site: never to another feed that
            happens to have the same title. Invalid UTF-8 bytes are replaced one by one.
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
        // The store is opened once a source could be read: a command whose
        // sources all fail before that leaves no new store behind.
        var database: AppDatabase?
        var imported = false
        var failed = false
        for source in sources {
            let started = DispatchTime.now()
            do {
                var document = try SourceDocument.load(source, timeout: timeout)
                if database == nil { database = try store.open() }
                // A URL already subscribed to gets its posts there; import itself never subscribes.
                if SourceDocument.isURL(source), let subscribed = try database!.subscribedFeed(matching: source) {
                    document.feed = subscribed
                }
                let result = try database!.importFeed(document.parser, into: document.feed)
                imported = true
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                let skipped = result.counts.unchanged + result.skipped
                print("\(TerminalSafe.clean(source)): \(TerminalSafe.clean(result.feedTitle)): "
                    + "\(result.counts.new) new, \(result.counts.updated) updated, \(skipped) skipped, "
                    + String(format: "%.2f s", seconds))
            } catch let error as ExitCode {
                throw error
            } catch {
                failed = true
                Console.error("\(source): \(error)")
            }
        }
        if !imported, let database {
            // Every source failed (unreadable as a feed): a store this command created goes again.
            _ = try? database.removeIfUnused(at: store.location.path)
        }
        if failed { throw ExitCode(1) }
    }
}

/// A source named on the command line, ready to be parsed.
struct SourceDocument {
    var parser: FeedParser
    /// The feed row its posts go to: known by where they came from (the
    /// file's absolute path, the URL, or standard input), never by the title.
    var feed: Feed

    static func isURL(_ source: String) -> Bool {
        source.lowercased().hasPrefix("http://") || source.lowercased().hasPrefix("https://")
    }

    static func load(_ source: String, timeout: Double = 60) throws -> SourceDocument {
        if source == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return SourceDocument(parser: FeedParser(data: data),
                                  feed: Feed(title: "standard input", source: Feed.standardInputSource))
        }
        if isURL(source) {
            switch try Newsreader.fetcher(timeout: timeout).fetch(source) {
            case .notModified:
                throw FetchError(message: "HTTP 304 without a stored copy")
            case .fetched(let document):
                // The URL as `add` writes it, so that spellings of one address are one source.
                let address = (try? HTTPURL(source).description) ?? source
                return SourceDocument(parser: try document.parser(), feed: Feed(title: source, source: address))
            }
        }
        let url = URL(fileURLWithPath: source).standardizedFileURL
        let parser: FeedParser
        do {
            // Large files are streamed: memory stays flat however big they are.
            parser = try FeedParser(contentsOf: url)
        } catch {
            throw SourceError(message: "cannot read the file")
        }
        return SourceDocument(parser: parser, feed: Feed(title: url.deletingPathExtension().lastPathComponent, source: url.path))
    }
}

struct SourceError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

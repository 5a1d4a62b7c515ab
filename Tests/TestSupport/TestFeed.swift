import Foundation
import NewsModel

/// Feeds for the tests and the benchmark to serve.
public enum TestFeed {
    /// An RSS 2.0 feed of `count` posts; `version` changes the first post's title.
    public static func rss(title: String = "Lokalt flöde", count: Int = 3, version: Int = 1,
                           link: String = "https://example.se/") -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>\(title)</title>"
            + "<link>\(link)</link>\n"
        for index in 0..<count {
            text += "<item><title>Post \(index) v\(index == 0 ? version : 1)</title><guid>p\(index)</guid>"
                + "<pubDate>Tue, 14 Dec 2021 09:\(String(format: "%02d", index % 60)):00 GMT</pubDate>"
                + "<description>Text \(index) om hållbar upphandling</description></item>\n"
        }
        return text + "</channel></rss>\n"
    }

    /// A web page whose head names `feeds` (URL and title) as alternates.
    public static func page(naming feeds: [(url: String, title: String)], type: String = "application/rss+xml") -> String {
        let links = feeds.map { "<link rel=\"alternate\" type=\"\(type)\" title=\"\($0.title)\" href=\"\($0.url)\">" }
        return "<!DOCTYPE html>\n<html><head><title>Sajt</title>\n" + links.joined(separator: "\n")
            + "\n</head><body><p>Välkommen</p></body></html>\n"
    }
}

/// A feed that answers conditional GETs as a careful server does: `ETag`
/// and `Last-Modified` on every 200, and 304 when the request's validators
/// match. `bump()` publishes a new version.
/// (`@unchecked Sendable`: `version` changes under `lock`.)
public final class ConditionalFeed: @unchecked Sendable {
    private let lock = NSLock()
    private var version = 1
    private let render: @Sendable (Int) -> String

    /// `render` gives the document of each version.
    public init(render: @escaping @Sendable (Int) -> String = { TestFeed.rss(version: $0) }) {
        self.render = render
    }

    public func bump() { lock.withLock { version += 1 } }

    public var etag: String { "\"v\(lock.withLock { version })\"" }

    public static func lastModified(_ version: Int) -> String {
        "Tue, 14 Dec 2021 09:\(String(format: "%02d", version % 60)):00 GMT"
    }

    /// The route handler.
    public var handler: TestHTTPServer.Handler {
        { [self] request in
            let version = lock.withLock { self.version }
            let etag = "\"v\(version)\"", modified = Self.lastModified(version)
            let matches = request.header("If-None-Match").map { $0 == etag }
                ?? (request.header("If-Modified-Since") == modified)
            if matches { return .status(304, headers: [("ETag", etag)]) }
            return .ok(render(version), headers: [("ETag", etag), ("Last-Modified", modified)])
        }
    }
}

import Foundation
import NewsModel

/// What a conditional GET of a feed brought back.
public enum FetchOutcome: Sendable {
    /// 304: the feed has not changed since the stored validators; nothing to parse.
    /// `permanentURL` when a 301/308 on the way says the feed now lives elsewhere.
    case notModified(permanentURL: String?)
    case fetched(FetchedDocument)

    /// Where the feed lives from now on, after permanent redirects (301, 308).
    public var permanentURL: String? {
        switch self {
        case .notModified(let url): return url
        case .fetched(let document): return document.permanentURL
        }
    }
}

public struct FetchedDocument: Sendable {
    /// The body, unless it was large enough to go to `bodyFile`.
    public var body: [UInt8]
    public var bodyFile: HTTPBodyFile?
    public var contentType: String?
    public var etag: String?
    public var lastModified: String?
    /// After redirects; relative links resolve against it (or `Content-Location`).
    public var finalURL: String
    /// Where the feed lives from now on, after permanent redirects (301, 308).
    public var permanentURL: String?

    public init(body: [UInt8], bodyFile: HTTPBodyFile? = nil, contentType: String? = nil, etag: String? = nil,
                lastModified: String? = nil, finalURL: String, permanentURL: String? = nil) {
        self.body = body
        self.bodyFile = bodyFile
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.finalURL = finalURL
        self.permanentURL = permanentURL
    }

    /// A parser over the body, from memory or (streamed when large) from its file.
    public func parser() throws -> FeedParser {
        guard let bodyFile else { return FeedParser(data: body, contentType: contentType, url: finalURL) }
        return try FeedParser(contentsOf: URL(fileURLWithPath: bodyFile.path), contentType: contentType, url: finalURL)
    }

    /// The body's bytes, from memory or its file.
    public func bytes() throws -> [UInt8] {
        try bodyFile?.readAll() ?? body
    }
}

public struct FetchError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// Seconds the server asked us to wait (429, 503 with `Retry-After`), at most a week.
    public var retryAfter: Int?
    public var description: String { message }

    /// 410: the feed was removed for good.
    public var isGone: Bool { status == 410 }

    public init(message: String, status: Int? = nil, retryAfter: Int? = nil) {
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }
}

/// Feeds over HTTP(S) through `HTTPClient`: a connect timeout, a total
/// deadline, a low-speed limit and a size cap per feed, redirects followed,
/// `User-Agent: newsreader/<version>`, conditional GET with ETag and
/// Last-Modified. Many feeds at once go out together (two per host).
public struct FeedFetcher: Sendable {
    /// The command-line tool passes `newsreader/<its version>`.
    public static let defaultUserAgent = "newsreader"
    /// The longest a server's `Retry-After` postpones a feed.
    public static let maximumRetryAfter = 7 * 86_400

    public var client: HTTPClient
    /// Seconds for a whole fetch, redirects included.
    public var timeout: Double
    public var connectTimeout: Double
    /// The largest body accepted, counted after decompression.
    public var maximumBytes: Int
    /// Bodies larger than this wait for parsing in an unlinked temporary file, not in memory.
    public var memoryLimit: Int

    public init(timeout: Double = 60, connectTimeout: Double = 10, maximumBytes: Int = 64 << 20,
                memoryLimit: Int = 512 << 10, userAgent: String = FeedFetcher.defaultUserAgent) {
        self.init(client: HTTPClient(userAgent: userAgent), timeout: timeout, connectTimeout: connectTimeout,
                  maximumBytes: maximumBytes, memoryLimit: memoryLimit)
    }

    public init(client: HTTPClient, timeout: Double = 60, connectTimeout: Double = 10,
                maximumBytes: Int = 64 << 20, memoryLimit: Int = 512 << 10) {
        self.client = client
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumBytes = maximumBytes
        self.memoryLimit = memoryLimit
    }

    /// One feed to fetch, with the validators of its stored copy.
    public struct Target: Sendable {
        public var url: String
        public var etag: String?
        public var lastModified: String?

        public init(url: String, etag: String? = nil, lastModified: String? = nil) {
            self.url = url
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    /// Fetches `url`, sending `If-None-Match` / `If-Modified-Since` when validators are given.
    public func fetch(_ url: String, etag: String? = nil, lastModified: String? = nil) throws -> FetchOutcome {
        var outcome: Result<FetchOutcome, FetchError> = .failure(FetchError(message: "not fetched"))
        fetch([Target(url: url, etag: etag, lastModified: lastModified)]) { _, result in outcome = result }
        return try outcome.get()
    }

    /// Fetches every target together; `onResult` is called on this thread as each one ends.
    public func fetch(_ targets: [Target], now: Int64 = Int64(Date().timeIntervalSince1970),
                      onResult: (Int, Result<FetchOutcome, FetchError>) -> Void) {
        client.send(targets.map(request)) { index, result in
            onResult(index, outcome(of: result, now: now))
        }
    }

    func request(_ target: Target) -> HTTPRequest {
        var headers: HTTPHeaders = [
            "Accept": "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        ]
        if let etag = target.etag { headers["If-None-Match"] = etag }
        if let lastModified = target.lastModified { headers["If-Modified-Since"] = lastModified }
        // A server that sends nothing (or a byte now and then) for this long is given up on,
        // long before the deadline.
        let quietSeconds = max(1, min(15, Int(timeout / 2)))
        return HTTPRequest(url: target.url, headers: headers, connectTimeout: min(connectTimeout, timeout), timeout: timeout,
                           lowSpeedLimit: .init(bytesPerSecond: 16, seconds: quietSeconds),
                           maximumBytes: maximumBytes, memoryLimit: memoryLimit)
    }

    func outcome(of result: Result<HTTPResponse, HTTPError>, now: Int64) -> Result<FetchOutcome, FetchError> {
        let response: HTTPResponse
        switch result {
        case .failure(let error): return .failure(FetchError(message: error.message))
        case .success(let value): response = value
        }
        switch response.status {
        case 304:
            return .success(.notModified(permanentURL: response.permanentURL))
        case 200..<300:
            var finalURL = response.url
            // Content-Location names the document's own URL, the base for its relative links;
            // only an http(s) one is believed (never javascript: or file:).
            if let location = response.headers["Content-Location"], let resolved = FeedURL.resolve(location, against: finalURL),
               let checked = try? HTTPURL(resolved) {
                finalURL = checked.description
            }
            let headers = response.headers
            return .success(.fetched(FetchedDocument(body: response.body, bodyFile: response.bodyFile,
                                                     contentType: headers["Content-Type"], etag: headers["ETag"],
                                                     lastModified: headers["Last-Modified"], finalURL: finalURL,
                                                     permanentURL: response.permanentURL)))
        default:
            let status = response.status
            let retryAfter = (status == 429 || status == 503)
                ? response.headers["Retry-After"].flatMap { Self.retryAfterSeconds($0, now: now) } : nil
            var message = "HTTP \(status) \(HTTPResponse.reasonPhrase(status))"
            if status == 410 { message += ": the feed was removed; it is no longer fetched" }
            if let retryAfter { message += " (retry after \(retryAfter) s)" }
            return .failure(FetchError(message: message, status: status, retryAfter: retryAfter))
        }
    }

    /// `Retry-After` as seconds or as an HTTP date, from 0 to a week: a huge
    /// number or a date in year 9999 postpones a feed a week, never forever.
    public static func retryAfterSeconds(_ value: String, now: Int64) -> Int? {
        let trimmed = Whitespace.trim(value)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // More digits than an Int holds is still a number: a very large one.
            return Int(trimmed).map { min($0, maximumRetryAfter) } ?? maximumRetryAfter
        }
        guard let date = FeedDate.parse(trimmed) else { return nil }
        let (delay, overflow) = date.subtractingReportingOverflow(now)
        if overflow { return date > now ? maximumRetryAfter : 0 }
        return Int(max(0, min(delay, Int64(maximumRetryAfter))))
    }
}

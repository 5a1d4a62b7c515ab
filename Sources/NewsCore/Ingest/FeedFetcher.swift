import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a conditional GET brought back.
public enum FetchOutcome: Sendable {
    /// 304: the feed has not changed since the stored validators; nothing to parse.
    case notModified
    case fetched(FetchedDocument)
}

public struct FetchedDocument: Sendable {
    public var body: [UInt8]
    public var contentType: String?
    public var etag: String?
    public var lastModified: String?
    /// After redirects; relative links resolve against it (or `Content-Location`).
    public var finalURL: String
}

public struct FetchError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var status: Int?
    /// Seconds the server asked us to wait (429, 503 with `Retry-After`).
    public var retryAfter: Int?
    public var description: String { message }

    public init(message: String, status: Int? = nil, retryAfter: Int? = nil) {
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }
}

/// HTTP(S) through URLSession: timeout, size limit, redirects followed,
/// `User-Agent: newsreader/<version>`, conditional GET with ETag and Last-Modified.
public final class FeedFetcher: @unchecked Sendable {
    /// The command-line tool passes `newsreader/<its version>`.
    public static let defaultUserAgent = "newsreader"

    public var timeout: TimeInterval
    public var maximumBytes: Int
    public var userAgent: String

    public init(timeout: TimeInterval = 30, maximumBytes: Int = 64 << 20, userAgent: String = FeedFetcher.defaultUserAgent) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
        self.userAgent = userAgent
    }

    /// Fetches `url`, sending `If-None-Match` / `If-Modified-Since` when validators are given.
    public func fetch(_ url: String, etag: String? = nil, lastModified: String? = nil) throws -> FetchOutcome {
        guard let address = URL(string: url), let scheme = address.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else {
            throw FetchError(message: "not an http(s) URL: \(url)")
        }
        var request = URLRequest(url: address, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
                         forHTTPHeaderField: "Accept")
        if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }

        let collector = Collector(limit: maximumBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        collector.done.wait()

        if collector.tooLarge {
            throw FetchError(message: "the response is larger than \(maximumBytes / (1 << 20)) MiB")
        }
        if let error = collector.error {
            throw FetchError(message: Self.describe(error))
        }
        guard let response = collector.response as? HTTPURLResponse else {
            throw FetchError(message: "no HTTP response")
        }
        let headers = { (name: String) -> String? in response.value(forHTTPHeaderField: name) }
        switch response.statusCode {
        case 304:
            return .notModified
        case 200..<300:
            var finalURL = response.url?.absoluteString ?? url
            // Content-Location names the document's own URL, the base for its relative links;
            // only an http(s) one is believed (never javascript: or file:).
            if let location = headers("Content-Location"), let resolved = FeedURL.resolve(location, against: finalURL),
               resolved.lowercased().hasPrefix("http://") || resolved.lowercased().hasPrefix("https://") {
                finalURL = resolved
            }
            return .fetched(FetchedDocument(body: collector.body, contentType: headers("Content-Type"),
                                            etag: headers("ETag"), lastModified: headers("Last-Modified"),
                                            finalURL: finalURL))
        default:
            let retryAfter = (response.statusCode == 429 || response.statusCode == 503)
                ? headers("Retry-After").flatMap(Self.retryAfterSeconds) : nil
            var message = "HTTP \(response.statusCode) \(HTTPURLResponse.localizedString(forStatusCode: response.statusCode))"
            if let retryAfter { message += " (retry after \(retryAfter) s)" }
            throw FetchError(message: message, status: response.statusCode, retryAfter: retryAfter)
        }
    }

    /// `Retry-After` as seconds or as an HTTP date.
    static func retryAfterSeconds(_ value: String) -> Int? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return max(0, seconds) }
        guard let date = FeedDate.parse(trimmed) else { return nil }
        return max(0, Int(date - Int64(Date().timeIntervalSince1970)))
    }

    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        switch nsError.code {
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "host not found"
        case NSURLErrorHTTPTooManyRedirects: return "too many redirects"
        default: return nsError.localizedDescription
        }
    }

    /// Receives one response, stopping at the size limit.
    private final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let limit: Int
        let done = DispatchSemaphore(value: 0)
        var body: [UInt8] = []
        var response: URLResponse?
        var error: Error?
        var tooLarge = false

        init(limit: Int) { self.limit = limit }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            self.response = response
            if response.expectedContentLength > Int64(limit) {
                tooLarge = true
                completionHandler(.cancel)
                return
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            body.append(contentsOf: data)
            if body.count > limit {
                tooLarge = true
                dataTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            if let error, !tooLarge { self.error = error }
            done.signal()
        }
    }
}

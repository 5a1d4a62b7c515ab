import Foundation
import NewsModel

/// Header fields in order, looked up case-insensitively.
public struct HTTPHeaders: Hashable, Sendable, ExpressibleByDictionaryLiteral, Sequence {
    public struct Field: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The first value of `name`; setting replaces every field of that name (nil removes them).
    public subscript(name: String) -> String? {
        get { fields.first { Self.same($0.name, name) }?.value }
        set {
            fields.removeAll { Self.same($0.name, name) }
            if let newValue { fields.append(Field(name: name, value: newValue)) }
        }
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.same($0.name, name) }.map(\.value)
    }

    public mutating func append(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.lowercased() == b.lowercased()
    }
}

/// One request for `HTTPClient`: what to send and the limits it runs under.
public struct HTTPRequest: Sendable {
    public var url: String
    /// `GET`, `POST`, `HEAD`, or any other method.
    public var method: String
    /// Sent as given; `User-Agent` defaults to the client's. Bodies are
    /// decoded (gzip, deflate, br) unless the request sets `Accept-Encoding` itself.
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// Seconds to resolve the host and connect (TLS handshake included).
    public var connectTimeout: Double
    /// Seconds for the whole request, redirects included.
    public var timeout: Double
    /// Gives up when fewer than `bytesPerSecond` arrive for `seconds` in a row
    /// (a server that trickles or sends nothing at all); nil for no such limit.
    public var lowSpeedLimit: LowSpeedLimit?
    /// The most body bytes accepted, counted after decoding, as they arrive:
    /// a larger (or endless, or compression bomb) body stops the transfer.
    public var maximumBytes: Int
    /// Redirects followed (each one visible in `HTTPResponse.redirects`); 0
    /// returns the 3xx response itself.
    public var maximumRedirects: Int
    /// A body larger than this goes to an unlinked temporary file
    /// (`HTTPResponse.bodyFile`) instead of memory; nil keeps every body in memory.
    public var memoryLimit: Int?

    public struct LowSpeedLimit: Hashable, Sendable {
        public var bytesPerSecond: Int
        public var seconds: Int
        public init(bytesPerSecond: Int, seconds: Int) {
            self.bytesPerSecond = bytesPerSecond
            self.seconds = seconds
        }
    }

    public init(url: String, method: String = "GET", headers: HTTPHeaders = [:], body: [UInt8]? = nil,
                connectTimeout: Double = 10, timeout: Double = 30,
                lowSpeedLimit: LowSpeedLimit? = LowSpeedLimit(bytesPerSecond: 16, seconds: 15),
                maximumBytes: Int = 64 << 20, maximumRedirects: Int = 8, memoryLimit: Int? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.lowSpeedLimit = lowSpeedLimit
        self.maximumBytes = maximumBytes
        self.maximumRedirects = maximumRedirects
        self.memoryLimit = memoryLimit
    }
}

/// One redirect that was followed.
public struct HTTPRedirect: Hashable, Sendable {
    public var status: Int
    public var from: String
    public var to: String

    /// 301 and 308: the resource has moved for good.
    public var isPermanent: Bool { status == 301 || status == 308 }
}

/// The final answer to a request, after any redirects.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// The final response's headers.
    public var headers: HTTPHeaders
    /// The decoded body, unless it went to `bodyFile`.
    public var body: [UInt8]
    /// The body, when it was larger than the request's `memoryLimit`.
    public var bodyFile: HTTPBodyFile?
    /// The URL that answered.
    public var url: String
    /// Every redirect followed, in order.
    public var redirects: [HTTPRedirect]

    /// The body's bytes, from memory or read back from `bodyFile`.
    public func bodyBytes() throws -> [UInt8] {
        try bodyFile?.readAll() ?? body
    }

    /// Where the request should go from now on: the target of the leading
    /// permanent redirects (301, 308), up to the first temporary one; nil when
    /// the first redirect was temporary or there was none.
    public var permanentURL: String? {
        redirects.prefix { $0.isPermanent }.last?.to
    }

    /// `Not Found` for 404: the standard phrase of a status code.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 300: return "Multiple Choices"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 451: return "Unavailable For Legal Reasons"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default:
            switch status {
            case 100..<200: return "Informational"
            case 200..<300: return "Success"
            case 300..<400: return "Redirection"
            case 400..<500: return "Client Error"
            default: return "Server Error"
            }
        }
    }
}

/// A response body kept in an unlinked temporary file: nothing is left on
/// disk, whatever happens to the process. The file closes with this object.
///
/// `@unchecked Sendable`: it is written by the one transfer that fills it,
/// and read only after that transfer has ended.
public final class HTTPBodyFile: @unchecked Sendable {
    public let fileDescriptor: Int32
    public private(set) var size = 0

    /// A new empty file in `$TMPDIR` (else /tmp), already unlinked.
    init() throws {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/newsreader-body-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw HTTPError(.other, "cannot make a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        unlink(template)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        fileDescriptor = descriptor
    }

    deinit { close(fileDescriptor) }

    /// A path that opens this file afresh (Linux's `/proc/self/fd`), for readers that want one.
    public var path: String { "/proc/self/fd/\(fileDescriptor)" }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw HTTPError(.other, "cannot write the response to a temporary file: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        size += bytes.count
    }

    public func readAll() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { pread(fileDescriptor, $0.baseAddress! + offset, size - offset, off_t(offset)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw HTTPError(.other, "cannot read the temporary file back") }
            offset += count
        }
        return bytes
    }
}

/// Why a request got no response, in one line (no libcurl jargon).
public struct HTTPError: Error, CustomStringConvertible, Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case invalidURL
        /// libcurl could not be loaded.
        case unavailable
        case hostNotFound
        case connectionRefused
        case cannotConnect
        case connectTimeout
        case timeout
        case tooSlow
        case tooLarge
        case tooManyRedirects
        case badRedirect
        case tls
        /// Cut off, not HTTP, or a body that does not decode.
        case brokenResponse
        case other
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `10 s`, `2.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// `64 MiB`, `512 KiB`, `100 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

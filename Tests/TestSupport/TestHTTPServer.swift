import Foundation
#if canImport(Glibc)
import Glibc
import NewsModel
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for the tests and the benchmark: it
/// binds port 0 and keeps the port it got (no race for a free port), answers
/// scripted routes (a status, headers and a body, gzip, a delay, a trickle,
/// a hang, an endless body, redirects) and records every request it saw, with
/// when it arrived and how many were being answered at once.
///
/// One thread per connection; connections are kept alive as HTTP/1.1 says.
/// Stopping (or releasing the server) ends every connection, hanging ones too.
public final class TestHTTPServer: Sendable {
    public typealias Handler = @Sendable (TestHTTPRequest) -> TestHTTPResponse

    /// The threads hold the core, not this object: releasing the server stops it.
    private let core: ServerCore

    public var port: Int { core.port }
    /// `http://127.0.0.1:PORT`
    public var base: String { "http://127.0.0.1:\(port)" }
    /// The same server under another host name (`localhost`), which clients count as another host.
    public var localhostBase: String { "http://localhost:\(port)" }

    /// Starts listening at once; `routes` maps a path (with its query, as
    /// the request line has it) to what it answers.
    public init(routes: [String: Handler] = [:]) throws {
        core = try ServerCore(routes: routes)
    }

    deinit { core.stop() }

    /// Sets (or replaces) what `path` answers; safe while requests run.
    public func route(_ path: String, _ handler: @escaping Handler) { core.route(path, handler) }

    /// Sets what `path` answers with a fixed response.
    public func route(_ path: String, _ response: TestHTTPResponse) { core.route(path) { _ in response } }

    /// What paths without a route answer (404 by default).
    public func fallbackRoute(_ handler: @escaping Handler) { core.fallbackRoute(handler) }

    /// Every request received so far, in the order they arrived.
    public var requests: [TestHTTPRequest] { core.requests }

    /// The requests for `path`.
    public func requests(for path: String) -> [TestHTTPRequest] { requests.filter { $0.path == path } }

    /// The most requests that were being answered at the same moment.
    public var mostConcurrentRequests: Int { core.mostConcurrentRequests }

    /// How many connections were accepted.
    public var connections: Int { core.connections }

    /// How many responses to `path` ended: written whole, or cut off because the client left.
    public func answered(_ path: String) -> Int { core.answered(path) }

    /// Forgets the recorded requests and the concurrency high-water mark.
    public func forgetRequests() { core.forgetRequests() }

    public func stop() { core.stop() }
}

// @unchecked Sendable: routes, requests and connections change under `lock`; the rest is constant.
private final class ServerCore: @unchecked Sendable {
    typealias Handler = TestHTTPServer.Handler

    let port: Int

    private let listener: Int32
    /// Written once when the server stops: every wait (delay, trickle, hang) watches it.
    private let stopPipe: (read: Int32, write: Int32)
    private let lock = NSLock()
    private var routes: [String: Handler] = [:]
    private var fallback: Handler = { _ in .status(404, body: "no route") }
    private var recorded: [TestHTTPRequest] = []
    private var clients: Set<Int32> = []
    private var inFlight = 0
    private var mostInFlight = 0
    private var connectionCount = 0
    private var answeredCounts: [String: Int] = [:]
    private var isStopped = false
    private let threads = DispatchGroup()

    init(routes: [String: Handler]) throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestServerError("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        guard bound == 0, listen(socketFD, 128) == 0 else {
            close(socketFD)
            throw TestServerError("bind/listen: \(String(cString: strerror(errno)))")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = socketFD
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw TestServerError("pipe failed") }
        stopPipe = (ends[0], ends[1])
        self.routes = routes
        threads.enter()
        Thread.detachNewThread { [self] in
            acceptLoop()
            threads.leave()
        }
    }

    func route(_ path: String, _ handler: @escaping Handler) {
        lock.withLock { routes[path] = handler }
    }

    func fallbackRoute(_ handler: @escaping Handler) {
        lock.withLock { fallback = handler }
    }

    var requests: [TestHTTPRequest] { lock.withLock { recorded } }
    var mostConcurrentRequests: Int { lock.withLock { mostInFlight } }
    var connections: Int { lock.withLock { connectionCount } }
    func answered(_ path: String) -> Int { lock.withLock { answeredCounts[path, default: 0] } }

    func forgetRequests() {
        lock.withLock {
            recorded = []
            mostInFlight = inFlight
        }
    }

    func stop() {
        let wasStopped = lock.withLock { () -> Bool in
            defer { isStopped = true }
            return isStopped
        }
        guard !wasStopped else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        shutdown(listener, Int32(SHUT_RDWR))
        for client in lock.withLock({ clients }) { shutdown(client, Int32(SHUT_RDWR)) }
        threads.wait()
        close(listener)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    private var stopped: Bool { lock.withLock { isStopped } }

    // MARK: - Connections

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let number: Int? = lock.withLock {
                guard !isStopped else { return nil }
                clients.insert(client)
                connectionCount += 1
                return connectionCount
            }
            guard let number else {
                close(client)
                return
            }
            threads.enter()
            Thread.detachNewThread { [self] in
                serve(client, connection: number)
                lock.withLock { _ = clients.remove(client) }
                close(client)
                threads.leave()
            }
        }
    }

    private func serve(_ client: Int32, connection: Int) {
        var reader = RequestReader(socket: client)
        while !stopped, var request = reader.next() {
            request.connection = connection
            request.receivedAt = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
            let handler = lock.withLock { () -> Handler in
                recorded.append(request)
                inFlight += 1
                mostInFlight = max(mostInFlight, inFlight)
                return routes[request.path] ?? fallback
            }
            let response = handler(request)
            let keepOpen = answer(response, to: request, on: client)
            lock.withLock {
                inFlight -= 1
                answeredCounts[request.path, default: 0] += 1
            }
            if !keepOpen { return }
        }
    }

    /// Writes `response`; false when the connection must close afterwards.
    private func answer(_ response: TestHTTPResponse, to request: TestHTTPRequest, on client: Int32) -> Bool {
        if response.delay > 0, waitForStop(seconds: response.delay) { return false }
        switch response.body {
        case .hang:
            // Accepted, read, never answered: until the client leaves or the server stops.
            var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            while poll(&fds, 2, -1) < 0 && errno == EINTR {}
            return false
        case .endless(let chunk):
            guard send(response.head(contentLength: nil, request: request), on: client) else { return false }
            while !stopped, send(chunk, on: client) {}
            return false
        case .bytes(let body):
            let closes = response.closesConnection || request.header("Connection")?.lowercased() == "close"
            let bytes = response.head(contentLength: body.count, request: request, close: closes)
                + (request.method == "HEAD" ? [] : body)
            if let interval = response.trickle {
                for byte in bytes {
                    guard send([byte], on: client), !waitForStop(seconds: interval) else { return false }
                }
            } else if !send(bytes, on: client) {
                return false
            }
            return !closes
        }
    }

    /// Sleeps `seconds` unless the server stops first; true when it stopped.
    private func waitForStop(seconds: Double) -> Bool {
        var fds = [pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline { return stopped }
            let result = poll(&fds, 1, Int32((deadline - now) / 1_000_000) + 1)
            if result > 0 { return true }
        }
    }

    private func send(_ bytes: [UInt8], on client: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A request as the server read it.
public struct TestHTTPRequest: Sendable {
    public var method: String
    /// The request target: path and query.
    public var path: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Which connection (1, 2, …) it came on.
    public var connection = 0
    /// When it arrived, in seconds of the monotonic clock.
    public var receivedAt = 0.0

    /// The first header of that name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Reads requests off a connection: the head, then a `Content-Length` body.
private struct RequestReader {
    let socket: Int32
    var buffer: [UInt8] = []

    init(socket: Int32) { self.socket = socket }

    mutating func next() -> TestHTTPRequest? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let found = buffer.firstRange(of: separator) {
                headEnd = found.lowerBound
                break
            }
            guard buffer.count < 1 << 20, fill() else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + separator.count)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var request = TestHTTPRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: [])
        let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        request.body = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return request
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }
}

import CCurl
import Foundation
import NewsModel

/// HTTP(S) through libcurl's C API, loaded on first use (see `CCurl`).
///
/// Every request runs under a connect timeout, a total deadline, a low-speed
/// limit and a cap on its decoded body, enforced as the bytes arrive, so a
/// silent, trickling, endless or compression-bomb server costs bounded time
/// and memory. Waiting is `curl_multi_poll`: no CPU while nothing arrives.
/// Redirects are followed one by one, each visible in the response; only
/// http and https are ever fetched. No cookies, no cache, nothing on disk.
///
/// A batch of requests runs at once on the calling thread, several hosts
/// together, at most `connectionsPerHost` requests per host and
/// `maximumTransfers` in all; the rest wait for a free slot (their
/// deadlines start when they do). Connections are reused between the
/// requests of a batch and between the calls of one client.
///
/// `@unchecked Sendable`: the idle multi handles are taken and given back
/// under `lock`; a batch uses its handle on the calling thread alone.
public final class HTTPClient: @unchecked Sendable {
    public let userAgent: String
    public let connectionsPerHost: Int
    public let maximumTransfers: Int

    private let lock = NSLock()
    /// Multi handles not in use, each with its open connections.
    private var idleMultis: [UnsafeMutableRawPointer] = []

    public init(userAgent: String = "newsreader", connectionsPerHost: Int = 2, maximumTransfers: Int = 16) {
        self.userAgent = userAgent
        self.connectionsPerHost = max(1, connectionsPerHost)
        self.maximumTransfers = max(1, maximumTransfers)
    }

    deinit {
        for multi in idleMultis { nr_multi_cleanup(multi) }
    }

    /// Sends one request and waits for its response.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        var outcome: Result<HTTPResponse, HTTPError> = .failure(HTTPError(.other, "no response"))
        send([request]) { _, result in outcome = result }
        return try outcome.get()
    }

    /// Sends `requests` together; `onResponse` is called on this thread as
    /// each one ends, with its index, in the order they end. Returns when all have.
    public func send(_ requests: [HTTPRequest], onResponse: (Int, Result<HTTPResponse, HTTPError>) -> Void) {
        guard !requests.isEmpty else { return }
        var reason = [CChar](repeating: 0, count: 256)
        guard nr_curl_load(&reason, reason.count) == 0 else {
            let message = reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let error = HTTPError(.unavailable, String(decoding: message, as: UTF8.self))
            for index in requests.indices { onResponse(index, .failure(error)) }
            return
        }
        let multi = takeMulti()
        defer { giveBack(multi) }
        var run = TransferRun(multi: multi, client: self)
        for (index, request) in requests.enumerated() {
            do {
                run.waiting.append(try HTTPTransfer(index: index, request: request, userAgent: userAgent))
            } catch let error as HTTPError {
                onResponse(index, .failure(error))
            } catch {
                onResponse(index, .failure(HTTPError(.invalidURL, "\(error)")))
            }
        }
        run.run(onResponse)
    }

    private func takeMulti() -> UnsafeMutableRawPointer {
        if let multi = lock.withLock({ idleMultis.popLast() }) { return multi }
        let multi = nr_multi_init()!
        // Finished connections kept for reuse, a few per host.
        _ = nr_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(8, maximumTransfers))
        return multi
    }

    private func giveBack(_ multi: UnsafeMutableRawPointer) {
        lock.withLock { idleMultis.append(multi) }
    }
}

/// One batch on one multi handle: starts what the limits allow, drives the
/// transfers, follows redirects, hands back what finished.
private struct TransferRun {
    let multi: UnsafeMutableRawPointer
    let client: HTTPClient
    /// Not started yet (or between redirects), first come first served.
    var waiting: [HTTPTransfer] = []
    var active: [UnsafeMutableRawPointer: HTTPTransfer] = [:]
    var activePerHost: [String: Int] = [:]

    init(multi: UnsafeMutableRawPointer, client: HTTPClient) {
        self.multi = multi
        self.client = client
    }

    mutating func run(_ onResponse: (Int, Result<HTTPResponse, HTTPError>) -> Void) {
        while true {
            startWhatFits(onResponse)
            if active.isEmpty { return }
            var running: Int32 = 0
            _ = nr_multi_perform(multi, &running)
            var finishedAny = false
            var easy: UnsafeMutableRawPointer?
            var code = CURLE_OK
            while nr_multi_next_done(multi, &easy, &code) == 1, let handle = easy {
                finishedAny = true
                finish(handle, code, onResponse)
            }
            // Asleep until a socket is ready or libcurl's next timer (at most a second).
            if !finishedAny { _ = nr_multi_poll(multi, 1000) }
        }
    }

    private mutating func startWhatFits(_ onResponse: (Int, Result<HTTPResponse, HTTPError>) -> Void) {
        var index = 0
        while index < waiting.count && active.count < client.maximumTransfers {
            let transfer = waiting[index]
            guard activePerHost[transfer.hostKey, default: 0] < client.connectionsPerHost else {
                index += 1
                continue
            }
            waiting.remove(at: index)
            do {
                let easy = try transfer.start()
                guard nr_multi_add_handle(multi, easy) == CURLM_OK else {
                    transfer.end()
                    throw HTTPError(.other, "libcurl refused the transfer")
                }
                active[easy] = transfer
                activePerHost[transfer.hostKey, default: 0] += 1
            } catch {
                onResponse(transfer.index, .failure(error as? HTTPError ?? HTTPError(.other, "\(error)")))
            }
        }
    }

    private mutating func finish(_ easy: UnsafeMutableRawPointer, _ code: CURLcode,
                                 _ onResponse: (Int, Result<HTTPResponse, HTTPError>) -> Void) {
        guard let transfer = active.removeValue(forKey: easy) else { return }
        _ = nr_multi_remove_handle(multi, easy)
        activePerHost[transfer.hostKey, default: 1] -= 1
        switch transfer.finish(code) {
        case .redirected:
            // Next hop first: it already waited its turn.
            waiting.insert(transfer, at: 0)
        case .done(let result):
            onResponse(transfer.index, result)
        }
    }
}

/// One request on its way: its current hop's easy handle, the headers and
/// body arriving, the redirects so far.
private final class HTTPTransfer {
    enum Step {
        case redirected
        case done(Result<HTTPResponse, HTTPError>)
    }

    let index: Int
    let request: HTTPRequest
    let userAgent: String
    private(set) var url: HTTPURL
    private(set) var hostKey: String
    private var method: String
    private var body: [UInt8]?
    private var headersToSend: HTTPHeaders
    private var redirects: [HTTPRedirect] = []
    /// Monotonic nanoseconds; set when the first hop starts.
    private var deadline: UInt64?

    // The current hop.
    private var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var status = 0
    private var headers = HTTPHeaders()
    private var memory: [UInt8] = []
    private var file: HTTPBodyFile?
    private var received = 0
    private var tooLarge = false
    private var writeFailure: HTTPError?

    init(index: Int, request: HTTPRequest, userAgent: String) throws {
        self.index = index
        self.request = request
        self.userAgent = userAgent
        do {
            url = try HTTPURL(request.url)
        } catch {
            throw HTTPError(.invalidURL, "\(error)")
        }
        hostKey = url.hostKey
        method = request.method.uppercased()
        body = request.body
        headersToSend = request.headers
    }

    deinit {
        end()
        errorBuffer.deallocate()
    }

    /// A new easy handle for the current hop, configured.
    func start() throws -> UnsafeMutableRawPointer {
        let now = DispatchTime.now().uptimeNanoseconds
        let deadline = self.deadline ?? now + UInt64(max(0, request.timeout) * 1e9)
        self.deadline = deadline
        guard now < deadline else { throw HTTPError(.timeout, "timed out after \(HTTPError.seconds(request.timeout))") }
        let remainingMilliseconds = max(1, Int((deadline - now) / 1_000_000))
        guard let easy = nr_easy_init() else { throw HTTPError(.other, "libcurl could not start a transfer") }
        self.easy = easy
        status = 0
        headers = HTTPHeaders()
        memory = []
        file = nil
        received = 0
        tooLarge = false
        writeFailure = nil
        errorBuffer[0] = 0

        let this = Unmanaged.passUnretained(self).toOpaque()
        var failed = false
        func set(_ option: CURLoption, _ value: Int) { failed = failed || nr_easy_setopt_long(easy, option, value) != CURLE_OK }
        func set(_ option: CURLoption, _ value: String) {
            failed = failed || value.withCString { nr_easy_setopt_pointer(easy, option, $0) } != CURLE_OK
        }
        func set(_ option: CURLoption, pointer: UnsafeRawPointer?) {
            failed = failed || nr_easy_setopt_pointer(easy, option, pointer) != CURLE_OK
        }
        set(CURLOPT_URL, url.requestString)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_CONNECTTIMEOUT_MS, min(remainingMilliseconds, max(1, Int(request.connectTimeout * 1000))))
        set(CURLOPT_TIMEOUT_MS, remainingMilliseconds)
        if let limit = request.lowSpeedLimit {
            set(CURLOPT_LOW_SPEED_LIMIT, max(1, limit.bytesPerSecond))
            set(CURLOPT_LOW_SPEED_TIME, max(1, limit.seconds))
        }
        // Refuses early when the announced length is already too big.
        failed = failed || nr_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maximumBytes)) != CURLE_OK
        if request.headers["Accept-Encoding"] == nil { set(CURLOPT_ACCEPT_ENCODING, "") }
        set(CURLOPT_USERAGENT, request.headers["User-Agent"] ?? userAgent)
        set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        failed = failed || nr_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, HTTPTransfer.onBody) != CURLE_OK
        set(CURLOPT_WRITEDATA, pointer: this)
        failed = failed || nr_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, HTTPTransfer.onHeader) != CURLE_OK
        set(CURLOPT_HEADERDATA, pointer: this)

        // `Expect: 100-continue` would hold a POST up to a second for servers that ignore it.
        var list: UnsafeMutablePointer<curl_slist>? = nr_slist_append(nil, "Expect:")
        for field in headersToSend where !HTTPHeaders.same(field.name, "User-Agent") {
            list = nr_slist_append(list, "\(field.name): \(field.value)")
        }
        headerList = list
        set(CURLOPT_HTTPHEADER, pointer: list)
        switch method {
        case "GET":
            set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            set(CURLOPT_NOBODY, 1)
        default:
            if method == "POST" { set(CURLOPT_POST, 1) } else { set(CURLOPT_CUSTOMREQUEST, method) }
            if let body {
                set(CURLOPT_POSTFIELDSIZE, body.count)
                failed = failed || body.withUnsafeBytes {
                    nr_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress ?? UnsafeRawPointer(errorBuffer))
                } != CURLE_OK
            } else if method == "POST" {
                set(CURLOPT_POSTFIELDSIZE, 0)
                set(CURLOPT_COPYPOSTFIELDS, "")
            }
        }
        if failed {
            let message = errorBuffer[0] != 0 ? String(cString: errorBuffer) : "an option was refused"
            end()
            throw HTTPError(.other, "libcurl: \(message)")
        }
        return easy
    }

    /// Releases the current hop's handle.
    func end() {
        if let easy { nr_easy_cleanup(easy) }
        easy = nil
        if let headerList { nr_slist_free_all(headerList) }
        headerList = nil
    }

    /// After libcurl finished the current hop: the next hop or the outcome.
    func finish(_ code: CURLcode) -> Step {
        guard let easy else { return .done(.failure(HTTPError(.other, "no transfer"))) }
        // Bytes of request sent: a reused connection has no connect time of its own.
        var requestSize = 0
        _ = nr_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        var headerSize = 0
        _ = nr_easy_getinfo_long(easy, CURLINFO_HEADER_SIZE, &headerSize)
        var osError = 0
        _ = nr_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osError)
        var responseCode = 0
        _ = nr_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &responseCode)
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: nr_easy_strerror(code))
        end()
        guard code == CURLE_OK else {
            return .done(.failure(error(for: code, detail: detail, connected: requestSize > 0, answered: headerSize > 0,
                                     osError: Int32(osError))))
        }
        if responseCode > 0 { status = responseCode }
        if (300..<400).contains(status), status != 304, request.maximumRedirects > 0, let location = headers["Location"] {
            guard redirects.count < request.maximumRedirects else {
                return .done(.failure(HTTPError(.tooManyRedirects, "too many redirects (more than \(request.maximumRedirects))")))
            }
            let target = FeedURL.resolve(location, against: url.description) ?? location
            guard let next = try? HTTPURL(target) else {
                return .done(.failure(HTTPError(.badRedirect, "redirected to a URL that is not http(s): \(TerminalSafe.clean(target))")))
            }
            redirects.append(HTTPRedirect(status: status, from: url.description, to: next.description))
            // As browsers do: 303 always, and 301/302 after a POST, continue with a GET.
            if status == 303 || ((status == 301 || status == 302) && method == "POST") {
                method = method == "HEAD" ? "HEAD" : "GET"
                body = nil
            }
            if next.hostKey != hostKey {
                // Credentials are for the host they were meant for (as curl and browsers do).
                for name in ["Authorization", "Cookie", "Proxy-Authorization"] { headersToSend[name] = nil }
            }
            url = next
            hostKey = next.hostKey
            return .redirected
        }
        let response = HTTPResponse(status: status, headers: headers, body: memory, bodyFile: file,
                                    url: url.description, redirects: redirects)
        memory = []
        file = nil
        return .done(.success(response))
    }

    private func error(for code: CURLcode, detail: String, connected: Bool, answered: Bool, osError: Int32) -> HTTPError {
        switch code {
        case CURLE_WRITE_ERROR where tooLarge, CURLE_FILESIZE_EXCEEDED:
            return HTTPError(.tooLarge, "the response is larger than \(HTTPError.size(request.maximumBytes))")
        case CURLE_WRITE_ERROR where writeFailure != nil:
            return writeFailure!
        case CURLE_COULDNT_RESOLVE_HOST:
            return HTTPError(.hostNotFound, "host not found: \(url.host)")
        case CURLE_COULDNT_RESOLVE_PROXY:
            return HTTPError(.hostNotFound, "proxy not found: \(detail)")
        case CURLE_COULDNT_CONNECT:
            return osError == ECONNREFUSED ? HTTPError(.connectionRefused, "connection refused")
                : HTTPError(.cannotConnect, "cannot connect: \(detail)")
        case CURLE_OPERATION_TIMEDOUT:
            if !connected {
                return HTTPError(.connectTimeout, "no connection within \(HTTPError.seconds(request.connectTimeout))")
            }
            if detail.contains("too slow"), let limit = request.lowSpeedLimit {
                return HTTPError(.tooSlow, "too slow: under \(limit.bytesPerSecond) bytes a second for \(limit.seconds) s")
            }
            return HTTPError(.timeout, answered ? "timed out after \(HTTPError.seconds(request.timeout))"
                                                : "no answer within \(HTTPError.seconds(request.timeout))")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return HTTPError(.tls, "TLS: \(detail)")
        case CURLE_GOT_NOTHING:
            return HTTPError(.brokenResponse, "the server closed the connection without answering")
        case CURLE_PARTIAL_FILE:
            return HTTPError(.brokenResponse, "the connection closed before the whole response arrived")
        case CURLE_BAD_CONTENT_ENCODING:
            return HTTPError(.brokenResponse, "the response's compression is broken")
        case CURLE_WEIRD_SERVER_REPLY, CURLE_UNSUPPORTED_PROTOCOL:
            return HTTPError(.brokenResponse, "not an HTTP answer")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            return HTTPError(.brokenResponse, "connection lost: \(detail)")
        case CURLE_URL_MALFORMAT:
            return HTTPError(.invalidURL, "'\(TerminalSafe.clean(url.description))' is not a valid URL")
        default:
            return HTTPError(.other, detail)
        }
    }

    // MARK: - libcurl callbacks (on the thread that runs the batch)

    private static let onHeader: curl_write_callback = { pointer, size, count, context in
        let length = size * count
        guard let pointer, let context else { return length }
        let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        transfer.header(line)
        return length
    }

    private static let onBody: curl_write_callback = { pointer, size, count, context in
        let length = size * count
        guard let pointer, let context else { return length }
        let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
        return transfer.receive(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
    }

    private func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            // A new response (after 1xx ones): its own headers only.
            headers = HTTPHeaders()
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count >= 2, let code = Int(parts[1]) { status = code }
            return
        }
        let trimmed = line.trimmingCharacters(in: .newlines)
        guard !trimmed.isEmpty else { return }
        if trimmed.first == " " || trimmed.first == "\t", let last = headers.fields.last {
            // An obsolete folded line continues the previous field.
            headers[last.name] = last.value + " " + trimmed.trimmingCharacters(in: .whitespaces)
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        headers.append(String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces),
                       String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }

    /// Decoded body bytes; false stops the transfer.
    private func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // The body of a redirect we follow is not kept.
        if (300..<400).contains(status), request.maximumRedirects > 0, headers["Location"] != nil { return true }
        guard received + bytes.count <= request.maximumBytes else {
            tooLarge = true
            return false
        }
        received += bytes.count
        do {
            if let file {
                try file.append(bytes)
            } else if let limit = request.memoryLimit, memory.count + bytes.count > limit {
                let spilled = try HTTPBodyFile()
                try memory.withUnsafeBytes { try spilled.append($0) }
                try spilled.append(bytes)
                memory = []
                file = spilled
            } else {
                memory.append(contentsOf: bytes)
            }
            return true
        } catch {
            writeFailure = error as? HTTPError ?? HTTPError(.other, "\(error)")
            return false
        }
    }
}

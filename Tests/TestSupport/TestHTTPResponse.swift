import CDeflate
import Foundation
import NewsModel

/// What a route of `TestHTTPServer` answers.
public struct TestHTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// This chunk again and again, with no length, until the client leaves.
        case endless([UInt8])
        /// The request is read and never answered.
        case hang
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body
    /// Seconds to wait before answering.
    public var delay: Double = 0
    /// Seconds between bytes: the whole response (status line included) is sent one byte at a time.
    public var trickle: Double?
    /// Sends `Connection: close` and closes after the response.
    public var closesConnection = false

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([]),
                delay: Double = 0, trickle: Double? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.trickle = trickle
    }

    /// 200 with `body`.
    public static func ok(_ body: String, contentType: String = "application/rss+xml; charset=utf-8",
                          headers: [(name: String, value: String)] = []) -> TestHTTPResponse {
        ok(Array(body.utf8), contentType: contentType, headers: headers)
    }

    public static func ok(_ body: [UInt8], contentType: String = "application/rss+xml; charset=utf-8",
                          headers: [(name: String, value: String)] = []) -> TestHTTPResponse {
        TestHTTPResponse(status: 200, headers: [("Content-Type", contentType)] + headers, body: .bytes(body))
    }

    /// 200 with `body` gzip-compressed (`Content-Encoding: gzip`).
    public static func gzipped(_ body: String, contentType: String = "application/rss+xml; charset=utf-8") -> TestHTTPResponse {
        TestHTTPResponse(status: 200, headers: [("Content-Type", contentType), ("Content-Encoding", "gzip")],
                         body: .bytes(Gzip.compress(Array(body.utf8))))
    }

    /// Any status with a short text body.
    public static func status(_ status: Int, headers: [(name: String, value: String)] = [], body: String = "") -> TestHTTPResponse {
        TestHTTPResponse(status: status, headers: headers, body: .bytes(Array(body.utf8)))
    }

    /// A redirect to `location` (relative or absolute).
    public static func redirect(_ status: Int, to location: String) -> TestHTTPResponse {
        TestHTTPResponse(status: status, headers: [("Location", location)], body: .bytes(Array("moved".utf8)))
    }

    /// Accepts the request and never answers.
    public static let hang = TestHTTPResponse(status: 200, body: .hang)

    /// A 200 whose body never ends.
    public static func endless(contentType: String = "application/rss+xml") -> TestHTTPResponse {
        let chunk = Array(String(repeating: "<item><title>x</title></item>\n", count: 2000).utf8)
        return TestHTTPResponse(status: 200, headers: [("Content-Type", contentType)], body: .endless(chunk))
    }

    /// A small gzip body that inflates to `decodedBytes` zero bytes (about 1 MB
    /// on the wire per 160 MB inflated).
    public static func gzipBomb(decodedBytes: Int) -> TestHTTPResponse {
        TestHTTPResponse(status: 200, headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")],
                         body: .bytes(Gzip.zeros(decodedBytes)))
    }

    /// `body` sent one byte every `interval` seconds, status line and headers included.
    public static func trickling(_ body: String, interval: Double) -> TestHTTPResponse {
        var response = ok(body)
        response.trickle = interval
        return response
    }

    /// The status line and headers; without `contentLength` the body ends when the connection closes.
    func head(contentLength: Int?, request: TestHTTPRequest, close: Bool = true) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
        if close || contentLength == nil { text += "Connection: close\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Clients read the code, not the phrase.
    static func reason(_ status: Int) -> String { status == 200 ? "OK" : "Scripted" }
}

/// gzip bodies for the test server: whole ones through libdeflate, and
/// bombs written by hand (libdeflate would need the inflated bytes in memory).
public enum Gzip {
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(6) else { return [] }
        defer { libdeflate_free_compressor(compressor) }
        var output = [UInt8](repeating: 0, count: libdeflate_gzip_compress_bound(compressor, bytes.count))
        let count = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { libdeflate_gzip_compress(compressor, input.baseAddress, input.count, $0.baseAddress, $0.count) }
        }
        return Array(output.prefix(count))
    }

    /// A gzip member of one fixed-Huffman deflate block: a literal zero, then
    /// copies of 258 bytes at distance 1 (13 bits each), so about 1/160 of
    /// `count` on the wire.
    public static func zeros(_ count: Int) -> [UInt8] {
        var output: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var bits: UInt64 = 0
        var bitCount = 0
        func put(_ value: UInt64, _ width: Int) {
            bits |= value << UInt64(bitCount)
            bitCount += width
            while bitCount >= 8 {
                output.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
                bitCount -= 8
            }
        }
        // Huffman codes go most significant bit first.
        func reversed(_ value: UInt64, _ width: Int) -> UInt64 {
            var result: UInt64 = 0
            for bit in 0..<width where value & (1 << UInt64(bit)) != 0 { result |= 1 << UInt64(width - 1 - bit) }
            return result
        }
        func code(_ value: UInt64, _ width: Int) { put(reversed(value, width), width) }
        put(1, 1) // BFINAL
        put(1, 2) // BTYPE 01: fixed Huffman codes
        code(0x30, 8) // literal 0
        let copies = max(0, (count - 1) / 258)
        // Length 258 (symbol 285, 8 bits), then distance 1 (code 0, 5 bits).
        let copy = reversed(0xC5, 8)
        output.reserveCapacity(output.count + copies * 13 / 8 + 16)
        for _ in 0..<copies { put(copy, 13) }
        code(0, 7) // end of block
        if bitCount > 0 { put(0, 8 - bitCount) }
        let inflated = 1 + copies * 258
        var crc: UInt32 = 0
        let zeroBlock = [UInt8](repeating: 0, count: 1 << 20)
        var left = inflated
        while left > 0 {
            let piece = min(left, zeroBlock.count)
            crc = zeroBlock.withUnsafeBytes { UInt32(libdeflate_crc32(crc, $0.baseAddress, piece)) }
            left -= piece
        }
        for value in [crc, UInt32(truncatingIfNeeded: inflated)] {
            for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return output
    }
}

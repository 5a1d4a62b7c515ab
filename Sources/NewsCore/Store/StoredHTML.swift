import CDeflate
import Foundation
import GRDB

/// How a post's HTML body sits in the `post.html` column: deflated when that
/// saves space (a BLOB: the body's UTF-8 length as 4 little-endian bytes, then
/// a zlib stream), else as plain TEXT. Bodies are most of the store, and
/// deflate more than halves them: a typical 2.5 KB body no longer fills a
/// 4 KB page on its own. Reading one back costs microseconds.
///
/// libdeflate rather than zlib: twice as fast on small buffers, which
/// matters inside a 100,000-post import.
enum StoredHTML {
    /// Bodies shorter than this are stored as they are: deflate cannot win much.
    static let minimumDeflatedLength = 96

    /// The column value for `html`.
    static func value(_ html: String, using deflater: Deflater) -> DatabaseValue {
        var html = html
        return html.withUTF8 { bytes in
            if bytes.count >= minimumDeflatedLength, let blob = deflater.deflate(bytes), blob.count < bytes.count {
                return blob.databaseValue
            }
            return String(decoding: bytes, as: UTF8.self).databaseValue
        }
    }

    /// The HTML a column value holds, or nil for a value this build cannot read.
    static func html(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let text):
            return text
        case .blob(let data):
            return inflate(data)
        default:
            return nil
        }
    }

    static func inflate(_ data: Data) -> String? {
        guard data.count > 4 else { return nil }
        return data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
            // A length beyond what deflate can expand to is damage, not a body.
            guard length <= (bytes.count - 4) * 1032 + 64 else { return nil }
            guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
            defer { libdeflate_free_decompressor(decompressor) }
            var failed = false
            let text = String(unsafeUninitializedCapacity: max(length, 1)) { output in
                var actual = 0
                let status = libdeflate_zlib_decompress(decompressor, bytes.baseAddress! + 4, bytes.count - 4,
                                                        output.baseAddress, length, &actual)
                guard status == LIBDEFLATE_SUCCESS, actual == length else {
                    failed = true
                    return 0
                }
                return length
            }
            return failed ? nil : text
        }
    }
}

/// A libdeflate compressor, kept for a writer's life (setting one up costs
/// more than compressing a post). Not thread-safe: one per writing thread.
final class Deflater {
    private let compressor: OpaquePointer?
    private var output: [UInt8] = []

    init() {
        // Level 1: twice as fast as the default level for 3% more space.
        compressor = libdeflate_alloc_compressor(1)
    }

    deinit {
        if let compressor { libdeflate_free_compressor(compressor) }
    }

    /// The stored form of `bytes` (length prefix and zlib stream), or nil when it would not be smaller.
    func deflate(_ bytes: UnsafeBufferPointer<UInt8>) -> Data? {
        guard let compressor, bytes.count < Int(UInt32.max), let input = bytes.baseAddress else { return nil }
        let capacity = bytes.count + 4
        if output.count < capacity { output = [UInt8](repeating: 0, count: capacity) }
        let length = bytes.count
        return output.withUnsafeMutableBufferPointer { out -> Data? in
            out[0] = UInt8(truncatingIfNeeded: length)
            out[1] = UInt8(truncatingIfNeeded: length >> 8)
            out[2] = UInt8(truncatingIfNeeded: length >> 16)
            out[3] = UInt8(truncatingIfNeeded: length >> 24)
            // 0 when the result would not fit in the body's own size: not worth storing.
            let written = libdeflate_zlib_compress(compressor, input, length, out.baseAddress! + 4, length)
            guard written > 0 else { return nil }
            return Data(UnsafeBufferPointer(rebasing: out[0..<(4 + written)]))
        }
    }
}

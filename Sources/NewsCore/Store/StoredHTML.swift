import CDeflate
import Foundation
import GRDB

/// How a post's HTML body sat in the `post.html` column until bodies moved
/// to `post_body` with their search text (see `StoredBody`); read by the
/// migrations that bring such stores up to date. Deflated when that saves
/// space (a BLOB: the body's UTF-8 length as 4 little-endian bytes, then a
/// zlib stream), else as plain TEXT.
///
/// libdeflate rather than zlib, here and in `StoredBody`: twice as fast on
/// small buffers, which matters inside a 100,000-post import.
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
            return Inflater.inflate(UnsafeBufferPointer(rebasing: bytes[4...]), length: Int(littleEndian: bytes, at: 0)) {
                String(decoding: $0, as: UTF8.self)
            }
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
        guard bytes.count < Int(UInt32.max), let stream = compress(bytes) else { return nil }
        var data = Data((0..<4).map { UInt8(truncatingIfNeeded: bytes.count >> (8 * $0)) })
        data.append(stream)
        return data
    }

    /// `bytes` as a zlib stream, or nil when that would not be smaller than
    /// `bytes` themselves (not worth storing).
    func compress(_ bytes: UnsafeBufferPointer<UInt8>) -> Data? {
        guard let compressor, let input = bytes.baseAddress else { return nil }
        if output.count < bytes.count { output = [UInt8](repeating: 0, count: bytes.count) }
        return output.withUnsafeMutableBufferPointer { out -> Data? in
            // 0 when the result would not fit in the input's own size.
            let written = libdeflate_zlib_compress(compressor, input, bytes.count, out.baseAddress!, bytes.count)
            guard written > 0 else { return nil }
            return Data(UnsafeBufferPointer(rebasing: out[0..<written]))
        }
    }
}

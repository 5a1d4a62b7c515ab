import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where streamed output goes: a file descriptor, written in blocks of
/// 64 KB as the text comes (a listing of a million posts holds one block,
/// never the whole output), or a string kept in memory (tests, small outputs).
public final class TextSink {
    private let fileDescriptor: Int32?
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 16

    /// Writes to `fileDescriptor`.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// Writes to standard output.
    public static var standardOutput: TextSink { TextSink(fileDescriptor: STDOUT_FILENO) }

    private init() {
        fileDescriptor = nil
    }

    /// Keeps the text, for `text`.
    public static func inMemory() -> TextSink { TextSink() }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Lets `body` append to the buffer in place: escaping writes its UTF-8
    /// straight there, with no string in between.
    func withBuffer<Result>(_ body: (inout [UInt8]) throws -> Result) rethrows -> Result {
        try body(&buffer)
    }

    /// Sends what is buffered on when a block is full. Callers call it
    /// between items, so a failed write (a closed pipe, a full disk) stops
    /// the output at an item's end.
    public func flushIfFull() throws {
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Sends everything buffered on (nothing for a sink that keeps its text).
    public func flush() throws {
        guard let fileDescriptor, !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw WriteFailure(reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// What a sink without a file descriptor was given.
    public var text: String { String(decoding: buffer, as: UTF8.self) }
}

/// Output that could not be written (a full disk, a closed pipe).
public struct WriteFailure: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "cannot write the output: \(reason)" }
}

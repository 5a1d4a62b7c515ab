import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Feeds a large file to libxml2's reader a piece at a time, applying the
/// repairs the in-memory path applies to whole documents (invalid UTF-8, C1
/// controls, HTML entities). Pieces are cut after a `>` or whitespace, so no
/// reference, CDATA marker or UTF-8 sequence is split between two pieces.
final class PieceReader {
    private let pieceSize: Int
    private let handle: FileHandle
    private let repairUTF8: Bool
    private var entityRepair: HTMLEntityRepair?
    /// Repaired bytes not yet handed to libxml2.
    private var ready: [UInt8] = []
    private var readyOffset = 0
    /// Raw bytes after the last safe cut, kept for the next piece.
    private var carry: [UInt8] = []
    private var atEnd = false

    init(file: URL, repairUTF8: Bool, pieceSize: Int = 1 << 20) throws {
        handle = try FileHandle(forReadingFrom: file)
        self.pieceSize = max(1, pieceSize)
        self.repairUTF8 = repairUTF8
    }

    deinit {
        try? handle.close()
    }

    /// libxml2's read callback: up to `count` bytes, 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        while ready.count - readyOffset < count, !atEnd {
            refill()
        }
        let available = min(count, ready.count - readyOffset)
        guard available > 0 else { return 0 }
        ready.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + readyOffset, byteCount: available)
        }
        readyOffset += available
        return Int32(available)
    }

    private func refill() {
        // The carried bytes, then up to a piece read straight into the same array.
        var read = 0
        var raw = [UInt8](unsafeUninitializedCapacity: carry.count + pieceSize) { buffer, count in
            carry.withUnsafeBufferPointer { carried in
                if let source = carried.baseAddress { buffer.baseAddress!.initialize(from: source, count: carried.count) }
            }
            read = readPiece(into: UnsafeMutableBufferPointer(rebasing: buffer[carry.count..<(carry.count + pieceSize)]))
            count = carry.count + read
        }
        carry = []
        if read == 0 {
            atEnd = true
        } else if let cut = raw.lastIndex(where: { $0 == UInt8(ascii: ">") || $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            carry = Array(raw[(cut + 1)...])
            raw.removeSubrange((cut + 1)...)
        }
        if repairUTF8 {
            raw = FeedCharset.repairingUTF8AndC1Controls(raw)
        }
        if entityRepair == nil {
            entityRepair = HTMLEntityRepair(declared: HTMLEntityRepair.declaredEntityNames(raw))
        }
        let repaired = entityRepair!.repair(raw)
        if readyOffset > 0 {
            ready.removeSubrange(0..<readyOffset)
            readyOffset = 0
        }
        ready.append(contentsOf: repaired)
    }

    /// Fills `buffer` from the file, short only at its end (as FileHandle's
    /// readData(ofLength:) does, without a Data to copy from).
    private func readPiece(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let count = Glibc.read(handle.fileDescriptor, base + filled, buffer.count - filled)
            if count > 0 {
                filled += count
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        return filled
    }

    /// The last bytes of a file, to tell a complete document from a cut one.
    static func tail(of file: URL) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        let length = UInt64(FeedParser.tailLength)
        try handle.seek(toOffset: size > length ? size - length : 0)
        return [UInt8](handle.readDataToEndOfFile())
    }
}

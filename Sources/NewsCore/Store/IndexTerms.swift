import Foundation
import GRDB

/// The terms of the word index (`post_fts`), read from the leaf pages of
/// its segments in `post_fts_data` instead of through `post_vocab`.
///
/// `post_vocab` counts every term's documents and occurrences, so listing
/// the terms that way decodes every position list of the index: half a
/// second at the end of a 100,000-post import, when nothing else runs
/// beside it. The terms themselves sit on the leaf pages, each page's
/// listed in its footer, and reading only those takes a few milliseconds
/// more than reading the pages. The format is FTS5's on-disk one
/// (described at the top of SQLite's `fts5_index.c`); anything this reader
/// does not recognise (a newer structure record, a page that does not
/// parse) answers nil, and the caller asks `post_vocab` as before.
///
/// A segment can hold a term whose every posting was deleted (until the
/// segments are merged), which `post_vocab` leaves out. So the pages are
/// only read for an index that was empty before the transaction that wrote
/// them began: then the only deletions are of posts changed by that same
/// transaction, whose old words the vocabulary prunes anyway.
enum IndexTerms {
    /// Whether the word index holds no segment at all (it may still hold
    /// words not yet written out by this transaction).
    static func indexIsEmpty(_ db: Database) throws -> Bool {
        try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM post_fts_data WHERE id > ?)",
                            arguments: [structureRowID]) ?? true)
    }

    /// Every term of the main index, or nil when the index is not in a form this reader knows.
    static func all(_ db: Database) throws -> Set<[UInt8]>? {
        // FTS5 writes out the words it holds in memory at a savepoint.
        try db.execute(sql: "SAVEPOINT newsreader_index_terms; RELEASE newsreader_index_terms")
        guard let structure = try Data.fetchOne(db, sql: "SELECT block FROM post_fts_data WHERE id = ?",
                                                arguments: [structureRowID]),
              let segments = Self.segments(inStructure: [UInt8](structure)) else { return nil }
        var terms = Set<[UInt8]>()
        let pages = try db.makeStatement(sql: "SELECT block FROM post_fts_data WHERE id BETWEEN ? AND ?")
        for segment in segments {
            let base = Int64(segment.id) << 37
            let rows = try Row.fetchCursor(pages, arguments: [base + Int64(segment.firstPage), base + Int64(segment.lastPage)])
            while let row = try rows.next() {
                guard let page = row.dataNoCopy(atIndex: 0),
                      page.withUnsafeBytes({ Self.addTerms(onLeaf: $0.bindMemory(to: UInt8.self), to: &terms) }) else { return nil }
            }
        }
        return terms
    }

    /// Adds `terms` of the vocabulary's length to the search vocabulary (in
    /// the order `post_vocab` lists them), as `SearchTerms.record` does with
    /// the terms it reads from `post_vocab`.
    static func record(_ terms: Set<[UInt8]>, in db: Database) throws {
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO search_term(term) VALUES (?)")
        for term in terms.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let text = String(decoding: term, as: UTF8.self)
            // SQL's length(): characters, as scalars.
            guard text.unicodeScalars.count >= SearchTerms.minimumLength else { continue }
            try insert.execute(arguments: [text])
        }
    }

    /// `%_data` row of the structure record.
    static let structureRowID: Int64 = 10

    struct Segment: Equatable {
        var id: Int
        var firstPage: Int
        var lastPage: Int
    }

    /// The segments a structure record lists: a 4-byte cookie, then varints
    /// (levels, segments, write counter; per level: segments being merged,
    /// segments; per segment: id, first and last leaf page). Nil for a
    /// record of another form (SQLite 3.43 and later can write a second one,
    /// marked by FF 00 00 01 after the cookie).
    static func segments(inStructure bytes: [UInt8]) -> [Segment]? {
        guard bytes.count >= 4 else { return nil }
        if bytes.count >= 8, bytes[4] == 0xFF, bytes[5] == 0x00 { return nil }
        var reader = VarintReader(bytes: bytes, offset: 4)
        guard let levels = reader.next(), let count = reader.next(), reader.next() != nil,
              levels <= 64, count <= 65_536 else { return nil }
        var segments: [Segment] = []
        for _ in 0..<levels {
            guard reader.next() != nil, let inLevel = reader.next(), inLevel <= 65_536 else { return nil }
            for _ in 0..<inLevel {
                guard let id = reader.next(), let first = reader.next(), let last = reader.next(),
                      id > 0, id < 65_536, first >= 1, last >= first - 1 else { return nil }
                segments.append(Segment(id: id, firstPage: first, lastPage: last))
            }
        }
        return segments.count == count ? segments : nil
    }

    /// Adds the main index's terms on one leaf page: a 4-byte header (the
    /// offset of the first rowid, then of the footer, big-endian), the
    /// terms and doclists, then the footer, a varint per term on the page
    /// (its offset, as a difference from the one before). The first term
    /// of a page is whole (its length, its bytes); each later one shares a
    /// prefix with the one before (that length, the length of the rest, the
    /// rest). A term's first byte names its index: `0` the main one.
    /// False when the page does not parse.
    static func addTerms(onLeaf page: UnsafeBufferPointer<UInt8>, to terms: inout Set<[UInt8]>) -> Bool {
        guard page.count >= 4 else { return false }
        let footer = Int(page[2]) << 8 | Int(page[3])
        guard footer >= 4, footer <= page.count else { return false }
        var offsets = VarintReader(bytes: UnsafeBufferPointer(rebasing: page[footer...]), offset: 0)
        var position = 0
        var term: [UInt8] = []
        var first = true
        while !offsets.atEnd {
            guard let delta = offsets.next() else { return false }
            position += delta
            guard position >= 4, position < footer else { return false }
            var reader = VarintReader(bytes: UnsafeBufferPointer(rebasing: page[..<footer]), offset: position)
            var shared = 0
            if !first {
                guard let prefix = reader.next(), prefix <= term.count else { return false }
                shared = prefix
            }
            guard let length = reader.next(), reader.offset + length <= footer else { return false }
            term.removeSubrange(shared...)
            term.append(contentsOf: UnsafeBufferPointer(rebasing: page[reader.offset..<(reader.offset + length)]))
            first = false
            if term.first == UInt8(ascii: "0") { terms.insert(Array(term.dropFirst())) }
        }
        return true
    }
}

/// SQLite's varints: big-endian groups of seven bits, the high bit set on
/// every byte but the last; a ninth byte gives all eight of its bits.
struct VarintReader<Bytes: RandomAccessCollection> where Bytes.Element == UInt8, Bytes.Index == Int {
    let bytes: Bytes
    var offset: Int

    init(bytes: Bytes, offset: Int) {
        self.bytes = bytes
        self.offset = bytes.startIndex + offset
    }

    var atEnd: Bool { offset >= bytes.endIndex }

    /// The next varint, or nil past the end (or for one that does not fit in an Int's positive range).
    mutating func next() -> Int? {
        var value: UInt64 = 0
        for index in 0..<9 {
            guard offset < bytes.endIndex else { return nil }
            let byte = bytes[offset]
            offset += 1
            if index == 8 {
                value = value << 8 | UInt64(byte)
                break
            }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { break }
        }
        return value <= UInt64(Int.max) ? Int(value) : nil
    }
}

import NewsModel

/// One pass over UTF-8 bytes that says what the slow paths of the text
/// helpers need to know: whether the bytes are valid UTF-8 (so a `String` of
/// them keeps them as they are), whether they hold a C1 control (U+0080–U+009F),
/// and whether they hold a scalar from U+0300 on (below it nothing changes
/// under NFC). ASCII, the bulk of most feeds, is skipped eight bytes at a time.
struct UTF8Scan: OptionSet {
    let rawValue: UInt8

    static let invalid = UTF8Scan(rawValue: 1)
    static let c1Control = UTF8Scan(rawValue: 2)
    /// A lead byte of U+0300 or above (0xCC and up).
    static let fromU0300 = UTF8Scan(rawValue: 4)

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UTF8Scan {
        guard let base = bytes.baseAddress else { return [] }
        let count = bytes.count
        var found: UTF8Scan = []
        var index = 0
        while index < count {
            if index + 8 <= count,
               UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let (length, allowed) = Self.sequence(startingWith: lead) else { return found.union(.invalid) }
            guard index + length <= count else { return found.union(.invalid) }
            let second = base[index + 1]
            guard allowed.contains(second) else { return found.union(.invalid) }
            if length > 2 {
                guard base[index + 2] & 0xC0 == 0x80 else { return found.union(.invalid) }
                if length > 3, base[index + 3] & 0xC0 != 0x80 { return found.union(.invalid) }
            }
            if lead == 0xC2, second <= 0x9F { found.insert(.c1Control) }
            if lead >= 0xCC { found.insert(.fromU0300) }
            index += length
        }
        return found
    }

    /// The length of the well-formed sequence a lead byte of 0x80 and up
    /// starts, and the bytes its second byte may be (the Unicode Standard's
    /// table 3-7; later bytes are 0x80–0xBF); nil for a byte that starts none.
    @inline(__always)
    static func sequence(startingWith lead: UInt8) -> (length: Int, second: ClosedRange<UInt8>)? {
        switch lead {
        case 0xC2...0xDF: return (2, 0x80...0xBF)
        case 0xE0: return (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80...0xBF)
        case 0xED: return (3, 0x80...0x9F)
        case 0xF0: return (4, 0x90...0xBF)
        case 0xF1...0xF3: return (4, 0x80...0xBF)
        case 0xF4: return (4, 0x80...0x8F)
        default: return nil
        }
    }
}

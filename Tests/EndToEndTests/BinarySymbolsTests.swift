import Foundation
import Testing

/// C state must exist once in the binary. A `static` variable in a C
/// header gets one copy in every Swift module that imports the header, and
/// release builds inline across modules: a signal handler once wrote one
/// copy of `nr_pending_signal` while the loop read another, and Ctrl-C and
/// SIGTERM were ignored. This reads the symbol table of the binary under
/// test (the release binary in `.ci/run`'s second pass).
@Suite struct BinarySymbolsTests {
    /// Data symbols of one name: kind (b, B, d, D) and address.
    typealias Definitions = [String: [(kind: Character, address: String)]]

    /// Compiler-made local data, one per object file by design, never a C global.
    static func isCompilerMade(_ name: String) -> Bool {
        name.hasPrefix("$s") // Swift's own caches and metadata, per module
            || name.hasPrefix("__unnamed_") || name.hasPrefix("block_descriptor") // LLVM and Swift constants
            || name == "_ZStL8__ioinit" // libstdc++'s <iostream> initialiser, one per C++ file (TOMLKit)
    }

    /// Every data and bss symbol of the binary (`nm --defined-only`), by name.
    static func dataSymbols() throws -> Definitions {
        let binary = try NewsreaderBinary.url()
        guard let nm = TmuxSession.findExecutable("nm") else {
            throw NewsreaderBinary.Missing(description: "nm is required (apt-get install binutils)")
        }
        var definitions: Definitions = [:]
        for line in try TmuxSession.output(of: nm, ["--defined-only", binary.path]).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let kind = fields[1].first, "bBdD".contains(kind) else { continue }
            definitions[String(fields[2]), default: []].append((kind, String(fields[0])))
        }
        return definitions
    }

    /// Symbols of the toolchain's static archives (`lib/swift_static/linux`,
    /// beside the `lib/swift/linux/libswiftCore.so` this test runs on; `swift
    /// test` leaves the toolchain off the PATH): a release build links the Swift
    /// runtime and Foundation from them (`make release-flags`), and their C
    /// and C++ files each keep their own file-local state (ICU's caches, the
    /// runtime's `gEmptyString`), one per translation unit by design.
    static func toolchainArchiveSymbols() throws -> Set<String> {
        guard let nm = TmuxSession.findExecutable("nm"),
              // /proc files report a size of 0: read to the end, not by size.
              let maps = FileHandle(forReadingAtPath: "/proc/self/maps").map({ String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) }),
              let runtime = maps.split(separator: "\n").lazy.compactMap({ $0.split(separator: " ").last })
                  .first(where: { $0.hasSuffix("/lib/swift/linux/libswiftCore.so") })
        else { return [] }
        let archives = URL(fileURLWithPath: String(runtime)).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../swift_static/linux").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: archives.path)
        var symbols: Set<String> = []
        for name in names where name.hasSuffix(".a") {
            let listing = try TmuxSession.output(of: nm, ["--defined-only", archives.appendingPathComponent(name).path])
            for line in listing.split(separator: "\n") {
                let fields = line.split(separator: " ")
                // Any kind: read-only data with relocations there ("r") is data in the binary ("d").
                if fields.count == 3 { symbols.insert(String(fields[2])) }
            }
        }
        return symbols
    }

    @Test("every C global and every C static variable is defined once in the binary")
    func everyCGlobalOnce() throws {
        let definitions = try Self.dataSymbols()
        // The symbol table is there and holds the reader's own C state.
        #expect(definitions["pending_signals"]?.count == 1, "signals.c's pending_signals, once")
        #expect(definitions["wake_descriptor"]?.count == 1)
        let candidates = definitions.filter { $0.value.count > 1 && !Self.isCompilerMade($0.key) }
        // Only the toolchain's own state may repeat; ours (signals.c) never is among it.
        let toolchain = candidates.isEmpty ? [] : try Self.toolchainArchiveSymbols()
        #expect(!toolchain.contains("pending_signals"))
        let repeated = candidates.filter { !toolchain.contains($0.key) }
        #expect(repeated.isEmpty, "defined more than once: \(repeated.keys.sorted().map { "\($0) \(repeated[$0]!.map { "\($0.kind)@\($0.address)" })" })")
    }
}

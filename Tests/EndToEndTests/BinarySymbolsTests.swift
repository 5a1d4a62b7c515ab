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

    @Test("every C global and every C static variable is defined once in the binary")
    func everyCGlobalOnce() throws {
        let definitions = try Self.dataSymbols()
        // The symbol table is there and holds the reader's own C state.
        #expect(definitions["pending_signals"]?.count == 1, "signals.c's pending_signals, once")
        #expect(definitions["wake_descriptor"]?.count == 1)
        let repeated = definitions.filter { $0.value.count > 1 && !Self.isCompilerMade($0.key) }
        #expect(repeated.isEmpty, "defined more than once: \(repeated.keys.sorted().map { "\($0) \(repeated[$0]!.map { "\($0.kind)@\($0.address)" })" })")
    }
}

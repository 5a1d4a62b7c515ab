import Foundation

/// A value that several threads share, read and changed only under its lock.
/// (The standard library's `Mutex` would do, but its inlined thread-id cache
/// is a C static that every module using it defines again, and the binary
/// must define each C global once: see BinarySymbolsTests.)
///
/// `@unchecked Sendable`: `value` is touched only inside `withLock`.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

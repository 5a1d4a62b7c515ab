import Foundation

/// A fresh directory under the system's temporary folder, removed with
/// everything in it when the value goes away. The one temporary-directory
/// helper of the tests.
public final class TemporaryDirectory: Sendable {
    public let path: String

    /// `name` goes into the directory's name, to tell whose it is in `/tmp`.
    public init(_ name: String = "tests") throws {
        path = NSTemporaryDirectory() + "newsreader-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }
}

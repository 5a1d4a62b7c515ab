import Foundation

/// The `newsreader` binary every end-to-end test runs: `$NEWSREADER_BINARY`
/// when it is set (an absolute path, such as the release build's
/// `.build/release/newsreader`: `.ci/run` runs this suite again on it),
/// else the debug binary SwiftPM built beside the tests.
enum NewsreaderBinary {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func url(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let path = environment["NEWSREADER_BINARY"], !path.isEmpty {
            // Never a fall-back to the debug binary: a release run must run the release binary.
            guard path.hasPrefix("/") else {
                throw Missing(description: "NEWSREADER_BINARY must be an absolute path, not \(path)")
            }
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw Missing(description: "NEWSREADER_BINARY=\(path) is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        // As in SwiftPM's executable-test template: the products share the test bundle's folder.
        var candidates: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("newsreader"))
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/newsreader"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Missing(description: "newsreader is not built (looked in \(candidates.map(\.path))); run swift build")
        }
        return found
    }
}

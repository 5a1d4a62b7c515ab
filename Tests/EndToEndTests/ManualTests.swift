import Foundation
import XCTest

/// The committed man page (`make manual` regenerates it) keeps up with the commands.
final class ManualTests: XCTestCase {
    func testManPageCoversEverySubcommandAndOption() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let manual = try String(contentsOf: root.appendingPathComponent("newsreader.1"), encoding: .utf8)
        let help = try NewsreaderProcess.run(["--help"])
        let section = try XCTUnwrap(help.stdout.components(separatedBy: "SUBCOMMANDS:").last)
        // Lines such as "  months                  List archive months ...".
        let names = section.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.range(of: #"^  [a-z][a-z-]*( |$)"#, options: .regularExpression) else { return nil }
            return line[match].trimmingCharacters(in: .whitespaces)
        }
        XCTAssertTrue(names.contains("export") && names.contains("config"), "\(names)")
        for name in names {
            XCTAssertTrue(manual.contains(".It Em \(name)"), "newsreader.1 lacks \(name): run make manual")
        }
        for option in ["--print-default", "--format", "--query"] {
            XCTAssertTrue(manual.contains(option.dropFirst(2)), "newsreader.1 lacks \(option)")
        }
    }
}

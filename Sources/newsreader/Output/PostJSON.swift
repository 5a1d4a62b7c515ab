import Foundation
import NewsCore
import NewsModel

struct MonthJSON: Encodable {
    var month: String?
    var count: Int
}

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Control characters from feeds as \u escapes, never raw on standard output.
        let data = JSONText.escapingControls(try encoder.encode(value))
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

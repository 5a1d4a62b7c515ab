import ArgumentParser
import Foundation
import NewsCore

struct OPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opml",
        abstract: "Import or export subscriptions as OPML 2.0.",
        subcommands: [Import.self, Export.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Subscribe to every feed of an OPML file (- for standard input).",
            discussion: """
                Folders are flattened. Only http(s) URLs are subscribed to, as with `add`
                (but without fetching); any other (javascript:, file:, ftp:, a relative URL)
                is refused with one line on standard error, and the exit status is 1.

                Example: newsreader opml import subscriptions.opml   (then: newsreader refresh)
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The OPML file.", valueName: "file"))
        var file: String

        func run() throws {
            // The file is read before the store is opened: an unreadable one leaves no new store behind.
            let subscriptions = try reportingFailures { () throws -> [OPML.Subscription] in
                let data: Data
                if file == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                        throw SourceError(message: "\(file): cannot read the file")
                    }
                }
                do {
                    return try OPML.parse([UInt8](data))
                } catch let error as FeedParseError {
                    throw SourceError(message: "\(file): \(error)")
                }
            }
            let database = try store.open()
            let result = try reportingFailures { try database.importOPML(subscriptions) }
            // One line for each outline `add` would refuse too.
            for refusal in result.refused { Console.error("\(file): refused \(refusal)") }
            print("\(result.added) feeds added, \(result.existing) already subscribed"
                + (result.refused.isEmpty ? "." : ", \(result.refused.count) refused."))
            if !result.refused.isEmpty { throw ExitCode(1) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the subscribed feeds as OPML 2.0 (to FILE, else standard output).",
            discussion: "Example: newsreader opml export subscriptions.opml")

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("Where to write; standard output when omitted.", valueName: "file"))
        var file: String?

        func run() throws {
            let database = try store.openForReading()
            let text = OPML.export(try reportingFailures { try database.opmlSubscriptions() })
            if let file {
                try reportingFailures { try text.write(toFile: file, atomically: true, encoding: .utf8) }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

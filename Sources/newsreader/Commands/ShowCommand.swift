import ArgumentParser
import NewsCore
import NewsModel

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one post as plain text.",
        discussion: "Example: newsreader show 3")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The post's id, as list and search print it.")
    var id: Int64

    func validate() throws {
        if id < 1 { throw ValidationError("'\(id)' is not a post id: ids are whole numbers from 1, as list and search print them") }
    }

    func run() throws {
        let database = try store.openForReading()
        let article = try reportingFailures { () throws -> Article in
            guard let article = try database.article(id: id) else { throw StoreError.notFound(what: "post \(id)") }
            return article
        }
        for line in ArticleText.lines(article, width: Console.width) {
            print(line)
        }
    }
}

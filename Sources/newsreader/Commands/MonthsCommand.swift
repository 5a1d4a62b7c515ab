import ArgumentParser
import NewsCore
import NewsModel

struct MonthsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "months",
        abstract: "List archive months, newest first, with their post counts.",
        discussion: "Example: newsreader months --json")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON: [{\"month\":\"2021-12\",\"count\":5}, ...] (month is null for undated posts).")
    var json = false

    func run() throws {
        let database = try store.openForReading()
        let months = try reportingFailures { try database.archiveMonths() }
        if json {
            try JSONOutput.print(months.map { MonthJSON(month: $0.month, count: $0.count) })
            return
        }
        let countWidth = months.map { String($0.count).count }.max() ?? 1
        for month in months {
            let key = DisplayWidth.fit(month.month ?? "-", to: 7)
            let label = DisplayWidth.fit(month.label, to: 15)
            let count = String(month.count)
            print("\(key)  \(label) \(String(repeating: " ", count: countWidth - count.count))\(count)")
        }
    }
}

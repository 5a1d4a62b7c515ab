import NewsCore

/// Opens the terminal reader. (Until the reader lands: a summary of the store.)
enum ReaderCommand {
    static func run(database: AppDatabase) throws {
        let months = try database.archiveMonths()
        print("\(months.reduce(0) { $0 + $1.count }) posts in \(months.count) months")
    }
}

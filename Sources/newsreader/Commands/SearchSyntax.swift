/// The search syntax, for `search --help` and the manual's table.
enum SearchSyntax {
    static let table: [(syntax: String, meaning: String)] = [
        ("word", "whole word, prefix, or part of a compound"),
        ("\"exact phrase\"", "words together, in this order"),
        ("-word", "leave out posts with this word"),
        ("title:word", "the word in titles only"),
        ("feed:name", "posts of feeds whose title contains name"),
        ("month:2021-12", "one month (UTC)"),
        ("month:2021-11..2022-01", "several months"),
        ("date:2021-12-14", "one day (UTC)"),
        ("date:2021-12-01..2021-12-31", "a range of days"),
    ]

    static let forgiving = """
        Anything unbalanced or unknown is read as plain words; only a month: or
        date: that names no month or day (month:2021-13) is an error.
        """
}

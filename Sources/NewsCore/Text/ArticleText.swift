/// A post laid out as lines of plain text: the header, a blank line, the body.
/// Used by `newsreader show` and by the reader's article pane.
public enum ArticleText {
    /// The header's field names, per interface language.
    public struct Labels: Sendable {
        public var feed: String
        public var date: String
        public var author: String
        public var link: String
        /// `unknown (first seen 2021-12-01)`, given the day.
        public var unknownDate: @Sendable (String) -> String

        public init(feed: String, date: String, author: String, link: String,
                    unknownDate: @escaping @Sendable (String) -> String) {
            self.feed = feed
            self.date = date
            self.author = author
            self.link = link
            self.unknownDate = unknownDate
        }

        public static let english = Labels(feed: "Feed", date: "Date", author: "Author", link: "Link",
                                           unknownDate: { "unknown (first seen \($0))" })
    }

    public static func header(_ article: Article, labels: Labels = .english) -> [(label: String, value: String)] {
        let post = article.post
        var fields: [(String, String)] = [(labels.feed, article.feedTitle)]
        if let published = post.published {
            let date = UTCDate(seconds: published)
            fields.append((labels.date, "\(date.dayString) \(date.iso8601.dropFirst(11).prefix(5)) UTC"))
        } else {
            fields.append((labels.date, labels.unknownDate(UTCDate(seconds: post.firstSeen).dayString)))
        }
        if let author = post.author, !author.isEmpty { fields.append((labels.author, author)) }
        if let link = post.link, !link.isEmpty { fields.append((labels.link, link)) }
        return fields.map { ($0.0, TerminalSafe.clean($0.1)) }
    }

    /// Every line, each at most `width` columns wide.
    public static func lines(_ article: Article, width: Int, labels: Labels = .english) -> [String] {
        head(article, width: width, labels: labels) + body(article, width: width)
    }

    /// The title, the header fields and a blank line: the lines above the body.
    public static func head(_ article: Article, width: Int, labels: Labels = .english) -> [String] {
        var lines = TextWrapper.wrap(TerminalSafe.clean(article.post.title), width: width)
        for field in header(article, labels: labels) {
            lines += TextWrapper.wrap("\(field.label): \(field.value)", width: width)
        }
        lines.append("")
        return lines
    }

    public static func body(_ article: Article, width: Int) -> [String] {
        TextWrapper.wrap(TerminalSafe.clean(article.post.text, keepNewlines: true), width: width)
    }
}

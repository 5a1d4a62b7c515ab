/// A post laid out as lines: the title, the header fields, a blank line,
/// the body and its numbered links. `newsreader show` prints them; the
/// reader's article pane draws them with their styles.
public enum ArticleText {
    /// The header's field names and the image label, per interface language.
    public struct Labels: Sendable {
        public var feed: String
        public var date: String
        public var author: String
        public var link: String
        /// What an image shows as: `[Image: alt]`.
        public var image: String
        /// `unknown (first seen 2021-12-01)`, given the day.
        public var unknownDate: @Sendable (String) -> String

        public init(feed: String, date: String, author: String, link: String, image: String = "Image",
                    unknownDate: @escaping @Sendable (String) -> String) {
            self.feed = feed
            self.date = date
            self.author = author
            self.link = link
            self.image = image
            self.unknownDate = unknownDate
        }

        public static let english = Labels(feed: "Feed", date: "Date", author: "Author", link: "Link", image: "Image",
                                           unknownDate: { "unknown (first seen \($0))" })
    }

    public static func header(_ article: Article, labels: Labels = .english) -> [(label: String, value: String)] {
        let post = article.post
        var fields: [(String, String)] = [(labels.feed, article.feedTitle), (labels.date, date(of: post, labels: labels))]
        if let author = post.author, !author.isEmpty { fields.append((labels.author, author)) }
        if let link = post.link, !link.isEmpty { fields.append((labels.link, link)) }
        return fields.map { ($0.0, TerminalSafe.clean($0.1)) }
    }

    /// Every line as text, each at most `width` columns wide except
    /// preformatted lines, table rows that do not fit and URLs, which are never broken.
    public static func lines(_ article: Article, width: Int, labels: Labels = .english) -> [String] {
        (head(article, width: width, labels: labels) + body(article, width: width, labels: labels)).map(\.text)
    }

    /// `2021-12-14 09:00 UTC`, or when the feed gave no date the day it was first seen.
    static func date(of post: Post, labels: Labels) -> String {
        guard let published = post.published else { return labels.unknownDate(UTCDate(seconds: post.firstSeen).dayString) }
        let date = UTCDate(seconds: published)
        return "\(date.dayString) \(date.iso8601.dropFirst(11).prefix(5)) UTC"
    }

    /// The title, the header fields and a blank line: the lines above the body.
    /// The link stays whole on its line, however wide.
    public static func head(_ article: Article, width: Int, labels: Labels = .english) -> [ArticleLine] {
        var lines = titleLines(article, width: width)
        for field in header(article, labels: labels) {
            let texts = field.label == labels.link
                ? ["\(field.label): \(field.value)"]
                : TextWrapper.wrap("\(field.label): \(field.value)", width: width)
            lines += texts.map { ArticleLine($0, styles: [.init(0..<$0.utf8.count, .header)]) }
        }
        lines.append(ArticleLine(""))
        return lines
    }

    /// The reader's head, with nothing the screen shows elsewhere: the title,
    /// one line of date and author (the feed's name is in the pane's title
    /// bar), the link whole on its own line, and a blank line.
    public static func compactHead(_ article: Article, width: Int, labels: Labels = .english) -> [ArticleLine] {
        var lines = titleLines(article, width: width)
        let post = article.post
        var facts = [post.published == nil ? "\(labels.date): \(date(of: post, labels: labels))" : date(of: post, labels: labels)]
        if let author = post.author, !author.isEmpty { facts.append(TerminalSafe.clean(author)) }
        lines += TextWrapper.wrap(facts.joined(separator: " · "), width: width).map { line in
            ArticleLine(line, styles: [.init(0..<line.utf8.count, .header)])
        }
        if let link = post.link, !link.isEmpty {
            let text = TerminalSafe.clean(link)
            lines.append(ArticleLine(text, styles: [.init(0..<text.utf8.count, .link)]))
        }
        lines.append(ArticleLine(""))
        return lines
    }

    static func titleLines(_ article: Article, width: Int) -> [ArticleLine] {
        TextWrapper.wrap(TerminalSafe.clean(article.post.displayTitle), width: width).map { line in
            ArticleLine(line, styles: [.init(0..<line.utf8.count, .title)])
        }
    }

    public static func body(_ article: Article, width: Int, labels: Labels = .english) -> [ArticleLine] {
        ArticleLayout.lines(article.body, width: width, imageLabel: labels.image)
    }
}

/// A post laid out as lines of plain text: the header, a blank line, the body.
/// Used by `newsreader show` and by the reader's article pane.
public enum ArticleText {
    public static func header(_ article: Article) -> [(label: String, value: String)] {
        let post = article.post
        var fields: [(String, String)] = [("Feed", article.feedTitle)]
        if let published = post.published {
            let date = UTCDate(seconds: published)
            fields.append(("Date", "\(date.dayString) \(date.iso8601.dropFirst(11).prefix(5)) UTC"))
        } else {
            fields.append(("Date", "unknown (first seen \(UTCDate(seconds: post.firstSeen).dayString))"))
        }
        if let author = post.author, !author.isEmpty { fields.append(("Author", author)) }
        if let link = post.link, !link.isEmpty { fields.append(("Link", link)) }
        return fields.map { ($0.0, TerminalSafe.clean($0.1)) }
    }

    /// Every line, each at most `width` columns wide.
    public static func lines(_ article: Article, width: Int) -> [String] {
        var lines = TextWrapper.wrap(TerminalSafe.clean(article.post.title), width: width)
        for field in header(article) {
            lines += TextWrapper.wrap("\(field.label): \(field.value)", width: width)
        }
        lines.append("")
        lines += body(article, width: width)
        return lines
    }

    public static func body(_ article: Article, width: Int) -> [String] {
        TextWrapper.wrap(TerminalSafe.clean(article.post.text, keepNewlines: true), width: width)
    }
}

import Foundation
import GRDB
import NewsModel

/// The words the search index holds for a post: its HTML body rendered as
/// `ArticleBody.text` (no link numbers or list, no labels: URLs are not words
/// to search for, and labels belong to the interface language).
///
/// The text is rendered once, when the post is written, and stored with the
/// body (`StoredBody`). The index is external content over the view
/// `post_search`, which reads it back whenever SQLite needs it (snippets, a
/// rebuild, and the old words of a post being deleted, which must be exactly
/// the words once indexed).
enum SearchText {
    /// Bump whenever `HTMLText` renders anything differently: a store indexed
    /// with another version has its stored texts rendered again and its index
    /// rebuilt when opened for writing, so that search finds what the reader shows.
    /// 2: blocks apart, preformatted lines as written, image alt text without brackets.
    static let version: Int32 = 2

    static func of(html: String) -> String {
        HTMLText.searchText(html)
    }

    static func of(storedHTML value: DatabaseValue) -> String {
        StoredHTML.html(value).map(of(html:)) ?? ""
    }

    /// The stored form of `html` with its search text rendered.
    static func storedBody(html: String, using deflater: Deflater) -> DatabaseValue {
        StoredBody.value(html: html, text: of(html: html), using: deflater)
    }
}

extension DatabaseFunction {
    /// `newsreader_body_html(post_body.body)`: the body as the feed sent it.
    static let bodyHTML = DatabaseFunction("newsreader_body_html", argumentCount: 1, pure: true) { values in
        StoredBody.html(values[0])
    }

    /// `newsreader_body_text(post_body.body)`: the stored search text of a body.
    static let bodyText = DatabaseFunction("newsreader_body_text", argumentCount: 1, pure: true) { values in
        StoredBody.text(values[0])
    }

    /// `newsreader_body_summary(post_body.body, length)`: `substr(newsreader_body_text(body), 1, length)`,
    /// without the whole text made a string on the way.
    static let bodySummary = DatabaseFunction("newsreader_body_summary", argumentCount: 2, pure: true) { values in
        guard let length = Int.fromDatabaseValue(values[1]) else { return nil }
        return StoredBody.textPrefix(values[0], length: max(0, length))
    }

    /// `newsreader_body_from_html(html)`: a body of the `post.html` column
    /// (`StoredHTML`) in the stored form of `post_body.body`, its text rendered.
    static let bodyFromHTML = DatabaseFunction("newsreader_body_from_html", argumentCount: 1, pure: true) { values in
        SearchText.storedBody(html: StoredHTML.html(values[0]) ?? "", using: Deflater())
    }

    /// `newsreader_body_rendered_again(post_body.body, post.baseURL)`: the
    /// same HTML with its article and search text rendered by this build
    /// (see `SearchText.version`), its links resolved against the base URL.
    static let bodyRenderedAgain = DatabaseFunction("newsreader_body_rendered_again", argumentCount: 2, pure: true) { values in
        guard let html = StoredBody.html(values[0]) else { return values[0] }
        let body = HTMLText.body(html, baseURL: String.fromDatabaseValue(values[1]))
        return StoredBody.value(html: html, body: body, using: Deflater())
    }

    /// `newsreader_search_text(post.html)`: what the search index held for a
    /// body of the `post.html` column (migrations of older stores).
    static let searchText = DatabaseFunction("newsreader_search_text", argumentCount: 1, pure: true) { values in
        SearchText.of(storedHTML: values[0])
    }

    /// `newsreader_deflate(html)`: the stored form of an HTML body (for migrations).
    static let deflateHTML = DatabaseFunction("newsreader_deflate", argumentCount: 1, pure: true) { values in
        guard let html = String.fromDatabaseValue(values[0]) else { return values[0] }
        return StoredHTML.value(html, using: Deflater())
    }
}

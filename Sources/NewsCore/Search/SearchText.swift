import Foundation
import GRDB
import NewsModel

/// The words the search index holds for a post: its HTML body rendered as
/// `ArticleBody.text` (no link numbers or list, no labels: URLs are not words
/// to search for, and labels belong to the interface language).
///
/// The store keeps no copy of this text. The index is external content over
/// the view `post_search`, which renders it from the stored HTML whenever
/// SQLite needs it (snippets, a rebuild, and the old words of a post being
/// deleted, which must be exactly the words once indexed).
enum SearchText {
    /// Bump whenever `HTMLText` renders anything differently: a store indexed
    /// with another version has its index rebuilt when opened for writing, so
    /// that deletes keep finding exactly the words they once indexed.
    /// 2: blocks apart, preformatted lines as written, image alt text without brackets.
    static let version: Int32 = 2

    static func of(html: String) -> String {
        HTMLText.searchText(html)
    }

    static func of(storedHTML value: DatabaseValue) -> String {
        StoredHTML.html(value).map(of(html:)) ?? ""
    }
}

extension DatabaseFunction {
    /// `newsreader_html(post.html)`: the body as the feed sent it.
    static let storedHTML = DatabaseFunction("newsreader_html", argumentCount: 1, pure: true) { values in
        StoredHTML.html(values[0])
    }

    /// `newsreader_search_text(post.html)`: what the search index holds for the body.
    static let searchText = DatabaseFunction("newsreader_search_text", argumentCount: 1, pure: true) { values in
        SearchText.of(storedHTML: values[0])
    }

    /// `newsreader_deflate(html)`: the stored form of an HTML body (for migrations).
    static let deflateHTML = DatabaseFunction("newsreader_deflate", argumentCount: 1, pure: true) { values in
        guard let html = String.fromDatabaseValue(values[0]) else { return values[0] }
        return StoredHTML.value(html, using: Deflater())
    }
}

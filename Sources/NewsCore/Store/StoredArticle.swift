import Foundation
import GRDB
import NewsModel

/// A post read back whole, as exports and the reader's article view read
/// it: its row, its stored body (`StoredBody`) and its feed's title, in one
/// statement over `post JOIN post_body JOIN feed`, decoded by position.
enum StoredArticle {
    /// The columns, in the order `article(_:html:rendering:)` reads them.
    static let columns = """
        post.id, post.feedId, post.guid, post.title, post.link, post.author, post.published, post.month,
        post.baseURL, post.isRead, post.isStarred, post.firstSeen, post_body.body, feed.title AS feedTitle
        """

    /// The article of a row of `columns`: its HTML when `html` (an export
    /// of HTML), its body when `rendering`, from the stored layout when the
    /// row has one, else rendered from the HTML (rows of an older form).
    static func article(_ row: Row, html: Bool = true, rendering: Bool) throws -> Article {
        let baseURL: String? = row[8]
        let stored = try row.withUnsafeData(atIndex: 12) { data in
            StoredBody.article(data, html: html, article: rendering, baseURL: baseURL)
        }
        let published: Int64? = row[6]
        var post = Post(id: row[0], feedId: row[1], guid: row[2], title: row[3], link: row[4], author: row[5],
                        published: published, contentHTML: stored?.html ?? "", baseURL: baseURL,
                        isRead: row[9], isStarred: row[10], firstSeen: row[11])
        post.month = row[7]
        return Article(post: post, feedTitle: row[13] ?? "", body: stored?.body ?? .empty)
    }
}

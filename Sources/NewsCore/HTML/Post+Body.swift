import NewsModel

extension Post {
    /// The body rendered from `contentHTML`: its text, blocks, styles and
    /// links. Rendered when asked (an RSS export never asks).
    public var body: ArticleBody { HTMLText.body(contentHTML, baseURL: baseURL) }
    /// The body as plain text with its numbered links, without a width limit.
    public var text: String { ArticleLayout.plainText(body) }
}

extension Article {
    /// `post` with its body rendered from its HTML, once.
    public init(post: Post, feedTitle: String) {
        self.init(post: post, feedTitle: feedTitle, body: post.body)
    }
}

import Foundation
import NewsCore
import NewsModel

/// The JSON of Tiny Tiny RSS's API (level 15, as recorded in
/// `../shared/sync/ttrss/api-transcript.txt`), read leniently: numbers may
/// come as strings and booleans as numbers or `"t"`/`"f"` depending on the
/// server's PHP and database, and fields a client does not need may be missing.
enum TinyTinyRSSAnswer {
    /// `{"seq":0,"status":0,"content":…}`; status 1 carries `{"error":"NOT_LOGGED_IN"}`.
    struct Envelope<Content: Decodable>: Decodable {
        var result: Result<Content, APIError>

        struct APIError: Error, Decodable {
            var error: String
        }

        enum CodingKeys: String, CodingKey { case status, content }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let status = try container.lenientInt(.status) ?? 0
            if status == 0 {
                result = .success(try container.decode(Content.self, forKey: .content))
            } else {
                let error = (try? container.decode(APIError.self, forKey: .content)) ?? APIError(error: "status \(status)")
                result = .failure(error)
            }
        }
    }

    struct Login: Decodable {
        var sessionID: String
        enum CodingKeys: String, CodingKey { case sessionID = "session_id" }
    }

    struct Category: Decodable {
        var id: Int64
        var title: String

        enum CodingKeys: String, CodingKey { case id, title }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.lenientInt(.id) ?? 0
            title = (try? container.decode(String.self, forKey: .title)) ?? ""
        }
    }

    struct Feed: Decodable {
        var id: Int64
        var title: String
        var url: String?
        var categoryID: Int64
        var unread: Int

        enum CodingKeys: String, CodingKey {
            case id, title, unread
            case url = "feed_url"
            case categoryID = "cat_id"
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let id = try container.lenientInt(.id) else {
                throw DecodingError.dataCorruptedError(forKey: .id, in: container, debugDescription: "a feed without an id")
            }
            self.id = id
            title = (try? container.decode(String.self, forKey: .title)) ?? ""
            url = try? container.decode(String.self, forKey: .url)
            categoryID = try container.lenientInt(.categoryID) ?? 0
            unread = Int(try container.lenientInt(.unread) ?? 0)
        }
    }

    /// A headline of `getHeadlines`, or an article of `getArticle` (the same fields that matter).
    struct Headline: Decodable {
        var id: Int64
        var feedID: Int64
        var feedTitle: String?
        var isUnread: Bool
        var isMarked: Bool
        var title: String
        var link: String?
        var author: String?
        /// Seconds since 1970; 0 when the feed gave no date.
        var updated: Int64
        /// The body (with `show_content`; `getArticle` always).
        var content: String?

        enum CodingKeys: String, CodingKey {
            case id, unread, marked, title, link, author, updated, content
            case feedID = "feed_id"
            case feedTitle = "feed_title"
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let id = try container.lenientInt(.id) else {
                throw DecodingError.dataCorruptedError(forKey: .id, in: container, debugDescription: "an article without an id")
            }
            self.id = id
            // Articles of a removed feed that were kept (starred) have no feed: tt-rss's archive, 0.
            feedID = try container.lenientInt(.feedID) ?? 0
            feedTitle = try? container.decode(String.self, forKey: .feedTitle)
            isUnread = try container.lenientBool(.unread) ?? true
            isMarked = try container.lenientBool(.marked) ?? false
            title = (try? container.decode(String.self, forKey: .title)) ?? ""
            link = try? container.decode(String.self, forKey: .link)
            author = try? container.decode(String.self, forKey: .author)
            updated = try container.lenientInt(.updated) ?? 0
            content = try? container.decode(String.self, forKey: .content)
        }

        /// The article in the store's terms.
        var article: RemoteArticle {
            let post = IncomingPost(guid: "", title: PlainText.collapsingWhitespace(title),
                                    link: link.flatMap { $0.isEmpty ? nil : $0 },
                                    author: author.flatMap { $0.isEmpty ? nil : $0 },
                                    published: updated > 0 ? updated : nil, contentHTML: content ?? "",
                                    baseURL: link.flatMap { $0.isEmpty ? nil : $0 })
            var article = RemoteArticle(id: id, feedID: String(feedID), feedTitle: feedTitle, post: post,
                                        isRead: !isUnread, isStarred: isMarked)
            // Title-less articles (microblogs) are listed by their first words, as imported ones are.
            if article.post.title.isEmpty { article.post.title = PlainText.summary(post.searchText, length: 80) }
            return article
        }
    }

    /// `subscribeToFeed`: `{"status":{"code":1,"feed_id":2}}`.
    struct SubscribeStatus: Decodable {
        var status: Status

        struct Status: Decodable {
            var code: Int
            var feedID: Int64?
            var message: String?

            enum CodingKeys: String, CodingKey {
                case code, message
                case feedID = "feed_id"
            }

            init(from decoder: Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                code = Int(try container.lenientInt(.code) ?? -1)
                feedID = try container.lenientInt(.feedID)
                message = try? container.decode(String.self, forKey: .message)
            }
        }
    }

    /// Answers whose content is not needed.
    struct Ignored: Decodable {
        init(from decoder: Decoder) throws {}
    }
}

extension KeyedDecodingContainer {
    /// An integer sent as a number or as a string of digits; nil when absent or null.
    func lenientInt(_ key: Key) throws -> Int64? {
        if let value = try? decode(Int64.self, forKey: key) { return value }
        if let text = try? decode(String.self, forKey: key) { return Int64(text) }
        if let value = try? decode(Double.self, forKey: key), value == value.rounded() { return Int64(value) }
        return nil
    }

    /// A boolean sent as true/false, 1/0, "t"/"f" or "true"/"false"; nil when absent or null.
    func lenientBool(_ key: Key) throws -> Bool? {
        if let value = try? decode(Bool.self, forKey: key) { return value }
        if let value = try? decode(Int.self, forKey: key) { return value != 0 }
        if let text = try? decode(String.self, forKey: key) {
            return ["t", "true", "1"].contains(text.lowercased())
        }
        return nil
    }
}

import Foundation
import NewsCore
import NewsModel

/// A deterministic synthetic store: Swedish-like posts over ten years of
/// months, 100–300 words of HTML each, with compounds, so that anyone can
/// rebuild the same store and measure the same thing.
struct SyntheticStore {
    /// A word that appears in every post, and one that appears in about one post in 5,000.
    static let commonWord = "hållbar"
    static let rareWord = "zirkonium"

    var postCount: Int
    var feedCount = 20
    var firstYear = 2016
    var years = 10

    /// Writes the posts into `database`, one transaction per feed and batch.
    /// The posts are made (and their bodies rendered) on a thread of their
    /// own while the previous batch is written.
    func build(into database: AppDatabase, progress: (Int) -> Void) throws {
        let batches = BoundedQueue<[(Feed, [IncomingPost])]>(capacity: 2)
        Thread.detachNewThread { [self] in
            var random = SplitMix64(seed: 20_211_214)
            let batchSize = 10_000
            var made = 0
            let start = UTCDate(year: firstYear, month: 1, day: 1).secondsSince1970
            let span = UTCDate(year: firstYear + years, month: 1, day: 1).secondsSince1970 - start
            while made < postCount {
                let count = min(batchSize, postCount - made)
                var byFeed: [Int: [IncomingPost]] = [:]
                for index in made..<(made + count) {
                    let feed = random.next(feedCount)
                    let published = start + Int64(random.next(Int(span)))
                    byFeed[feed, default: []].append(post(index, published: published, random: &random))
                }
                let batch = byFeed.sorted(by: { $0.key < $1.key }).map { feed, posts in
                    (Feed(url: "https://feeds.example.se/\(feed).xml",
                          title: "Flöde \(feed + 1): \(Self.feedNames[feed % Self.feedNames.count])",
                          link: "https://example.se/\(feed)"), posts)
                }
                guard batches.send(batch) else { return }
                made += count
            }
            batches.finish()
        }
        defer { batches.cancel() }
        var made = 0
        while let batch = batches.next() {
            for (feed, posts) in batch {
                try database.save(feed: feed, posts: posts)
                made += posts.count
            }
            progress(made)
        }
    }

    private func post(_ index: Int, published: Int64, random: inout SplitMix64) -> IncomingPost {
        let title = sentence(words: 4 + random.next(5), random: &random, period: false)
        let wordTarget = 100 + random.next(201)
        var paragraphs: [String] = []
        var words = 0
        while words < wordTarget {
            var sentences: [String] = []
            for _ in 0..<(2 + random.next(4)) where words < wordTarget {
                let length = min(6 + random.next(10), max(3, wordTarget - words))
                sentences.append(sentence(words: length, random: &random, period: true))
                words += length
            }
            paragraphs.append(sentences.joined(separator: " "))
        }
        paragraphs[0] = "Det " + Self.commonWord + "a arbetet fortsätter. " + paragraphs[0]
        if index % 5_000 == 17 { paragraphs[paragraphs.count - 1] += " Leveransen innehöll \(Self.rareWord)." }
        let html = paragraphs.enumerated().map { offset, text in
            offset == 1 ? "<p><strong>\(text)</strong> <a href=\"https://example.se/\(index)\">Läs mer</a></p>"
                        : "<p>\(text)</p>"
        }.joined(separator: "\n")
        return IncomingPost(guid: "synthetic-\(index)", title: title, link: "https://example.se/\(index)",
                            author: Self.authors[index % Self.authors.count], published: published,
                            contentHTML: html)
    }

    private func sentence(words count: Int, random: inout SplitMix64, period: Bool) -> String {
        var words: [String] = []
        for position in 0..<count {
            let word: String
            switch random.next(10) {
            case 0, 1: word = Self.compound(&random)
            case 2, 3, 4: word = Self.functionWords[random.next(Self.functionWords.count)]
            default: word = Self.words[random.next(Self.words.count)]
            }
            words.append(position == 0 ? word.prefix(1).uppercased() + word.dropFirst() : word)
        }
        return words.joined(separator: " ") + (period ? "." : "")
    }

    private static func compound(_ random: inout SplitMix64) -> String {
        let first = stems[random.next(stems.count)]
        let second = stems[random.next(stems.count)]
        return first.0 + (first.1 ? "s" : "") + second.0
    }

    static let feedNames = ["Hållbar upphandling", "Regionnytt", "Klimat och miljö", "Offentlig sektor", "Arbetsrätt"]
    static let authors = ["Anna Lindström", "Örjan Åberg", "Märta Öhman", "Jonas Ek"]
    static let functionWords = ["och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till",
                                "den", "har", "inte", "om", "ett", "men", "var", "här", "från", "vid", "under"]
    static let words = [
        "upphandling", "avtal", "leverantör", "kontrakt", "region", "kommun", "myndighet", "rapport", "krav",
        "hållbarhet", "arbetsvillkor", "mänskliga", "rättigheter", "textilier", "elektronik", "granskning",
        "revision", "uppföljning", "risk", "leveranskedja", "samarbete", "nationella", "kansliet", "seminarium",
        "webbinarium", "förhandlingar", "föreningsfrihet", "tvångsarbete", "korruption", "öppenhet", "miljö",
        "klimat", "utsläpp", "återbruk", "cirkulär", "inköp", "offentlig", "sektor", "anbud", "utvärdering",
        "kriterier", "efterlevnad", "villkor", "dialog", "marknaden", "priset", "kvalitet", "säkerhet", "hälsa",
        "vården", "läkemedel", "livsmedel", "transporter", "fordon", "byggande", "energi", "digital", "system",
        "projekt", "arbetsgrupp", "workshop", "resultat", "åtgärder", "förändring", "ansvar", "omsorg", "skola",
        "beslut", "styrning", "policy", "strategi", "mål", "år", "vecka", "dagar", "gäller", "presenterade",
        "deltog", "arrangerade", "släppte", "beskriver", "visar", "kräver", "följer", "stärker", "bygger", "når",
    ]
    /// Compound stems, and whether they take the linking -s-.
    static let stems: [(String, Bool)] = [
        ("upphandling", true), ("hållbarhet", true), ("leverantör", true), ("avtal", true), ("region", true),
        ("miljö", false), ("klimat", false), ("arbete", true), ("rapport", false), ("krav", false),
        ("kontroll", false), ("revision", true), ("risk", false), ("inköp", true), ("vård", false),
        ("energi", false), ("textil", false), ("elektronik", true), ("samhälle", true), ("kostnad", true),
    ]
}

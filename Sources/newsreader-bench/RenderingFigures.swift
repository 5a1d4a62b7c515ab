import NewsCore
import NewsModel

/// Bodies that were once slow to read: unbroken words and a paragraph of
/// Japanese, rendered from HTML and laid out at 100 columns, as opening
/// them in the reader does (wrapping used to be quadratic: 100,000
/// characters took 3.4 s, and a 30 MB base64 body over ten minutes).
struct RenderingFigures {
    var runs: Int
    var report: Report

    func run() throws {
        let word = String(repeating: "x", count: 1_000_000)
        let japanese = String(String(repeating: "日本語の文章です。", count: 11_112).prefix(100_000))
        let base64 = String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", count: 30_000_000 / 36)
        for (name, html) in [("render_word_1mb", "<p>" + word + "</p>"), ("render_japanese_100k", "<p>" + japanese + "</p>"),
                             ("render_base64_30mb", base64)] {
            report(name, medianMilliseconds(runs: runs) { _ in
                let body = HTMLText.body(html)
                _ = ArticleLayout.lines(body, width: 100)
            }, "ms")
        }
    }
}

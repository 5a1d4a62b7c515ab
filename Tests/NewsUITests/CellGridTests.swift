import NewsUI
import Testing

@Suite("Cell grid")
struct CellGridTests {
    @Test("a cell holds a whole grapheme cluster with its width; the next is its continuation")
    func clustersInCells() {
        let clusters = ["👨‍👩‍👧‍👦", "🇸🇪", "🇺🇦", "👍🏽", "1️⃣", "❤️", "e\u{301}", "🏳️‍🌈"]
        var grid = CellGrid(width: 30, height: 1)
        let used = grid.put(clusters.joined() + "|", x: 0, y: 0)
        #expect(used == 16)
        var x = 0
        for cluster in clusters {
            let width = cluster == "e\u{301}" ? 1 : 2
            #expect(grid[x, 0].text == cluster && grid[x, 0].width == width, "column \(x): \(grid[x, 0])")
            if width == 2 { #expect(grid[x + 1, 0].isContinuation) }
            x += width
        }
        #expect(grid[x, 0].text == "|")
        #expect(grid.line(0).hasPrefix(clusters.joined() + "|"))
    }

    @Test("a cluster that does not fit whole leaves spaces, never half of it")
    func clusterAtTheEdge() {
        var grid = CellGrid(width: 5, height: 1)
        #expect(grid.put("ab👨‍👩‍👧‍👦🇸🇪", x: 0, y: 0, maxWidth: 5) == 5)
        #expect(grid.line(0) == "ab👨‍👩‍👧‍👦 ")
        grid.put("x", x: 3, y: 0) // over the family's second half
        #expect(grid.line(0) == "ab x ")
    }
}

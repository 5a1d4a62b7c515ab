import NewsModel
import NewsUI

/// A screen as a test expects it, text and styles, built like ratatui's
/// `Buffer::with_lines` with styles then set on regions of it:
///
///     var expected = ExpectedScreen(width: 80, [" Archive │ All posts", …])
///     expected.style(.header, row: 0)
///     expected.style(.selection, row: 1, columns: 25..<80)
///     #expect(expected.differences(from: grid) == [])
///
/// Cells not styled are `.normal`. `differences` names each row whose text
/// or styles differ, with both, styles spelled one letter a cell (`code`).
public struct ExpectedScreen: Sendable {
    public private(set) var grid: CellGrid

    public init(width: Int, _ lines: [String]) {
        grid = CellGrid(width: width, height: lines.count)
        for (y, line) in lines.enumerated() { grid.put(line, x: 0, y: y) }
    }

    /// Gives `columns` (the whole row by default) of `row` the style `role`.
    public mutating func style(_ role: StyleRole, row: Int, columns: Range<Int>? = nil) {
        style(role, rows: row..<(row + 1), columns: columns)
    }

    public mutating func style(_ role: StyleRole, rows: Range<Int>, columns: Range<Int>? = nil) {
        let columns = columns ?? 0..<grid.width
        for y in rows { grid.setRole(role, x: columns, y: y) }
    }

    /// One line per row whose text or styles differ from `actual`'s (none when
    /// they are the same screen), and one when the sizes differ.
    public func differences(from actual: CellGrid) -> [String] {
        guard actual.width == grid.width, actual.height == grid.height else {
            return ["size: got \(actual.width)x\(actual.height), expected \(grid.width)x\(grid.height)"]
        }
        var differences: [String] = []
        for y in 0..<grid.height {
            if actual.line(y) != grid.line(y) {
                differences.append("row \(y) text:\n  got      |\(actual.line(y))|\n  expected |\(grid.line(y))|")
            } else if actual.roles(y) != grid.roles(y) {
                differences.append("row \(y) styles (\(grid.line(y))):\n  got      |\(Self.codes(actual, y))|\n"
                                   + "  expected |\(Self.codes(grid, y))|")
            }
        }
        return differences
    }

    /// The differences between `grid`'s text and `lines` (each compared with
    /// its trailing spaces trimmed), and any row not exactly the grid's width:
    /// nothing shifted or spilled. For screens whose styles a test leaves aside.
    public static func textDifferences(_ grid: CellGrid, _ lines: [String]) -> [String] {
        var differences: [String] = []
        if grid.height != lines.count { differences.append("rows: got \(grid.height), expected \(lines.count)") }
        for (y, expected) in lines.enumerated() where y < grid.height {
            var line = grid.line(y)
            while line.last == " " { line.removeLast() }
            if line != expected { differences.append("row \(y):\n  got      |\(line)|\n  expected |\(expected)|") }
        }
        for y in 0..<grid.height where DisplayWidth.of(grid.line(y)) != grid.width {
            differences.append("row \(y) is \(DisplayWidth.of(grid.line(y))) columns wide, not \(grid.width)")
        }
        return differences
    }

    /// Row `y`'s styles, one letter a cell (see `code`).
    public static func codes(_ grid: CellGrid, _ y: Int) -> String {
        String(grid.roles(y).map(code))
    }

    /// One letter per style, for reading styles in a failure.
    public static func code(_ role: StyleRole) -> Character {
        switch role {
        case .normal: return " "
        case .dim: return "d"
        case .title: return "T"
        case .heading: return "H"
        case .strong: return "B"
        case .emphasis: return "I"
        case .link: return "L"
        case .code: return "C"
        case .header: return "h"
        case .status: return "s"
        case .border: return "|"
        case .match: return "m"
        case .matchInSelection: return "M"
        case .unread: return "u"
        case .selection: return "S"
        case .selectionInactive: return "_"
        case .prompt: return "p"
        case .cursor: return "c"
        case .error: return "E"
        case .archiveBar: return "a"
        }
    }
}

extension CellGrid {
    /// The rows as text with their trailing spaces trimmed, for a test that
    /// looks at a few rows of a screen.
    public var trimmedLines: [String] {
        lines.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
    }
}

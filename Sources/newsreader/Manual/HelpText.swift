import Foundation

/// A help text (a command's discussion) read into blocks, so the manual can
/// set it properly: paragraphs, tables (indented lines with a term, two or
/// more spaces, then its meaning) and literal lines (indented examples).
enum HelpText {
    enum Block: Equatable {
        case paragraph(String)
        case table([Row])
        case literal([String])
    }

    struct Row: Equatable {
        var term: String
        var meaning: String
    }

    static func blocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var indented: [Substring] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))) }
            if !indented.isEmpty { blocks.append(indentedBlock(indented)) }
            paragraph = []
            indented = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                flush()
            } else if line.first?.isWhitespace == true {
                if !paragraph.isEmpty { flush() }
                indented.append(line)
            } else {
                if !indented.isEmpty { flush() }
                paragraph.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        flush()
        return blocks
    }

    /// A table when every line is `term  meaning`, or, indented deeper, the
    /// rest of the meaning above; else the lines as they are.
    static func indentedBlock(_ lines: [Substring]) -> Block {
        let margin = lines.map { $0.prefix(while: \.isWhitespace).count }.min() ?? 0
        var rows: [Row] = []
        for line in lines {
            let text = line.dropFirst(margin)
            if text.first?.isWhitespace == true, !rows.isEmpty {
                rows[rows.count - 1].meaning += " " + text.trimmingCharacters(in: .whitespaces)
            } else if let gap = text.range(of: #"\S\s{2,}\S"#, options: .regularExpression) {
                let term = text[..<text.index(after: gap.lowerBound)]
                let meaning = text[text.index(before: gap.upperBound)...]
                rows.append(Row(term: String(term), meaning: String(meaning)))
            } else {
                return .literal(lines.map { String($0.dropFirst(margin)) })
            }
        }
        return .table(rows)
    }
}

import NewsModel

/// Draws a state into a cell grid of the state's size. Pure: the same state
/// always gives the same grid, which is what the screen tests compare.
public enum Renderer {
    public static func render(_ state: ReaderState) -> CellGrid {
        var grid = CellGrid(width: state.size.columns, height: state.size.rows)
        let layout = state.layout
        if layout.isTooSmall {
            drawTooSmall(&grid, state.strings)
            return grid
        }
        drawHeader(&grid, state, layout)
        if layout.showsArchive { drawArchive(&grid, state, layout) }
        if layout.showsList { drawList(&grid, state, layout) }
        if let divider = layout.dividerColumn {
            grid.verticalLine(x: divider, y: 0, count: layout.statusRow)
        }
        if layout.showsArticle, let article = state.article { drawArticle(&grid, state, article, layout) }
        if let naming = state.linePrompt {
            drawLinePrompt(&grid, state, naming, layout)
        } else if let prompt = state.prompt {
            drawPrompt(&grid, state, prompt, layout)
        } else {
            drawStatus(&grid, state, layout)
        }
        if let screen = state.failingFeeds { drawFailingFeeds(&grid, state, screen, layout) }
        if state.isHelpVisible { drawHelp(&grid, state, layout) }
        return grid
    }

    // MARK: - Frame

    static func drawTooSmall(_ grid: inout CellGrid, _ strings: Catalogue) {
        guard grid.height > 0, grid.width > 0 else { return }
        let message = TextWrapper.wrap(strings.terminalTooSmall, width: grid.width).map { ($0, StyleRole.error) }
        let minimum = TextWrapper.wrap(strings.atLeast(Layout.minimumColumns, Layout.minimumRows), width: grid.width)
            .map { ($0, StyleRole.dim) }
        let lines = message + minimum
        let top = max(0, (grid.height - lines.count) / 2)
        for (offset, (line, role)) in lines.enumerated() where top + offset < grid.height {
            let text = DisplayWidth.truncate(line, to: grid.width)
            grid.put(text, x: max(0, (grid.width - DisplayWidth.of(text)) / 2), y: top + offset, role: role)
        }
    }

    static func drawHeader(_ grid: inout CellGrid, _ state: ReaderState, _ layout: Layout) {
        grid.fill(x: 0, y: 0, count: grid.width, role: .header)
        if layout.showsArticle, let article = state.article {
            let feed = TerminalSafe.clean(article.article.feedTitle)
            let range = layout.articleRange
            let title = layout.isArticleBesideList ? " \(feed)" : " \(locationLabel(state)) › \(feed)"
            grid.put(DisplayWidth.truncate(title, to: range.count), x: range.lowerBound, y: 0,
                     maxWidth: range.count, role: .header)
        }
        if layout.showsArchive && !layout.showsArticle {
            grid.put(" " + leftPaneTitle(state), x: layout.archiveRange.lowerBound, y: 0, maxWidth: layout.archiveRange.count, role: .header)
        }
        if layout.showsList {
            let range = layout.listRange
            grid.put(DisplayWidth.truncate(" \(locationLabel(state))", to: range.count),
                     x: range.lowerBound, y: 0, maxWidth: range.count, role: .header)
        }
    }

    /// "Archive", or "Feeds" while the left pane shows them.
    static func leftPaneTitle(_ state: ReaderState) -> String {
        state.archive.showsFeeds ? state.strings.feedsTitle : state.strings.archiveTitle
    }

    /// "December 2021", "All posts", "Unread · Some feed · December 2021" or `Search "upphandling"`.
    static func locationLabel(_ state: ReaderState) -> String {
        switch state.list.source {
        case let .filter(filter):
            var parts: [String] = []
            switch filter.view {
            case .all: break
            case .unread: parts.append(state.strings.unreadView)
            case .starred: parts.append(state.strings.starredView)
            }
            if let id = filter.feedID { parts.append(state.archive.feedTitle(id) ?? state.strings.feedNumber(id)) }
            if case let .one(month) = filter.months { parts.append(state.strings.monthLabel(month)) }
            return parts.isEmpty ? state.strings.allPosts : parts.joined(separator: " · ")
        case let .search(results):
            return state.strings.search(TerminalSafe.clean(results.query.text))
        }
    }

    // MARK: - Archive

    static func drawArchive(_ grid: inout CellGrid, _ state: ReaderState, _ layout: Layout) {
        let archive = state.archive
        let range = layout.archiveRange
        let width = range.count
        let bars = ArchiveBars(archive, strings: state.strings, paneWidth: width)
        for offset in 0..<layout.bodyHeight {
            let index = archive.top + offset
            guard index < archive.rowCount else { break }
            let y = layout.bodyTop + offset
            let isSelected = index == archive.selected
            let role: StyleRole = isSelected
                ? (state.focus == .archive ? .selection : .selectionInactive) : .normal
            grid.fill(x: range.lowerBound, y: y, count: width, role: role)
            if archive.isFailing(at: index) {
                // Its last refresh failed, or it answered 410 Gone.
                grid.put("!", x: range.lowerBound, y: y, maxWidth: 1, role: isSelected ? role : .error)
            }
            let count = String(archive.count(at: index))
            let countWidth = count.count
            let labelWidth = width - 2 - countWidth - 1
            if labelWidth >= 3 {
                grid.put(DisplayWidth.truncate(archive.label(at: index, state.strings), to: labelWidth),
                         x: range.lowerBound + 1, y: y, maxWidth: labelWidth, role: role)
                grid.put(count, x: range.upperBound - 1 - countWidth, y: y, maxWidth: countWidth, role: role)
                if let bars, index > 0 {
                    grid.put(bars.bar(for: archive.count(at: index)), x: range.lowerBound + bars.start, y: y,
                             maxWidth: bars.width, role: isSelected ? role : .archiveBar)
                }
            } else {
                grid.put(DisplayWidth.truncate(archive.label(at: index, state.strings), to: width - 1),
                         x: range.lowerBound + 1, y: y, maxWidth: width - 1, role: role)
            }
        }
    }

    /// Where the months' bars go and how long each is: between the longest
    /// label and the widest count, scaled so the busiest month fills the slot.
    /// Lengths are in eighths of a column (block elements ▏…█); a month with
    /// any posts gets at least one eighth. Nil when there is no room (under
    /// two columns) or no month has posts.
    struct ArchiveBars {
        /// Column offset of the slot within the pane, and its width.
        var start: Int
        var width: Int
        var busiest: Int

        init?(_ archive: ArchivePane, strings: Catalogue, paneWidth: Int) {
            busiest = archive.months.map(\.count).max() ?? 0
            guard busiest > 0, !archive.showsFeeds else { return nil }
            let labels = (0..<archive.rowCount).map { DisplayWidth.of(archive.label(at: $0, strings)) }
            let counts = (0..<archive.rowCount).map { String(archive.count(at: $0)).count }
            start = 1 + (labels.max() ?? 0) + 1
            width = paneWidth - 1 - (counts.max() ?? 0) - 1 - start
            guard width >= 2 else { return nil }
        }

        static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

        func bar(for count: Int) -> String {
            guard count > 0 else { return "" }
            let eighths = max(1, (count * width * 8 + busiest / 2) / busiest)
            return String(repeating: "█", count: eighths / 8) + Self.partials[eighths % 8]
        }
    }

    // MARK: - List

    /// Column widths of a list row for a pane `width` columns wide.
    struct ListColumns {
        var date: Int
        var feed: Int
        init(width: Int, dateWidth: Int = 10, showFeed: Bool = true) {
            date = width >= 40 ? min(dateWidth, width / 3) : 0
            feed = !showFeed ? 0 : (width >= 70 ? min(24, width / 5) : (width >= 50 ? 12 : 0))
        }
    }

    /// A date in the config's `date-format`: `%Y %m %d %H %M` and `%b` (the
    /// month's name in the interface language), `%%`; other text as it is.
    static func formatDate(_ seconds: Int64, _ format: String, _ strings: Catalogue) -> String {
        let date = UTCDate(seconds: seconds)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var out = ""
        var percent = false
        for character in format {
            if !percent {
                if character == "%" { percent = true } else { out.append(character) }
                continue
            }
            percent = false
            switch character {
            case "Y": out += pad(date.year, 4)
            case "m": out += pad(date.month, 2)
            case "d": out += pad(date.day, 2)
            case "H": out += pad(date.hour, 2)
            case "M": out += pad(date.minute, 2)
            case "b": out += strings.monthNames[date.month - 1]
            case "%": out += "%"
            default: out += "%" + String(character)
            }
        }
        return out
    }

    /// The date column's width: the widest a date in `format` gets.
    static func dateWidth(_ format: String, _ strings: Catalogue) -> Int {
        (1...12).map { month in
            DisplayWidth.of(formatDate(UTCDate(year: 2000, month: month, day: 28, hour: 23, minute: 59).secondsSince1970,
                                       format, strings))
        }.max() ?? 10
    }

    static func drawList(_ grid: inout CellGrid, _ state: ReaderState, _ layout: Layout) {
        let list = state.list
        let range = layout.listRange
        let width = range.count
        if list.total == 0 {
            let text: String
            if case .search = list.source {
                text = state.typeAhead?.isWaiting == true ? state.strings.searching : state.strings.noPostsMatch
            } else {
                text = state.strings.noPostsHere
            }
            grid.put(DisplayWidth.truncate(text, to: width - 2), x: range.lowerBound + 1, y: layout.bodyTop,
                     maxWidth: width - 2, role: .dim)
            return
        }
        let columns = ListColumns(width: width, dateWidth: dateWidth(state.settings.dateFormat, state.strings),
                                  showFeed: showsFeedColumn(state, layout))
        let matcher = state.searchMatcher
        for offset in 0..<layout.bodyHeight {
            let index = list.top + offset
            guard index < list.total else { break }
            let y = layout.bodyTop + offset
            let isSelected = index == list.selected
            let selectionRole: StyleRole = state.focus == .list ? .selection : .selectionInactive
            guard let post = list.row(at: index) else {
                // Not loaded yet (the runtime loads it before the next frame).
                grid.fill(x: range.lowerBound, y: y, count: width, role: isSelected ? selectionRole : .normal)
                continue
            }
            let baseRole: StyleRole = isSelected ? selectionRole : (post.isRead ? .normal : .unread)
            let quietRole: StyleRole = isSelected ? selectionRole : .dim
            let matchRole: StyleRole = isSelected ? .matchInSelection : .match
            grid.fill(x: range.lowerBound, y: y, count: width, role: baseRole)
            var x = range.lowerBound + 1
            let end = range.upperBound - 1
            grid.put((post.isRead ? " " : "N") + (post.isStarred ? "*" : " "), x: x, y: y, maxWidth: end - x, role: baseRole)
            x += 3
            if columns.date > 0 {
                grid.put(dateText(post.published, state), x: x, y: y, maxWidth: columns.date, role: quietRole)
                x += columns.date + 2
            }
            let feedSpace = columns.feed > 0 ? columns.feed + 2 : 0
            let titleWidth = max(0, end - x - feedSpace)
            let fullTitle = TerminalSafe.clean(post.displayTitle)
            let title = DisplayWidth.truncate(fullTitle, to: titleWidth)
            // Matched on the whole title, so a word cut by the ellipsis still shows its match.
            let hits = matcher?.hits(in: fullTitle, isTitle: true) ?? []
            grid.put(title, x: x, y: y, maxWidth: titleWidth) { character in
                hits.contains { $0.contains(character) } ? matchRole : baseRole
            }
            if columns.feed > 0 {
                let feed = DisplayWidth.truncate(TerminalSafe.clean(post.feed), to: columns.feed)
                grid.put(feed, x: end - columns.feed, y: y, maxWidth: columns.feed, role: quietRole)
            }
        }
    }

    /// The feed column, by the config's `show-feed-column`: in `auto`, only
    /// when the visible rows do not all show the same feed.
    static func showsFeedColumn(_ state: ReaderState, _ layout: Layout) -> Bool {
        switch state.settings.feedColumn {
        case .always: return true
        case .never: return false
        case .auto:
            let list = state.list
            let visible = list.top..<min(list.total, list.top + layout.bodyHeight)
            var feed: String?
            for index in visible {
                guard let post = list.row(at: index) else { continue }
                if feed == nil { feed = post.feed } else if post.feed != feed { return true }
            }
            return false
        }
    }

    static func dateText(_ published: Int64?, _ state: ReaderState) -> String {
        published.map { formatDate($0, state.settings.dateFormat, state.strings) } ?? state.strings.undatedDay
    }

    // MARK: - Article

    static func drawArticle(_ grid: inout CellGrid, _ state: ReaderState, _ article: ArticleView, _ layout: Layout) {
        let range = layout.articleTextRange
        for offset in 0..<layout.bodyHeight {
            let index = article.top + offset
            guard index < article.lines.count else { break }
            let line = article.lines[index]
            let styles = line.characterStyles()
            let hits = article.hits(onLine: index)
            let y = layout.bodyTop + offset
            // A line that is never broken (preformatted, a URL, a table row)
            // and is wider than the pane is cut with a marker at the edge.
            let isCut = DisplayWidth.of(line.text) > range.count
            let room = isCut ? range.count - 1 : range.count
            let used = grid.put(line.text, x: range.lowerBound, y: y, maxWidth: room) { character in
                // The hit n/N went to stands out from the others.
                if let hit = hits.first(where: { $0.range.contains(character) }) {
                    return hit.number == article.currentHit ? .matchInSelection : .match
                }
                return role(for: character < styles.count ? styles[character] : nil)
            }
            if isCut, room >= 0 {
                grid.put(cutMarker, x: range.lowerBound + min(used, room), y: y, maxWidth: 1, role: .dim)
            }
        }
    }

    /// Shown at the pane's edge where a line goes on beyond it.
    static let cutMarker = "…"

    /// The theme role of an article's text style.
    static func role(for style: TextStyle?) -> StyleRole {
        switch style {
        case nil: return .normal
        case .title: return .title
        case .header, .margin, .image: return .dim
        case .heading: return .heading
        case .strong: return .strong
        case .emphasis: return .emphasis
        case .link: return .link
        case .code: return .code
        }
    }

    // MARK: - Status line and prompt

    static func drawStatus(_ grid: inout CellGrid, _ state: ReaderState, _ layout: Layout) {
        let y = layout.statusRow
        let width = grid.width
        grid.fill(x: 0, y: y, count: width, role: .status)
        let (place, position) = statusText(state)
        // The place gives way (cut with …) before the help hint does.
        let helpRoom = state.message == nil ? StatusHints.helpWidth(state) + 3 : 0
        let placeRoom = width - 2 - helpRoom - DisplayWidth.of(position)
        let left = placeRoom >= 4 ? " " + DisplayWidth.truncate(place, to: placeRoom) + position : " " + place + position
        let used = grid.put(DisplayWidth.truncate(left, to: width - 1), x: 0, y: y, maxWidth: width - 1, role: .status)
        let room = width - used - 3
        guard room > 0 else { return }
        if let message = state.message {
            let text = DisplayWidth.truncate(TerminalSafe.clean(message.text), to: room)
            grid.put(text, x: width - 1 - DisplayWidth.of(text), y: y, maxWidth: room, role: message.isError ? .error : .status)
            return
        }
        let hints = StatusHints.fitting(state, room: room)
        grid.put(hints, x: width - 1 - DisplayWidth.of(hints), y: y, maxWidth: room, role: .status)
    }

    /// Where you are, and the position in it: (`December 2021`, `  3/5`),
    /// (`Search "avtal"`, `: 4 hits  1/4`).
    static func statusText(_ state: ReaderState) -> (place: String, position: String) {
        let list = state.list
        let location = locationLabel(state)
        var hits = ""
        if case let .search(results) = list.source {
            // After Enter, while the kept text's results are still on their way.
            switch (state.typeAhead?.isWaiting == true, state.typeAhead?.shownGeneration != nil) {
            case (true, false): hits = ": " + state.strings.searching
            case (true, true): hits = ": " + state.strings.hits(results.count) + "…"
            default: hits = ": " + state.strings.hits(results.count)
            }
        }
        switch state.focus {
        case .archive:
            let title = state.archive.showsFeeds ? state.strings.feedsTitle : state.strings.archiveStatus
            return (title, "  \(state.archive.selected + 1)/\(state.archive.rowCount)")
        case .list:
            return (location, hits + "  \(list.total == 0 ? 0 : list.selected + 1)/\(list.total)" + lastRefreshText(state))
        case .article:
            var position = hits + "  \(list.selected + 1)/\(list.total)"
            if let article = state.article {
                let seen = min(article.lines.count, article.top + state.layout.bodyHeight)
                position += "  \(article.lines.isEmpty ? 100 : seen * 100 / article.lines.count)%"
            }
            return (location, position)
        }
    }

    /// The prompt with its text and cursor, and at the right what the list
    /// shows meanwhile: the hit count, or that a search is under way.
    static func drawPrompt(_ grid: inout CellGrid, _ state: ReaderState, _ prompt: TextInput, _ layout: Layout) {
        let y = layout.statusRow
        grid.fill(x: 0, y: y, count: grid.width, role: .prompt)
        grid.put("/", x: 0, y: y, role: .prompt)
        let characters = Array(prompt.text)
        // The count keeps the room of its own when the text is short, and gives it up to long text.
        let note = promptNote(state)
        let noteWidth = DisplayWidth.of(note)
        let textWidth = DisplayWidth.of(prompt.text) + 1
        // A note that says the query was cut stays even when the text is longer than
        // the line (the text scrolls beside it): only long texts are cut.
        let isCut = state.typeAhead?.query.map { !$0.cuts.isEmpty } ?? false
        let showsNote = !note.isEmpty && (2 + textWidth + 2 + noteWidth + 1 <= grid.width
            || isCut && noteWidth + 3 <= grid.width / 2)
        let room = grid.width - 2 - (showsNote ? noteWidth + 3 : 0)
        // Scroll the text so the cursor stays on screen.
        var start = 0
        while start < prompt.cursor
                && DisplayWidth.of(String(characters[start..<prompt.cursor])) > room - 1 { start += 1 }
        let visible = String(characters[start...])
        let cursor = prompt.cursor - start
        let used = grid.put(visible, x: 1, y: y, maxWidth: room) { $0 == cursor ? .cursor : .prompt }
        if prompt.cursor == characters.count {
            grid.put(" ", x: 1 + min(used, room), y: y, role: .cursor)
        }
        if showsNote {
            let isError = state.message?.isError == true
            grid.put(note, x: grid.width - 1 - noteWidth, y: y, maxWidth: noteWidth, role: isError ? .error : .prompt)
        }
    }

    /// `3 hits`, `Searching…` (nothing shown yet) or `3 hits…` (older results
    /// shown while the newest text's are on their way); an error instead of
    /// either. A query longer than a search takes says so first.
    static func promptNote(_ state: ReaderState) -> String {
        if let message = state.message, message.isError { return TerminalSafe.clean(message.text) }
        guard let typeAhead = state.typeAhead, let query = typeAhead.query else { return "" }
        var shown: Int?
        if typeAhead.shownGeneration != nil, case let .search(results) = state.list.source { shown = results.count }
        let cut = query.cuts.isEmpty ? "" : state.strings.queryCut + " · "
        switch (shown, typeAhead.isWaiting) {
        case let (count?, false): return cut + state.strings.hits(count)
        case let (count?, true): return cut + state.strings.hits(count) + "…"
        case (nil, _): return cut + state.strings.searching
        }
    }

    // MARK: - Help

    static func drawHelp(_ grid: inout CellGrid, _ state: ReaderState, _ layout: Layout) {
        let help = HelpOverlay(state)
        let (left, top, width, height) = (help.left, help.top, help.width, help.height)
        for row in top..<(top + height) { grid.fill(x: left, y: row, count: width, role: .normal) }
        grid.put("┌", x: left, y: top, role: .border)
        grid.horizontalLine(x: left + 1, y: top, count: width - 2)
        grid.put("┐", x: left + width - 1, y: top, role: .border)
        grid.put(state.strings.helpTitle, x: left + 2, y: top, maxWidth: width - 4, role: .title)
        grid.verticalLine(x: left, y: top + 1, count: height - 2)
        grid.verticalLine(x: left + width - 1, y: top + 1, count: height - 2)
        grid.put("└", x: left, y: top + height - 1, role: .border)
        grid.horizontalLine(x: left + 1, y: top + height - 1, count: width - 2)
        grid.put("┘", x: left + width - 1, y: top + height - 1, role: .border)
        let first = min(state.helpTop, help.maxTop)
        if first + help.visibleRows < help.rows.count {
            grid.put(state.strings.helpMore, x: left + 2, y: top + height - 1, maxWidth: width - 4, role: .dim)
        }
        let meaningWidth = width - 5 - help.keysWidth
        for offset in 0..<help.visibleRows {
            let index = first + offset
            guard index < help.rows.count else { break }
            let y = top + 1 + offset
            grid.put(help.rows[index].keys, x: left + 2, y: y, maxWidth: help.keysWidth, role: .title)
            if meaningWidth > 0 {
                grid.put(help.rows[index].meaning, x: left + 3 + help.keysWidth, y: y, maxWidth: meaningWidth, role: .normal)
            }
        }
    }
}

import NewsUI

/// The terminal as the reader's loop sees it. `CursesScreen` is the real
/// one; tests run the loop against a recording screen with scripted keys.
protocol TerminalScreen: AnyObject {
    var size: ScreenSize { get }

    /// Sleeps until the terminal has input, `wake` is readable (background
    /// work reported, a signal came) or `milliseconds` pass.
    func wait(orWake wake: Int32, milliseconds: Int32)

    /// The next key, resize or mouse event, without waiting for one; nil when none is there.
    func readInput() -> InputEvent?

    /// True when the terminal went away (its pty closed).
    var isHungUp: Bool { get }

    /// Whether this process's group is the terminal's foreground group (or
    /// there is no job control to ask): false for a job continued in the
    /// background, which stops on SIGTTOU if curses takes the terminal.
    var isInForeground: Bool { get }

    /// The terminal's interrupt key (Ctrl-C unless `stty intr` says
    /// otherwise), which arrives as a key; nil when there is none.
    var interruptKey: KeyEvent? { get }

    /// Shows `grid`.
    func draw(_ grid: CellGrid)

    /// The next draw repaints every cell.
    func redrawAll()

    /// Gives the terminal back as the shell had it (before a stop, or a
    /// browser in the terminal); the next draw takes it again.
    func suspend()
}

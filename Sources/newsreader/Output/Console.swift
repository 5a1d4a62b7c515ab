import Foundation
import NewsCore
#if canImport(Glibc)
import Glibc
import NewsModel
#endif

enum Console {
    static func error(_ message: String) {
        let line = "newsreader: " + TerminalSafe.clean(message) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Columns of the terminal on standard output, or 80 when it is not one.
    static var width: Int {
        var size = winsize()
        if isTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }
}

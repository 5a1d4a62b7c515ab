import Foundation
import NewsCore
import NewsUI

/// `+` and `D` in the reader: this same binary's `add URL` or
/// `remove FEED --yes [--purge]` on the reader's store, in a child process,
/// so the reader never waits on the network and a feed goes through the
/// same checks (and the same sync server) as on the command line. The
/// command's last line becomes the status line's message.
public enum FeedCommandChild {
    /// Starts the command on a thread of its own and returns; reports `feedCommandFinished`.
    public static func run(_ command: FeedCommand, storePath: String, executable: String = "/proc/self/exe",
                           report: @escaping @Sendable (Action) -> Void) {
        guard !storePath.isEmpty, storePath != ":memory:" else {
            report(.feedCommandFinished(message: "a store in memory cannot be changed by another process", failed: true))
            return
        }
        let arguments: [String]
        switch command {
        case let .add(url): arguments = ["add", url, "--store", storePath]
        case let .remove(id, purge): arguments = ["remove", String(id), "--yes"] + (purge ? ["--purge"] : []) + ["--store", storePath]
        }
        switch ChildProcess.spawn(executable, arguments, outputOn: [1, 2]) {
        case let .failure(failure):
            report(.feedCommandFinished(message: "cannot start \(arguments[0]): \(failure)", failed: true))
        case let .success((pid, output)):
            Thread.detachNewThread {
                let (text, status) = ChildProcess.finish(pid, reading: output)
                report(.feedCommandFinished(message: lastLine(text), failed: status != 0))
            }
        }
    }

    /// The command's last line, without the `newsreader: ` of its errors.
    static func lastLine(_ output: String) -> String {
        let line = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        return line.hasPrefix("newsreader: ") ? String(line.dropFirst(12)) : line
    }
}

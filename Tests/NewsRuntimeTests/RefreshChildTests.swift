import Foundation
import NewsCore
import NewsRuntime
import Testing
@testable import NewsUI

/// `RefreshChild` turns a child's progress lines into the refresh actions;
/// here the child is a small shell script standing in for `newsreader refresh`.
@Suite struct RefreshChildTests {
    /// Runs `script` as the child and collects what it reports, until the refresh finishes.
    func actions(of script: String) throws -> [String] {
        let path = NSTemporaryDirectory() + "newsreader-child-\(UUID().uuidString).sh"
        try ("#!/bin/sh\n" + script).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        defer { unlink(path) }
        let child = RefreshChild(executable: path, storePath: "/nonexistent/store.sqlite")
        let collected = Collected()
        child.run(try AppDatabase.inMemory()) { collected.append($0) }
        #expect(collected.waitForFinish(), "no refreshFinished within 10 s")
        return collected.actions.map(describe)
    }

    @Test func progressAndFailuresBecomeActions() throws {
        let actions = try actions(of: #"""
            [ "$1 $2 $3 $4 $5" = "refresh --store /nonexistent/store.sqlite --progress-fd 3" ] || exit 9
            printf 'started\t2\n' >&3
            printf 'feed\t1\t2\t4\tSvenska nyheter\t\n' >&3
            printf 'something a later version says\n' >&3
            printf 'feed\t2\t2\t0\tTrasigt flöde\tHTTP 404 Not Found\n' >&3
            printf 'finished\t4\t1\n' >&3
            exit 1
            """#)
        #expect(actions == ["progress 0/2", "progress 1/2", "progress 2/2",
                            "finished 4 [\"Trasigt flöde: HTTP 404 Not Found\"]"])
    }

    @Test func aChildThatStopsEarlySaysWhy() throws {
        let actions = try actions(of: #"""
            printf 'started\t3\n' >&3
            echo 'newsreader: the store is locked' >&2
            exit 1
            """#)
        #expect(actions == ["progress 0/3",
                            "finished 0 [\"the store is locked\", \"the refresh stopped before it finished (exit status 1)\"]"])
    }

    @Test func stopEndsARunningChildAtOnce() throws {
        let path = NSTemporaryDirectory() + "newsreader-child-\(UUID().uuidString).sh"
        try "#!/bin/sh\nprintf 'started\\t1\\n' >&3\nexec sleep 600\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        defer { unlink(path) }
        let child = RefreshChild(executable: path, storePath: "/nonexistent")
        let collected = Collected()
        child.run(try AppDatabase.inMemory()) { collected.append($0) }
        #expect(collected.wait { $0.map(describe).contains("progress 0/1") })
        let started = Date()
        child.stop()
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(collected.waitForFinish())
        #expect(collected.actions.last.map(describe) == "finished 0 [\"the refresh stopped before it finished (stopped)\"]")
    }
}

/// The refresh actions in a comparable form.
private func describe(_ action: Action) -> String {
    switch action {
    case let .refreshProgress(done, total): return "progress \(done)/\(total)"
    case let .refreshFinished(newPosts, failures): return "finished \(newPosts) \(failures)"
    default: return "\(action)"
    }
}

/// Actions reported from the child's reading thread.
/// (`@unchecked Sendable`: `list` changes with `condition` locked.)
private final class Collected: @unchecked Sendable {
    private let condition = NSCondition()
    private var list: [Action] = []

    var actions: [Action] { condition.withLock { list } }

    func append(_ action: Action) {
        condition.withLock {
            list.append(action)
            condition.broadcast()
        }
    }

    func wait(timeout: TimeInterval = 10, until done: ([Action]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !done(list) {
            if !condition.wait(until: deadline) { return done(list) }
        }
        return true
    }

    func waitForFinish() -> Bool {
        wait { $0.contains { if case .refreshFinished = $0 { return true } else { return false } } }
    }
}

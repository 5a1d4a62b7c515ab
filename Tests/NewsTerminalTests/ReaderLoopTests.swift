import Foundation
import Glibc
import NewsCore
import NewsModel
import NewsRuntime
import NewsUI
import Testing
@testable import NewsTerminal

/// `TerminalReader`'s real loop on a scripted terminal: what each key,
/// signal and background report costs in draws, and what it asks of the
/// terminal and the process.
@Suite struct ReaderLoopTests {
    /// Sixty posts, one a day back from 2022-03-01.
    static func store() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        let last = UTCDate(year: 2022, month: 3, day: 1, hour: 12).secondsSince1970
        let posts = (0..<60).map { index in
            IncomingPost(guid: "p\(index)", title: "Inlägg \(index) om upphandling", link: "https://example.se/\(index)",
                         author: nil, published: last - Int64(index) * 86_400, contentHTML: "<p>Text \(index)</p>")
        }
        try database.save(feed: Feed(url: "https://example.se/feed.xml", title: "Exempel"), posts: posts, now: last)
        return database
    }

    /// Runs the loop on `terminal` until the script ends it.
    static func run(_ terminal: ScriptedTerminal, settings: Settings = Settings(), language: Language = .english,
                    runRefresh: ReaderProgram.RefreshRunner? = nil) throws -> ReaderEnd {
        let wake = try WakePipe()
        let loop = ReaderLoop(screen: terminal, process: terminal, wake: wake)
        let program = ReaderProgram(database: try store(), size: terminal.size, language: language, settings: settings,
                                    runRefresh: runRefresh ?? { _, _ in }, wake: { wake.signal() },
                                    terminal: loop.carryOut)
        program.start()
        return loop.run(program)
    }

    static var quit: ScriptedTerminal.Step { .keys([.character("Q")]) }

    @Test("a paste of fifty keys costs one draw")
    func pasteCostsOneDraw() throws {
        let terminal = ScriptedTerminal([.keys(Array(repeating: .character("j"), count: 50)), Self.quit])
        #expect(try Self.run(terminal) == .quit)
        #expect(terminal.events == [.draw, .draw])
        #expect(terminal.lastScreen.contains("All posts  51/60"), "\(terminal.lastScreen)")
    }

    @Test("Ctrl-Z gives the terminal back, stops the job, and repaints everything after fg")
    func ctrlZSuspendsAndResumes() throws {
        let terminal = ScriptedTerminal([.keys([.character("j"), .control("z")]), Self.quit])
        #expect(try Self.run(terminal) == .quit)
        #expect(terminal.events == [.draw, .suspend, .stopJob, .redrawAll, .draw])
        #expect(terminal.lastScreen.contains("All posts  2/60"))
    }

    @Test("a signal that ends the reader while it is stopped ends it without a draw (kill %1)")
    func endedWhileStopped() throws {
        let terminal = ScriptedTerminal([.keys([.control("z"), .character("j")]), Self.quit])
        terminal.signalsWhileStopped = [SIGTERM]
        #expect(try Self.run(terminal) == .signal(SIGTERM))
        #expect(terminal.events == [.draw, .suspend, .stopJob, .redrawAll])
    }

    @Test("continued in the background, with the SIGTERM a moment later (kill %1, the signal taken on another thread), the reader neither reads nor draws")
    func endedLateInTheBackground() throws {
        let terminal = ScriptedTerminal([.keys([.control("z")]), Self.quit])
        terminal.continuedInBackground = true
        terminal.lateSignalsAfterStop = [SIGTERM]
        #expect(try Self.run(terminal) == .signal(SIGTERM))
        #expect(terminal.events == [.draw, .suspend, .stopJob, .redrawAll])
    }

    @Test("Ctrl-Z in the search prompt suspends and keeps the typed text")
    func ctrlZInThePrompt() throws {
        let terminal = ScriptedTerminal([.keys([.character("/"), .character("u"), .control("z"), .character("p")]),
                                         .keys([.escape]), Self.quit])
        #expect(try Self.run(terminal) == .quit)
        #expect(terminal.events.prefix(5) == [.draw, .suspend, .stopJob, .redrawAll, .draw])
        // Redrawn as it was before any key typed after fg is read.
        #expect(terminal.screens[1].lines.last?.hasPrefix("/u") == true, "\(terminal.screens[1].lines)")
        #expect(terminal.screens[2].lines.last?.hasPrefix("/up") == true, "\(terminal.screens[2].lines)")
    }

    @Test("without job control Ctrl-Z says so and the reader goes on")
    func ctrlZWithoutJobControl() throws {
        for (language, text) in [(Language.english, "Cannot suspend: the shell has no job control"),
                                 (.swedish, "Kan inte pausa: skalet saknar jobbkontroll")] {
            let terminal = ScriptedTerminal([.keys([.control("z")]), Self.quit])
            terminal.hasJobControl = false
            #expect(try Self.run(terminal, language: language) == .quit)
            #expect(terminal.events == [.draw, .suspend, .stopJob, .redrawAll, .draw])
            #expect(terminal.lastScreen.contains(text), "\(terminal.lastScreen)")
        }
    }

    @Test("SIGTSTP from outside suspends as Ctrl-Z does; SIGCONT alone repaints")
    func stopAndContinueSignals() throws {
        let stopped = ScriptedTerminal([.signal(SIGTSTP), Self.quit])
        #expect(try Self.run(stopped) == .quit)
        #expect(stopped.events == [.draw, .suspend, .stopJob, .redrawAll, .draw])
        let continued = ScriptedTerminal([.signal(SIGCONT), Self.quit])
        #expect(try Self.run(continued) == .quit)
        #expect(continued.events == [.draw, .redrawAll, .draw])
    }

    @Test("Ctrl-L repaints everything; rebound, another key does and Ctrl-L no longer")
    func ctrlLRedraws() throws {
        let terminal = ScriptedTerminal([.keys([.control("l")]), Self.quit])
        #expect(try Self.run(terminal) == .quit)
        #expect(terminal.events == [.draw, .redrawAll, .draw])

        var settings = Settings()
        settings.keys.bind(.function(5), to: .redraw)
        settings.keys.bind(.control("l"), to: nil)
        let rebound = ScriptedTerminal([.keys([.control("l")]), .keys([.function(5)]), Self.quit])
        #expect(try Self.run(rebound, settings: settings) == .quit)
        #expect(rebound.events == [.draw, .draw, .redrawAll, .draw])
    }

    @Test("a signal that ends the reader ends the loop at once, with nothing drawn after it",
          arguments: [SIGINT, SIGTERM, SIGHUP])
    func endingSignals(_ signal: Int32) throws {
        let terminal = ScriptedTerminal([.keys([.character("j")]), .signal(signal), Self.quit])
        #expect(try Self.run(terminal) == .signal(signal))
        #expect(terminal.events == [.draw, .draw])
    }

    @Test("the interrupt key ends the loop at once; the keys after it are not handled")
    func interruptKey() throws {
        let terminal = ScriptedTerminal([.keys([.character("j"), .control("c"), .character("j")])])
        let end = try Self.run(terminal)
        #expect(end == .interruptKey)
        #expect(end.status == 130)
        #expect(terminal.events == [.draw])
    }

    @Test("a hang-up ends the loop as SIGHUP would")
    func hangUp() throws {
        let terminal = ScriptedTerminal([.keys([.character("j")]), .hangUp])
        let end = try Self.run(terminal)
        #expect(end == .signal(SIGHUP))
        #expect(end.status == 129)
        #expect(terminal.events == [.draw, .draw])
    }

    @Test("background work wakes the loop through the pipe and its report is drawn")
    func wakePipeBringsBackgroundResults() throws {
        let gate = DispatchSemaphore(value: 0)
        let refresh: ReaderProgram.RefreshRunner = { _, report in
            Thread.detachNewThread {
                gate.wait()
                report(.refreshFinished(newPosts: 3, failures: []))
            }
        }
        let terminal = ScriptedTerminal([.keys([.character("R")]), .waitForWake(release: { gate.signal() }), Self.quit])
        #expect(try Self.run(terminal, runRefresh: refresh) == .quit)
        #expect(terminal.events == [.draw, .draw, .woken(true), .draw])
        #expect(terminal.screens[1].lines.last?.contains("Refreshing feeds…") == true)
        #expect(terminal.lastScreen.contains("Refresh: 3 new posts"), "\(terminal.lastScreen)")
    }
}

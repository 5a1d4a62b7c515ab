import NewsModel
import TestSupport
import Testing
@testable import NewsUI

/// `redraw` (C-l) and `suspend` (C-z): named commands of the key map that the
/// terminal loop carries out, in every mode, rebindable, and in the help.
@Suite struct TerminalCommandTests {
    let browsing = ReaderState(size: ScreenSize(columns: 80, rows: 24))

    func actions(_ key: KeyEvent, _ state: ReaderState) -> [String] {
        KeyMap.actions(for: key, in: state).map { "\($0)" }
    }

    @Test("C-l and C-z work while browsing, in the prompt, in the help and at the quit question")
    func everyMode() {
        var prompt = browsing
        _ = Reducer.reduce(&prompt, .search(.start))
        var help = browsing
        help.isHelpVisible = true
        var confirming = browsing
        confirming.isConfirmingQuit = true
        for state in [browsing, prompt, help, confirming] {
            #expect(actions(.control("l"), state) == ["redraw"])
            #expect(actions(.control("z"), state) == ["suspend"])
        }
    }

    @Test("in the prompt its own keys come first: a letter bound to redraw still types itself")
    func promptKeysFirst() {
        var state = browsing
        state.keys.bind(.character("x"), to: .redraw)
        state.keys.bind(.control("u"), to: .suspend)
        #expect(actions(.character("x"), state) == ["redraw"])
        _ = Reducer.reduce(&state, .search(.start))
        #expect(KeyMap.actions(for: .character("x"), in: state) == [.search(.edit(.insert("x")))])
        #expect(KeyMap.actions(for: .control("u"), in: state) == [.search(.edit(.clear))])
    }

    @Test("each asks the terminal, and neither clears the status message")
    func reducerEffects() {
        var state = browsing
        state.message = StatusMessage("Marked read")
        #expect(Reducer.reduce(&state, .redraw) == [.terminal(.redraw)])
        #expect(Reducer.reduce(&state, .suspend) == [.terminal(.suspend)])
        #expect(state.message?.text == "Marked read")
    }

    @Test("a suspend the terminal refuses says why, in the interface language")
    func refusedSuspend() throws {
        for (language, text) in [(Language.english, "Cannot suspend: the shell has no job control"),
                                 (.swedish, "Kan inte pausa: skalet saknar jobbkontroll")] {
            let program = ReaderHarness(language: language)
            program.canSuspend = false
            program.press(.control("l"))
            #expect(program.state.message == nil)
            program.press(.control("z"))
            #expect(program.terminalRequests == [.redraw, .suspend])
            #expect(program.state.message == StatusMessage(text, isError: true))
        }
    }

    @Test("rebound, shown in the help in English and Swedish")
    func rebindingAndHelp() throws {
        // As `[keys]` F5 = "redraw", "C-l" = "none" sets them (see ConfigFileTests).
        var settings = Settings()
        settings.keys.bind(.function(5), to: .redraw)
        settings.keys.bind(.control("l"), to: nil)

        for (language, redraw, suspend) in [(Language.english, "redraw the screen", "suspend to the shell (fg comes back)"),
                                            (.swedish, "rita om skärmen", "pausa till skalet (fg fortsätter)")] {
            var state = ReaderState(size: ScreenSize(columns: 80, rows: 24), language: language)
            var lines = KeyMap.help(state)
            #expect(lines.contains { $0.keys == "C-l" && $0.meaning == redraw })
            #expect(lines.contains { $0.keys == "C-z" && $0.meaning == suspend })
            state.keys = settings.keys
            lines = KeyMap.help(state)
            #expect(lines.contains { $0.keys == "F5" && $0.meaning == redraw })
        }
    }
}

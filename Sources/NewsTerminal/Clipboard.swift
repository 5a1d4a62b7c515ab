import Foundation

/// Copies text to the system clipboard with OSC 52, which xterm, kitty,
/// foot, WezTerm, iTerm2 and tmux (with `set-clipboard on`) accept. The
/// terminal gives no answer, so "allowed" means a terminal type that can:
/// not the Linux console, vt100-like or dumb terminals.
enum Clipboard {
    static func canCopy(environment: [String: String]) -> Bool {
        let term = environment["TERM"] ?? ""
        return !(term.isEmpty || term == "dumb" || term == "linux" || term.hasPrefix("vt"))
    }

    /// The escape sequence for `text`: ESC ] 52 ; c ; base64 BEL.
    static func sequence(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    static func copy(_ text: String, environment: [String: String]) -> Bool {
        guard canCopy(environment: environment) else { return false }
        let bytes = Array(sequence(text).utf8)
        return bytes.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) } == bytes.count
    }
}

import NewsUI

/// What takes the terminal's input: the runtime's `ReaderProgram`, and the
/// tests' `ReaderHarness`. Gives both the same way of pressing keys.
public protocol KeyDriven {
    func handle(_ input: InputEvent)
}

extension KeyDriven {
    public func press(_ keys: KeyEvent...) {
        for key in keys { handle(.key(key)) }
    }

    public func press(_ input: InputEvent) {
        handle(input)
    }

    /// Types `text` as separate character keys.
    public func type(_ text: String) {
        for character in text { handle(.key(.character(character))) }
    }
}

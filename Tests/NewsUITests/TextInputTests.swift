import Testing
@testable import NewsUI

/// The text field of the `/` prompt on its own: edits, the cursor, the
/// length bound, and the keys bound to each edit.
@Suite struct TextInputTests {
    /// `update`, outside `#expect` (which cannot mutate).
    func apply(_ input: inout TextInput, _ edit: TextInput.Edit) -> Bool {
        input.update(edit)
    }

    @Test("edits move the cursor in characters and say whether the text changed")
    func edits() {
        var input = TextInput()
        #expect(apply(&input, .insert("hål")))
        #expect(input.text == "hål" && input.cursor == 3)
        #expect(!apply(&input, .moveLeft))
        #expect(apply(&input, .deleteBackward))
        #expect(input.text == "hl" && input.cursor == 1)
        #expect(apply(&input, .insert("å")))
        #expect(!apply(&input, .moveToStart))
        #expect(!apply(&input, .deleteBackward), "nothing before the start")
        #expect(apply(&input, .deleteForward))
        #expect(input.text == "ål" && input.cursor == 0)
        #expect(!apply(&input, .moveToEnd))
        #expect(!apply(&input, .deleteForward), "nothing after the end")
        #expect(!apply(&input, .moveRight))
        #expect(input.cursor == 2)
        #expect(apply(&input, .clear))
        #expect(input.text == "" && input.cursor == 0)
        #expect(!apply(&input, .clear))
    }

    @Test("a combining accent and an emoji flag are one character each")
    func graphemes() {
        var input = TextInput(text: "e\u{301}🇸🇪")
        #expect(input.cursor == 2)
        input.update(.deleteBackward)
        #expect(input.text == "e\u{301}")
        input.update(.deleteBackward)
        #expect(input.text.isEmpty)
    }

    @Test("a paste stops at the bound; past it nothing is typed")
    func bound() {
        var input = TextInput(maximumLength: 5)
        #expect(apply(&input, .insert("abcdefgh")))
        #expect(input.text == "abcde")
        #expect(!apply(&input, .insert("x")))
        input.update(.moveToStart)
        input.update(.deleteForward)
        #expect(apply(&input, .insert("xyz")))
        #expect(input.text == "xbcde" && input.cursor == 1)
    }

    @Test("keys: readline's, each to one edit; a character types itself; others do nothing")
    func keys() {
        #expect(TextInput.edit(for: .character("q")) == .insert("q"))
        #expect(TextInput.edit(for: .character(" ")) == .insert(" "))
        #expect(TextInput.edit(for: .control("a")) == .moveToStart)
        #expect(TextInput.edit(for: .end) == .moveToEnd)
        #expect(TextInput.edit(for: .control("h")) == .deleteBackward)
        #expect(TextInput.edit(for: .enter) == nil)
        #expect(TextInput.edit(for: .pageDown) == nil)
        let keys = TextInput.bindings.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "no key is bound twice")
        #expect(TextInput.helpKeys == [.left, .right, .control("a"), .control("e"), .control("u")])
    }
}

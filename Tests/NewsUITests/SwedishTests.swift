import TestSupport
import Testing
@testable import NewsUI

/// The Swedish catalogue read as a Swedish reader would, and whole Swedish
/// screens: quotes as Swedish sets them (”…”), no English left over.
@Suite("Swedish")
struct SwedishTests {
    /// Every string of a catalogue with its field name; closures called with sample values.
    static func strings(_ catalogue: Catalogue) -> [String: String] {
        var strings: [String: String] = [:]
        for child in Mirror(reflecting: catalogue).children {
            guard let label = child.label else { continue }
            switch child.value {
            case let text as String: strings[label] = text
            case let texts as [String]: for (index, text) in texts.enumerated() { strings["\(label)[\(index)]"] = text }
            case let texts as [String: String]: for (key, text) in texts { strings["\(label).\(key)"] = text }
            default: break
            }
        }
        strings["search"] = catalogue.search("upphandling")
        strings["hits"] = catalogue.hits(2)
        strings["queryProblem"] = catalogue.queryProblem(.notAMonth("month:2021-13"))
        strings["copied"] = catalogue.copied("https://example.se/p1")
        strings["refreshFailed"] = catalogue.refreshFailed(2, "timeout", 1)
        strings["markedAllRead"] = catalogue.markedAllRead(3)
        return strings
    }

    @Test("both catalogues have the same strings, none empty, none left untranslated by mistake")
    func sameKeys() {
        let english = Self.strings(.english), swedish = Self.strings(.swedish)
        #expect(Set(english.keys) == Set(swedish.keys))
        #expect(Catalogue.english.help.keys.sorted() == Catalogue.swedish.help.keys.sorted())
        for (key, text) in swedish {
            #expect(!text.isEmpty, "\(key)")
        }
        // Words that are the same in both languages; everything else differs.
        let shared: Set<String> = ["helpMore", "articleLabels"]
        let same = english.filter { swedish[$0.key] == $0.value && !shared.contains($0.key) && $0.value.count > 3 }
        #expect(same.isEmpty, "untranslated: \(same)")
        #expect(Catalogue.swedish.mouse == "mus")
    }

    @Test("Swedish text uses ” ” for quotes, never straight ones, and reads as reviewed")
    func quotesAndWording() {
        let swedish = Self.strings(.swedish)
        for (key, text) in swedish {
            #expect(!text.contains("\""), "\(key): \(text)")
        }
        #expect(swedish["search"] == "Sök ”upphandling”")
        #expect(swedish["copied"] == "Länken kopierad: https://example.se/p1")
        #expect(swedish["help.previous-match"] == "föregående träff i artikeln")
        #expect(swedish["help.next-match"] == "nästa träff i artikeln")
        #expect(swedish["help.undo"] == "ångra att alla markerades som lästa")
        #expect(swedish["queryProblem"] == "month:2021-13 är ingen månad (month:ÅÅÅÅ-MM)")
    }

    @Test("a query is quoted once: its own quotes are kept, no second pair added")
    func quotedOnce() {
        #expect(Catalogue.english.search("upphandling") == "Search \"upphandling\"")
        #expect(Catalogue.english.search("\"offentlig upphandling\"") == "Search \"offentlig upphandling\"")
        #expect(Catalogue.swedish.search("\"offentlig upphandling\"") == "Sök \"offentlig upphandling\"")
        #expect(Catalogue.swedish.search("”due diligence” -textilier") == "Sök ”due diligence” -textilier")
        #expect(Catalogue.swedish.search("krav") == "Sök ”krav”")
    }
}

/// Whole Swedish screens at 80 columns.
@Suite("Swedish screens")
struct SwedishScreenTests {
    func program(rows: Int = 24) throws -> ReaderHarness {
        ReaderHarness(columns: 80, rows: rows, language: .swedish)
    }

    /// The rendered rows, trailing spaces trimmed.
    func rows(_ program: ReaderHarness) -> [String] {
        program.render().lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    let blankRows = Array(repeating: "                        │", count: 17)

    @Test("search results: the query in Swedish quotes, or in its own quotes, once")
    func searchTitle() throws {
        let program = try program()
        program.press(.character("/"))
        program.type("ölförsäljning")
        program.press(.enter)
        program.settle()
        #expect(rows(program) == [
            " Arkiv                  │ Sök ”ölförsäljning”",
            " Alla inlägg         10 │ N  2021-12-01  Ändrade regler för ölförsäljning",
            " februari 2022 █▋     2 │",
            " januari 2022  █▋     2 │",
            " december 2021 █████  6 │",
        ] + blankRows + [
            "                        │",
            " Sök ”ölförsäljning”: 1 träff  1/1      Enter:öppna  q:lämna sökningen  ?:hjälp",
        ])
        // Typed with quotes: shown as typed, also when the closing quote asked nothing new.
        program.press(.character("/"))
        program.type("\"ölförsäljning\"")
        program.press(.enter)
        program.settle()
        #expect(rows(program)[0] == " Arkiv                  │ Sök \"ölförsäljning\"")
        #expect(rows(program)[23].hasPrefix(" Sök \"ölförsäljning\": 1 träff  1/1"))
    }

    @Test("a month that does not exist is named beside the prompt, in Swedish, as an error")
    func queryProblem() throws {
        let program = try program()
        program.press(.character("/"))
        program.type("krav month:2021-13")
        let grid = program.render()
        #expect(rows(program)[23] == "/krav month:2021-13                month:2021-13 är ingen månad (month:ÅÅÅÅ-MM)")
        #expect(grid[40, 23].role == .error)
        // The list is not searched: it is still all posts.
        #expect(rows(program)[0] == " Arkiv                  │ Alla inlägg")
        program.press(.enter)
        #expect(rows(program)[23].hasSuffix("month:2021-13 är ingen månad (month:ÅÅÅÅ-MM)"))
        #expect(rows(program)[0] == " Arkiv                  │ Alla inlägg")
    }

    @Test("the help overlay: every line in Swedish, the mouse as mus")
    func helpOverlay() throws {
        let program = try program(rows: 44)
        program.press(.character("?"))
        #expect(rows(program) == [
            " Arkiv                  │ Alla inlägg",
            " Alla inl┌─ Tangenter ────────────────────────────────────────────────┐",
            " februari│ j ↓                 nedåt (rullar i en artikel)            │jö",
            " januari │ k ↑                 uppåt                                  │",
            " december│ Space PgDn C-f C-d  en sida nedåt                          │",
            "         │ b PgUp C-b          en sida uppåt                          │",
            "         │ g Home              första raden (artikelns början)        │ får pl…",
            "         │ G End               sista raden (artikelns slut)           │",
            "         │ Enter l →           öppna månaden eller inlägget           │idi",
            "         │ q h ← Backspace C-h tillbaka; avslutar från listan         │åd",
            "         │ Esc                 tillbaka (avslutar aldrig)             │ng",
            "         │ Q                   avsluta varifrån som helst             │",
            "         │ Tab S-Tab           växla mellan arkiv och lista           │",
            "         │ a                   gå till arkivet                        │",
            "         │ /                   sök medan du skriver; Esc avbryter     │",
            "         │ n                   nästa träff i artikeln                 │",
            "         │ N                   föregående träff i artikeln            │",
            "         │ J                   nästa inlägg (i artikeln)              │",
            "         │ K                   föregående inlägg (i artikeln)         │",
            "         │ o                   öppna länken i webbläsaren             │",
            "         │ r                   markera som läst eller oläst           │",
            "         │ s                   stjärnmärk eller ta bort stjärnan      │",
            "         │ A                   markera alla inlägg i listan som lästa │",
            "         │ u                   ångra att alla markerades som lästa    │",
            "         │ y                   kopiera länken (OSC 52) eller visa den │",
            "         │ v                   visa alla → olästa → stjärnmärkta      │",
            "         │ f                   vänstra rutan: månader ↔ flöden        │",
            "         │ .                   nästa olästa (sedan nästa månad/flöde) │",
            "         │ C                   markera det valda flödet som läst      │",
            "         │ E                   alla flöden med fel, med hela felet    │",
            "         │ S                   spara sökningen under ett namn         │",
            "         │ +                   prenumerera på ett flöde (URL)         │",
            "         │ D                   sluta prenumerera på valt flöde        │",
            "         │ T                   ge valt flöde en egen titel            │",
            "         │ R                   hämta alla flöden (i bakgrunden)       │",
            "         │ ?                   visa tangenterna (den här hjälpen)     │",
            "         │ C-l                 rita om skärmen                        │",
            "         │ C-z                 pausa till skalet (fg fortsätter)      │",
            "         │ ← → C-a C-e C-u     i sökraden: flytta, rensa              │",
            "         │ 1-9                 i en artikel: öppna länk [N]           │",
            "         │ mus                 hjulet rullar, ett klick väljer        │",
            "         │ N *                 i listan: oläst, stjärnmärkt           │",
            "         └────────────────────────────────────────────────────────────┘",
            " Alla inlägg  1/10              Enter:öppna  /:sök  a:arkiv  ?:hjälp  q:avsluta",
        ])
    }

    @Test("an article: Swedish labels, and y says the link was copied")
    func copyLink() throws {
        let program = ReaderHarness(language: .swedish)
        program.press(.enter)
        let text = rows(program).joined(separator: "\n")
        // The feed's name once, in the title bar; the link alone on its line.
        #expect(text.hasPrefix(" Alla inlägg › Exempelbloggen\n"), "\(text)")
        #expect(rows(program)[3] == " https://example.se/p1", "\(text)")
        program.press(.character("y"))
        #expect(rows(program)[23].contains("Länken kopierad: https://example.se/p1"), "\(rows(program)[23])")
    }
}

import CNcursesw

/// The character set the terminal is driven in.
enum TerminalLocale {
    /// Takes the user's locale; when its codeset is not UTF-8 (`LANG=C`),
    /// switches to a UTF-8 locale that exists so Swedish, CJK and emoji
    /// still render. Returns false when none exists (then text is shown as ASCII).
    static func setUp() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"] where setlocale(LC_ALL, name) != nil {
            if isUTF8 { return true }
        }
        setlocale(LC_ALL, "")
        return false
    }

    static var isUTF8: Bool {
        guard let codeset = nr_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

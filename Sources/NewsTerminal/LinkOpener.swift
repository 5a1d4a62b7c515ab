import Foundation
import NewsUI

/// Opens a post's link in a browser, never through a shell: the URL is one
/// argument of its own. `$BROWSER` runs in the foreground with the screen
/// suspended (it may be a terminal browser such as w3m); without it,
/// `xdg-open` runs detached with its output sent to /dev/null.
final class LinkOpener {
    private let environment: [String: String]
    private let strings: Catalogue
    private var detached: [pid_t] = []

    /// The config's `browser` argv with `%u` for the URL, if set.
    private let template: [String]?

    init(environment: [String: String], strings: Catalogue = .english, template: [String]? = nil) {
        self.environment = environment
        self.strings = strings
        self.template = template
    }

    /// The template with every `%u` replaced by the link, as separate arguments (no shell).
    static func arguments(_ template: [String], link: String) -> [String] {
        template.map { $0.replacingOccurrences(of: "%u", with: link) }
    }

    /// Returns an error message, or nil when the browser was started.
    func open(_ link: String, suspend: () -> Void, resume: () -> Void) -> String? {
        switch LinkPolicy.refusal(of: link) {
        case nil: break
        case .scheme: return strings.onlyWebLinks
        case .mailField: return strings.unsafeMailLink
        }
        if let template, !template.isEmpty {
            return runInForeground(Self.arguments(template, link: link), suspend: suspend, resume: resume)
        }
        if let browser = environment["BROWSER"], let command = browser.split(separator: ":").first,
           !command.isEmpty {
            // `$BROWSER` may hold "w3m" or "firefox --new-tab": split at spaces, no shell.
            let argv = command.split(separator: " ").map(String.init) + [link]
            return runInForeground(argv, suspend: suspend, resume: resume)
        }
        guard let pid = spawn(["xdg-open", link], quiet: true) else {
            return strings.noBrowser
        }
        detached.append(pid)
        return nil
    }

    /// Runs a browser with the screen put away (terminal browsers need it) and
    /// waits for it; returns an error message when it cannot start.
    private func runInForeground(_ argv: [String], suspend: () -> Void, resume: () -> Void) -> String? {
        suspend()
        defer { resume() }
        guard let pid = spawn(argv, quiet: false) else { return strings.couldNotRun(argv[0]) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return nil
    }

    /// Collects detached browsers that have exited, so they leave no zombies.
    func reap() {
        detached.removeAll { waitpid($0, nil, WNOHANG) != 0 }
    }

    private func spawn(_ argv: [String], quiet: Bool) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, argv[0], &actions, nil, cArguments, environ)
        return result == 0 ? pid : nil
    }
}

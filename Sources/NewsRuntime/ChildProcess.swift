import Foundation

/// Starting this binary's own commands from the reader (`refresh` for `R`,
/// `add` and `remove` for the feeds pane): posix_spawn with nothing on the
/// terminal, default signal handling, and the child's output on a pipe.
enum ChildProcess {
    /// Spawns `executable arguments…` with standard input from /dev/null and
    /// each of `outputOn` (descriptors of the child) writing into one pipe;
    /// the other standard descriptors go to /dev/null. Returns the pid and
    /// the read end of the pipe, or why it could not start.
    static func spawn(_ executable: String, _ arguments: [String], outputOn: [Int32]) -> Result<(pid_t, Int32), SpawnFailure> {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return .failure(SpawnFailure(String(cString: strerror(errno)))) }
        // Not inherited by other children (a browser holding the write end would delay the end of file).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var writeEnd = ends[1]
        if outputOn.contains(writeEnd) {
            // dup2 onto itself would keep close-on-exec: move it out of the way first.
            writeEnd = fcntl(ends[1], F_DUPFD_CLOEXEC, 10)
            close(ends[1])
        }
        defer { close(writeEnd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for descriptor: Int32 in [1, 2] where !outputOn.contains(descriptor) {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
        }
        for descriptor in outputOn { posix_spawn_file_actions_adddup2(&actions, writeEnd, descriptor) }
        // Default dispositions and no blocked signals, whatever the reader set up for itself.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArguments = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, cArguments, environ)
        guard result == 0 else {
            close(ends[0])
            return .failure(SpawnFailure(String(cString: strerror(result))))
        }
        return .success((pid, ends[0]))
    }

    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Hands `take` each piece the child writes, as it comes, until the
    /// child closes its end (or reading fails).
    static func read(_ descriptor: Int32, untilClosed take: (ArraySlice<UInt8>) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            take(buffer[..<count])
        }
    }

    /// Everything the child writes until it closes its end, then its wait status.
    static func finish(_ pid: pid_t, reading descriptor: Int32) -> (output: String, status: Int32) {
        var output: [UInt8] = []
        read(descriptor) { output.append(contentsOf: $0) }
        close(descriptor)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (String(decoding: output, as: UTF8.self), status)
    }
}

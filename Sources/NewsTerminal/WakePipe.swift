import Foundation

/// A self-pipe: other threads and the signal handlers write a byte to wake
/// the main loop out of poll(); the loop empties it before looking at what
/// they left.
final class WakePipe: Sendable {
    /// The end the loop polls and drains.
    let fileDescriptor: Int32
    /// The end that wakes it (non-blocking, so a signal handler may write it).
    let writeDescriptor: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw TerminalError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeDescriptor = ends[1]
    }

    deinit {
        close(fileDescriptor)
        close(writeDescriptor)
    }

    /// From any thread. A full pipe already wakes the loop, so a failed write is fine.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Sleeps until the pipe is readable or `milliseconds` pass.
    func wait(milliseconds: Int32) {
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, milliseconds)
    }

    /// Reads every byte that is there, without waiting.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fileDescriptor, &buffer, buffer.count) > 0 {}
    }
}

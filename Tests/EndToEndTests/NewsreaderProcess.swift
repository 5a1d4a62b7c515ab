import Foundation

/// Runs the built `newsreader` binary as a user would, and captures what it prints.
struct NewsreaderProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary under test (`NewsreaderBinary`).
    static var binary: URL {
        get throws { try NewsreaderBinary.url() }
    }

    /// Runs `newsreader arguments…` with `environment` added to a minimal one;
    /// through `launcher` (a program and its first arguments, such as
    /// `setpriv …`), which is given the binary's path and then `arguments`.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
                    launcher: [String] = []) throws -> Result {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [try binary.path] + arguments
        } else {
            process.executableURL = try binary
            process.arguments = arguments
        }
        var env = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot block the child.
        let errBox = DataBox()
        let errReader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// Holds what a reader thread read; read only after the thread finished.
/// (`@unchecked Sendable`: one thread writes `data`, the caller reads it after joining it.)
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

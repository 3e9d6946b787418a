import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the helper on a pseudo-terminal, signals it, and checks the terminal came back: the alternate
/// screen left, and canonical input with echo restored.
@Suite(.serialized) struct SignalRestoreTests {
    static var helper: URL {
        // The helper is built next to the test bundle.
        Bundle.main.bundleURL.appendingPathComponent("dcmveil-terminal-signal-helper")
    }

    func run(signal: Int32) throws -> (output: String, status: Int32, lflag: tcflag_t) {
        let pty = try PseudoTerminal()
        let process = Process()
        process.executableURL = Self.helper
        process.environment = ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"]
        process.standardInput = FileHandle(fileDescriptor: pty.slave, closeOnDealloc: false)
        process.standardOutput = FileHandle(fileDescriptor: pty.slave, closeOnDealloc: false)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // Wait for "ready".
        let ready = errors.fileHandleForReading.availableData
        #expect(String(decoding: ready, as: UTF8.self).contains("ready"))
        var output = pty.readAvailable()
        kill(process.processIdentifier, signal)
        // Never hang the suite: give it five seconds, then kill our child for good.
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            Issue.record("helper ignored the signal")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        output += pty.readAvailable()
        var settings = termios()
        tcgetattr(pty.slave, &settings)
        return (output, process.terminationStatus, settings.c_lflag)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalRestoresTheTerminal(signal: Int32) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.helper.path) else {
            Issue.record("helper not built at \(Self.helper.path)")
            return
        }
        let result = try run(signal: signal)
        #expect(result.output.contains("signal helper"))
        #expect(result.output.contains("\u{1B}[?1049l"))
        #expect(result.status == signal)
        #expect(result.lflag & tcflag_t(ICANON) != 0)
        #expect(result.lflag & tcflag_t(ECHO) != 0)
    }
}

import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the end-to-end test's own plumbing (a command that failed, a screen that never came).
struct EndToEndError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The `dcmveil` under test: `DCMVEIL_BIN`, else the one built next to the test bundle.
func dcmveilBinary() -> String? {
    if let bin = ProcessInfo.processInfo.environment["DCMVEIL_BIN"], FileManager.default.isExecutableFile(atPath: bin) {
        return bin
    }
    let dirs = [
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
        Bundle.main.bundleURL.deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ]
    return dirs.map { $0.appendingPathComponent("dcmveil").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// An executable found on PATH, or nil.
func onPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// What a finished process said.
struct ProcessResult {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `executable` with `arguments` to the end and returns its status and output.
///
/// Spawned with `posix_spawn` and reaped with `waitpid`, output into temporary files: Foundation's
/// `Process` never saw `tmux new-session -d` end (its server daemon outlives it), and files never
/// stall a chatty child the way a full pipe can.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dcmveil-e2e-run-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let outPath = dir + "/out", errPath = dir + "/err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw EndToEndError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw EndToEndError("waitpid \(executable): \(String(cString: strerror(errno)))") }
    }
    // WIFEXITED / WEXITSTATUS, else 128 + the signal, as a shell reports it.
    let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return ProcessResult(status: code, out: out, err: err)
}

/// Runs a command that must succeed; its failure throws with the command and its stderr.
@discardableResult
func runChecked(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let r = try run(executable, arguments)
    guard r.status == 0 else {
        throw EndToEndError("\((executable as NSString).lastPathComponent) \(arguments.joined(separator: " ")) exited \(r.status): \(r.err)\(r.out)")
    }
    return r
}

import Foundation

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

/// Runs `executable` with `arguments` to the end and returns its status and output (kept in
/// temporary files, so a chatty process never stalls on a full pipe).
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dcmveil-e2e-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.standardOutput = out
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    try? out.close()
    try? err.close()
    let o = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let e = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return ProcessResult(status: p.terminationStatus, out: o, err: e)
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

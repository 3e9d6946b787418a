import DicomFixtures
import Audit
import DicomIO
import Foundation
import GRDB
import ReviewStore


/// A project folder for the real `dcmveil`: keys, a synthetic input, batches; removed afterwards.
final class Workspace {
    let root: String
    var keys: String { "\(root)/keys" }
    var keyFile: String { "\(keys)/pseudonym.key" }
    var input: String { "\(root)/input" }

    /// Keys from `dcmveil keygen` and `count` small synthetic CT files.
    init(count: Int, seed: Int = 7) throws {
        root = NSTemporaryDirectory() + "dcmveil-workflow-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try must(["keygen", keys])
        try must(["synth", "--kind", "small", "--count", "\(count)", "--seed", "\(seed)", input])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Runs dcmveil; throws with its output unless it exits 0.
    @discardableResult
    func must(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try dcmveil(arguments)
        guard r.status == 0 else {
            throw ReviewStoreError(.invalidState, "dcmveil \(arguments.joined(separator: " ")) exited \(r.status): \(r.err)\(r.out)")
        }
        return r
    }

    func scanArguments(_ batch: String) -> [String] { ["scan", input, "--batch", batch, "--key-file", keyFile, "--jobs", "2"] }
    /// Approves every instance that needs review (the synthetic headers hit retained text) and its masks.
    func approveAll(_ batch: String) throws {
        try must(["decide", "--batch", batch, "--reviewer", "olive", "--approve-all", "--accept-proposed"])
    }

    func commitArguments(_ batch: String) -> [String] { ["commit", "--batch", batch, "--operator", "olive", "--key-file", keyFile] }
}

/// Starts the real dcmveil without waiting for it.
func startDcmveil(_ arguments: [String]) throws -> Process {
    guard let exe = builtExecutable("dcmveil") else { throw ReviewStoreError(.notFound, "dcmveil is not built") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = arguments
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}

/// Polls `reached` until it holds or the process ends; then kills the process with SIGKILL (when it
/// still runs). Returns true when the kill landed on a running process.
func killWhen(_ p: Process, _ reached: () -> Bool) -> Bool {
    while p.isRunning && !reached() { usleep(2_000) }
    guard p.isRunning else { return false }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    return true
}

/// The instance rows of a batch as a reader in another process sees them (0 while it is being made).
func scannedRowCount(_ batch: String) -> Int {
    let file = "\(batch)/\(BatchStore.fileName)"
    guard FileManager.default.fileExists(atPath: file) else { return 0 }
    var c = Configuration()
    c.readonly = true
    c.busyMode = .timeout(1)
    guard let q = try? DatabaseQueue(path: file, configuration: c) else { return 0 }
    return (try? q.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM instance") ?? 0 }) ?? 0
}

/// Relative path -> SHA-256 of every visible file under a folder (hidden temporary files left out).
func fileHashes(under dir: String) throws -> [String: String] {
    var out: [String: String] = [:]
    guard FileManager.default.fileExists(atPath: dir) else { return out }
    for rel in try FileWalker.files(under: dir) where !(rel as NSString).lastPathComponent.hasPrefix(".") {
        out[rel] = try FileDigest.sha256(Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(rel)")))
    }
    return out
}

/// The modification times of the visible `.dcm` files under a folder, by relative path.
func modificationTimes(under dir: String) -> [String: Date] {
    guard let e = FileManager.default.enumerator(atPath: dir) else { return [:] }
    var out: [String: Date] = [:]
    for case let rel as String in e where rel.hasSuffix(".dcm") && !(rel as NSString).lastPathComponent.hasPrefix(".") {
        out[rel] = (try? FileManager.default.attributesOfItem(atPath: "\(dir)/\(rel)"))?[.modificationDate] as? Date
    }
    return out
}

/// How many visible `.dcm` files under a folder are new or rewritten since `before` was taken.
func freshFileCount(under dir: String, since before: [String: Date]) -> Int {
    modificationTimes(under: dir).filter { before[$0.key] == nil || before[$0.key] != $0.value }.count
}

/// Parses every visible file under a folder in full; returns the ones that do not parse.
func unparsableFiles(under dir: String) throws -> [String] {
    var bad: [String] = []
    guard FileManager.default.fileExists(atPath: dir) else { return bad }
    for rel in try FileWalker.files(under: dir) where !(rel as NSString).lastPathComponent.hasPrefix(".") {
        if (try? DicomReader.read(path: "\(dir)/\(rel)", mode: .full)) == nil { bad.append(rel) }
    }
    return bad
}

/// `dcmveil status --json`'s counts per state.
func stateCounts(_ batch: String) throws -> [String: Int] {
    let r = try dcmveil(["status", "--batch", batch, "--json"])
    let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
    return json?["states"] as? [String: Int] ?? [:]
}

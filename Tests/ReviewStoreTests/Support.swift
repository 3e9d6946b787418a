import DicomCore
import Foundation
import GRDB
import ReviewStore

/// A fresh temporary batch folder, removed when the value is released.
final class TempBatch: Sendable {
    let directory: String

    init() {
        directory = NSTemporaryDirectory() + "dcmveil-store-test-" + UUID().uuidString
    }

    func open() throws -> BatchStore { try BatchStore.open(directory: directory) }

    /// A raw GRDB connection on the same file, to tamper with rows as an attacker with file access would.
    func rawQueue() throws -> DatabaseQueue {
        var c = Configuration()
        c.busyMode = .timeout(5)
        return try DatabaseQueue(path: directory + "/" + BatchStore.fileName, configuration: c)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// A scan record with deterministic keys; `findings` boxes of class `findingClass`.
func makeRecord(
    _ n: Int, patient: Int = 0, study: Int = 0, series: Int = 0, modality: String = "CT", findings: Int = 0,
    findingClass: String = "phi", content: String = ""
) -> ScanRecord {
    let boxes = (0..<findings).map {
        TextFinding(frame: 0, rect: PixelRect(x: 10 * $0, y: 5, width: 8, height: 8), text: "NAME\($0)", confidence: 88.5, findingClass: findingClass)
    }
    return ScanRecord(
        path: "in/p\(patient)/s\(study)/\(series)/\(n).dcm", size: 4096,
        sha256: FileDigest.sha256(Data("file \(n) \(patient) \(study) \(series) \(content)".utf8)),
        original: InstanceKeys(patientID: "PAT\(patient)", studyUID: "1.2.840.\(patient).\(study)", seriesUID: "1.2.840.\(patient).\(study).\(series)", sopUID: "1.2.840.\(patient).\(study).\(series).\(n)"),
        pseudonymous: InstanceKeys(patientID: "ANON\(patient)", studyUID: "2.25.\(patient)\(study)", seriesUID: "2.25.\(patient)\(study)\(series)", sopUID: "2.25.\(n)"),
        instanceNumber: n, modality: modality, rows: 256, columns: 256, frames: 1, transferSyntax: "1.2.840.10008.1.2.1",
        actions: [
            PlannedAction(path: "(0010,0010)", keyword: "PatientName", vr: "PN", action: "Z", old: "DOE^JOHN", new: "ANON\(patient)", rule: "annex-e"),
            PlannedAction(path: "(0008,0020)", keyword: "StudyDate", vr: "DA", action: "shift", old: "20200101", new: "20191201", rule: "profile:date-shift"),
            PlannedAction(path: "(0008,1030)", keyword: "StudyDescription", vr: "LO", action: "X", old: "HEAD \"w/o\"", new: nil, rule: "annex-e"),
        ],
        findings: boxes,
        proposedMasks: boxes.indices.map { ProposedMask(frame: 0, rect: boxes[$0].rect, findingIndex: $0) })
}

/// A person with a fresh Ed25519 key.
func person(_ name: String) -> Reviewer { Reviewer(name, signer: Ed25519DecisionSigner.generate()) }

/// The crash helper executable built next to the test bundle.
func crashHelperPath() -> String? { builtExecutable("dcmveil-store-crash-helper") }

/// An executable of this package built next to the test bundle; for `dcmveil`, `DCMVEIL_BIN` first
/// (the Makefile's `swift-test` sets it).
func builtExecutable(_ name: String) -> String? {
    if name == "dcmveil", let bin = ProcessInfo.processInfo.environment["DCMVEIL_BIN"], FileManager.default.isExecutableFile(atPath: bin) {
        return bin
    }
    var dirs: [URL] = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
    dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
    dirs.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for d in dirs {
        let p = d.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

/// Runs the helper, returning the process and a pipe carrying its stdout.
func startHelper(_ arguments: [String]) throws -> (Process, Pipe) {
    guard let exe = crashHelperPath() else { throw ReviewStoreError(.notFound, "dcmveil-store-crash-helper is not built") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    return (p, out)
}

/// Reads lines from a pipe until one satisfies `done` or the pipe closes. Returns the lines read.
func readLines(_ pipe: Pipe, until done: (String) -> Bool) -> [String] {
    var lines: [String] = []
    var buffer = Data()
    let h = pipe.fileHandleForReading
    while true {
        let chunk = h.availableData
        if chunk.isEmpty { break }
        buffer.append(chunk)
        while let nl = buffer.firstIndex(of: 0x0A) {
            let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex...nl)
            lines.append(line)
            if done(line) { return lines }
        }
    }
    return lines
}

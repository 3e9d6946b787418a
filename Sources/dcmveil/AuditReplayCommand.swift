import ArgumentParser
import Audit
import Deidentify
import DicomIO
import DicomPixels
import Foundation
import Pipeline
import TextDetection

/// `dcmveil audit replay LOG --input DIR --key-file K`: re-run the last commit or apply of a log from its
/// recorded profile and masks, and prove that every output hashes as recorded.
struct AuditReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run the last commit/apply entry of an audit log from its recorded profile and masks, and check that every output hashes the same.")

    @Argument(help: "The audit log (audit.jsonl); its manifest sidecar must be beside it.") var log: String
    @Option(help: "The original input folder.") var input: String
    @Option(help: "The pseudonym key used for the run.") var keyFile: String
    @Option(help: "A signing public key to verify the log first (default: signing.pub beside the key file); repeat it when reviewers signed entries too.") var pubkey: [String] = []
    @Flag(help: "Replay even though this build's version differs from the one recorded.") var allowVersionChange = false

    func run() throws {
        let logURL = URL(fileURLWithPath: log)
        let paths = pubkey.isEmpty ? [((keyFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent("signing.pub")] : pubkey
        let trusted = try paths.map { try VerifyingKey.load(from: URL(fileURLWithPath: $0)) }
        let report = try AuditLog.verify(at: logURL, trustedKeys: trusted, filesDirectory: nil, anchor: nil, thorough: false)
        guard report.isIntact else {
            printError("dcmveil audit replay: the log does not verify: \(report.summary)")
            throw ExitCode(1)
        }
        guard let entry = try AuditLog(url: logURL).entries().last(where: { $0.event.action == .commit || $0.event.action == .apply }),
              let ref = entry.event.manifest else {
            printError("dcmveil audit replay: the log has no commit or apply entry with a manifest")
            throw ExitCode(1)
        }
        if entry.event.tool.version != BuildInfo.version && !allowVersionChange {
            printError("dcmveil audit replay: refused: the entry was made by dcmveil \(entry.event.tool.version) (\(entry.event.tool.gitCommit)); this is \(BuildInfo.version). Use --allow-version-change to replay anyway.")
            throw ExitCode(1)
        }
        guard let toml = entry.event.profile["toml"]?.stringValue else {
            printError("dcmveil audit replay: the entry does not record its profile")
            throw ExitCode(1)
        }
        let profile = try ProfileParser.parse(toml, file: "\(log) entry #\(entry.seq)")
        let key = try PseudonymKey.read(path: keyFile)
        if let recorded = entry.event.keyFingerprints["pseudonym"], recorded != key.fingerprint {
            printError("dcmveil audit replay: refused: the entry used pseudonym key \(recorded), not \(key.fingerprint)")
            throw ExitCode(1)
        }
        let manifest = try Manifest.load(from: logURL.deletingLastPathComponent().appendingPathComponent(ref.file))
        guard manifest.sha256 == ref.sha256 else {
            printError("dcmveil audit replay: the manifest \(ref.file) does not match the hash in entry #\(entry.seq)")
            throw ExitCode(1)
        }
        let inspector = entry.event.ocr != nil ? PixelInspector(detector: try TesseractDetector()) : nil
        let processor = InstanceProcessor(engine: try Deidentifier(profile: profile, key: key, recordActions: false), inspector: inspector)
        // Inputs are found by their hash, so the folder may have been moved or renamed.
        var byHash: [String: String] = [:]
        for rel in try FileWalker.files(under: input) {
            let path = FileWalker.join(input, rel)
            if let bytes = try? DicomReader.readBytes(path: path) { byHash[InstanceProcessor.sha256Hex(bytes)] = path }
        }
        var same = 0, different: [String] = []
        for row in manifest.rows {
            guard let path = byHash[row.inputSHA256] else { different.append("\(row.path): input not found"); continue }
            let masks = row.masks.split(separator: ";").compactMap { part -> Mask? in
                let v = part.split(separator: ",").compactMap { Int($0) }
                return v.count == 5 ? Mask(frame: v[0], x: v[1], y: v[2], width: v[3], height: v[4]) : nil
            }
            do {
                let out = try processor.produce(try InstanceProcessor.read(path: path), masks: masks)
                let sha = InstanceProcessor.sha256Hex(chunks: try DicomWriter.encodeChunks(out.file))
                if sha == row.outputSHA256 { same += 1 } else { different.append("\(row.path): output hash differs") }
            } catch {
                different.append("\(row.path): \(error)")
            }
        }
        for d in different.prefix(50) { printError("  \(d)") }
        print("replayed entry #\(entry.seq) (\(entry.event.action.rawValue)): \(same) of \(manifest.rows.count) outputs hash the same")
        if !different.isEmpty { throw ExitCode(1) }
    }
}

import Audit
import DicomIO
import Foundation
import Pipeline

/// The project-wide audit log: every commit, apply and export entry also goes into one log for the
/// whole project, chained and signed on its own (`dcmveil audit verify` checks it like any log).
///
/// It is named by `--project-log FILE`, else by the environment variable `DCMVEIL_PROJECT_LOG`. Each
/// project entry is the original entry's event with an `origin` (the original log, seq and hash),
/// and its manifest copied beside the project log as `NAME.manifests/SHA256.manifest`, so the
/// project log keeps every manifest it vouches for even when a batch folder is moved or removed.
enum ProjectLog {
    static let environmentVariable = "DCMVEIL_PROJECT_LOG"

    /// The project log to write: the option, else the environment variable; nil when neither is set.
    static func resolve(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        let env = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        return env.isEmpty ? nil : env
    }

    /// Appends the mirror of `entry`, written to the log at `sourceLog`, to the project log at `path`.
    @discardableResult
    static func mirror(_ entry: AuditEntry, sourceLog: String, to path: String, signing: SigningKey) throws -> AuditEntry {
        let projectURL = URL(fileURLWithPath: path).standardizedFileURL
        let sourceURL = URL(fileURLWithPath: sourceLog).standardizedFileURL
        guard projectURL.path != sourceURL.path else {
            throw AuditError(.io, "the project log is the batch's own log; name another file", file: path)
        }
        var event = entry.event
        event.origin = Origin(log: sourceURL.path, seq: entry.seq, hash: entry.hash)
        if let ref = entry.event.manifest {
            let source = sourceURL.deletingLastPathComponent().appendingPathComponent(ref.file).path
            let bytes = try DicomReader.readBytes(path: source)
            guard InstanceProcessor.sha256Hex(bytes) == ref.sha256 else {
                throw AuditError(.badManifest, "the manifest does not match the hash its entry records", file: source)
            }
            let folder = projectURL.deletingPathExtension().lastPathComponent + ".manifests"
            let directory = projectURL.deletingLastPathComponent().appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let name = "\(ref.sha256).manifest"
            let copy = directory.appendingPathComponent(name).path
            if !FileManager.default.fileExists(atPath: copy) {
                try AtomicFile.write(bytes, to: copy, durable: true)
            }
            event.manifest = ManifestReference(file: "\(folder)/\(name)", sha256: ref.sha256, merkleRoot: ref.merkleRoot)
        }
        try FileManager.default.createDirectory(at: projectURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try AuditLog(url: projectURL).append(event, signingKey: signing)
    }
}

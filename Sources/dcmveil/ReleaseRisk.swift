import Audit
import DicomCore
import DicomIO
import Foundation
import Pipeline

/// Reads the quasi-identifiers of the files a release (the latest commit or apply entry) wrote and
/// summarises their k-anonymity for `dcmveil audit report`.
enum ReleaseRisk {
    /// The risk section, or nil when the log holds no commit or apply entry. The manifest must match
    /// its recorded hash; a listed file that is missing, unreadable or no longer hashes as recorded is
    /// left out and named.
    static func assess(_ summary: AuditSummary, log: URL, filesDirectory: String?) throws -> RiskSection? {
        guard let release = summary.latestRelease else { return nil }
        let logDirectory = log.deletingLastPathComponent()
        let manifestURL = logDirectory.appendingPathComponent(release.manifest.file)
        let data: Data
        do { data = try Data(contentsOf: manifestURL) } catch {
            throw AuditError(.io, "cannot read the manifest of entry \(release.line): \(error.localizedDescription)", file: manifestURL.path)
        }
        let manifest = try Manifest.parse(Array(data))
        guard manifest.sha256 == release.manifest.sha256 else {
            throw AuditError(.badManifest, "the manifest of entry \(release.line) does not match the hash the entry records", file: manifestURL.path)
        }
        let root = filesDirectory
            ?? (release.action == .commit ? logDirectory.appendingPathComponent("output").path : logDirectory.path)
        var instances: [InstanceQuasiIdentifiers] = []
        var unread: [String] = []
        for row in manifest.rows {
            guard let expected = row.outputSHA256 else { continue }
            let path = FileWalker.join(root, row.path)
            guard let bytes = try? DicomReader.readBytes(path: path), InstanceProcessor.sha256Hex(bytes) == expected,
                  let file = try? DicomReader.parse(bytes, mode: .headerOnly)
            else {
                unread.append(row.path)
                continue
            }
            instances.append(quasiIdentifiers(file.dataSet))
        }
        return RiskSection(entryLine: release.line, filesRead: instances.count, filesUnread: unread,
                           summary: KAnonymitySummary(instances: instances))
    }

    /// The quasi-identifiers one released header keeps.
    static func quasiIdentifiers(_ ds: DataSet) -> InstanceQuasiIdentifiers {
        func v(_ tag: UInt32) -> String? {
            guard let s = ds.string(Tag(tag))?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
            return s
        }
        return InstanceQuasiIdentifiers(
            patientID: v(0x0010_0020) ?? "", studyUID: v(0x0020_000D) ?? "", age: v(0x0010_1010), sex: v(0x0010_0040),
            size: v(0x0010_1020), weight: v(0x0010_1030), modality: v(0x0008_0060), studyDate: v(0x0008_0020))
    }
}

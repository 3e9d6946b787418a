import Audit
import DicomCore
import DicomIO
import Foundation
import Testing
@testable import ReviewStore

/// The batch workflow through the real `dcmveil`: files that change on disk, and the audit entries of
/// keygen, decisions, commit and export in the batch log and the project log.
@Suite(.serialized) struct WorkflowAuditTests {
    @Test func aFileChangedAfterScanIsRefusedAtCommitAndRescannedByScan() throws {
        let w = try Workspace(count: 6)
        let batch = "\(w.root)/batch"
        try w.must(w.scanArguments(batch))
        try w.approveAll(batch)
        let before = try #require(try BatchStore.open(directory: batch).instance(path: "000002.dcm"))

        // Another valid file, with other UIDs (a later instance number), takes the place of one input.
        try w.must(["synth", "--kind", "small", "--count", "60", "--seed", "99", "\(w.root)/other"])
        let changed = "\(w.input)/000002.dcm"
        try FileManager.default.removeItem(atPath: changed)
        try FileManager.default.copyItem(atPath: "\(w.root)/other/000055.dcm", toPath: changed)
        let newHash = try FileDigest.sha256(Data(contentsOf: URL(fileURLWithPath: changed)))
        #expect(newHash != before.sha256)

        // Commit finds it by its hash and refuses: nothing committed, nothing signed.
        let refused = try dcmveil(w.commitArguments(batch))
        #expect(refused.status == 1)
        #expect(refused.err.contains("000002.dcm: changed on disk since it was scanned"))
        #expect(try BatchStore.open(directory: batch).latestCommit() == nil)
        #expect(!FileManager.default.fileExists(atPath: "\(batch)/audit.jsonl"))

        // Scan again: the changed file is scanned anew (row, hash and state), the rest resumed.
        let rescan = try w.must(w.scanArguments(batch))
        #expect(rescan.out.contains("scanned 1, resumed 5"), "\(rescan.out)")
        try w.approveAll(batch)
        let s = try BatchStore.open(directory: batch)
        let after = try #require(try s.instance(path: "000002.dcm"))
        #expect(after.sha256 == newHash)
        #expect(after.original.sopUID != before.original.sopUID)
        #expect(try s.count() == 6)

        // Now the commit goes through, and the output of that path is the new file's.
        try w.must(w.commitArguments(batch))
        let commit = try #require(try s.latestCommit())
        #expect(commit.outputCount == 6)
        let plan = try s.exportPlan(operator: "olive")
        #expect(plan.outputs.first { $0.path == "000002.dcm" }?.inputSHA256 == newHash)

        // An output changed after commit is never exported.
        let outputs = try fileHashes(under: "\(batch)/output")
        let victim = try #require(outputs.keys.sorted().first)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(batch)/output/\(victim)"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let export = try dcmveil(["export", "--batch", batch, "\(w.root)/dest", "--operator", "olive"])
        #expect(export.status == 1)
        #expect(export.err.contains("refused"))
        #expect(try fileHashes(under: "\(w.root)/dest").isEmpty)
    }

    @Test func twoInputsWithOneSOPInstanceUIDAreRefusedUntilOneIsRejected() throws {
        let w = try Workspace(count: 3)
        try FileManager.default.copyItem(atPath: "\(w.input)/000001.dcm", toPath: "\(w.input)/copy.dcm")
        let batch = "\(w.root)/batch"
        try w.must(w.scanArguments(batch))
        try w.approveAll(batch)
        let refused = try dcmveil(w.commitArguments(batch))
        #expect(refused.status == 1)
        #expect(refused.err.contains("the same SOP Instance UID"), "\(refused.err)")
        #expect(try BatchStore.open(directory: batch).latestCommit() == nil)
        try w.must(["decide", "--batch", batch, "--reviewer", "olive", "--reject", "copy.dcm"])
        try w.must(w.commitArguments(batch))
        #expect(try fileHashes(under: "\(batch)/output").count == 3)
    }

    @Test func keygenDecisionsCommitAndExportGoIntoTheBatchAndProjectLogs() throws {
        let w = try Workspace(count: 6)
        let project = "\(w.root)/project/audit.jsonl"
        let batch = "\(w.root)/batch"

        // A reviewer's own keys, recorded in the project log (fingerprints only).
        let keygen = try w.must(["keygen", "\(w.root)/rev", "--operator", "rita", "--project-log", project])
        #expect(keygen.out.contains("audit entry #1"))
        #expect(try dcmveil(["keygen", "\(w.root)/rev2", "--audit", project]).status != 0, "a log needs --operator")
        let revKey = try SigningKey.load(from: URL(fileURLWithPath: "\(w.root)/rev/signing.key"))
        let secret = try String(contentsOfFile: "\(w.root)/rev/signing.key", encoding: .utf8)
        let projectText = try String(contentsOfFile: project, encoding: .utf8)
        #expect(projectText.contains(revKey.fingerprint))
        for line in secret.split(separator: "\n") where !line.hasPrefix("-----") { #expect(!projectText.contains(line)) }

        try w.must(w.scanArguments(batch))
        let s = try BatchStore.open(directory: batch)
        let ids = try s.instances(limit: 10).instances.map(\.id)
        let decide = ["decide", "--batch", batch, "--reviewer", "rita", "--signing-key", "\(w.root)/rev/signing.key"]
        #expect(try w.must(decide + ["--reject", "\(ids[0])"]).out.contains("audit entry #1"))
        try w.must(decide + ["--override", "\(ids[1])", "--subject", "keep-tag (0008,1030)", "--reason", "needed for the study"])
        // Unsigned decisions are stored but cannot be logged.
        let unsigned = try w.must(["decide", "--batch", batch, "--reviewer", "sam", "--approve-all", "--accept-proposed"])
        #expect(unsigned.out.contains("no audit entry"))

        let commit = try w.must(w.commitArguments(batch) + ["--project-log", project])
        #expect(commit.out.contains("project log entry #2"))
        let exported = try w.must(["export", "--batch", batch, "\(w.root)/dest", "--operator", "olive",
                                   "--signing-key", "\(w.keys)/signing.key", "--project-log", project])
        #expect(exported.out.contains("project log entry #3"))

        // The batch log: two decisions entries (signed by the reviewer), commit and export (by the operator).
        let entries = try AuditLog(url: URL(fileURLWithPath: "\(batch)/audit.jsonl")).entries()
        #expect(entries.map(\.event.action) == [.decisions, .decisions, .commit, .export])
        let first = try #require(entries[0].event.decisions)
        #expect(first.rejected == 1 && first.records.count == 1)
        let rejected = try #require(try s.decisions().first)
        #expect(first.records[0].id == Int(rejected.id))
        #expect(first.records[0].messageSHA256 == FileDigest.sha256(Data(rejected.message.canonicalBytes)))
        #expect(first.records[0].signer == revKey.fingerprint)
        #expect(entries[1].event.decisions?.overrides.first?.reason == "needed for the study")
        #expect(entries[0].signer == revKey.fingerprint && entries[2].signer != revKey.fingerprint)

        let operatorPub = "\(w.keys)/signing.pub", reviewerPub = "\(w.root)/rev/signing.pub"
        let one = try dcmveil(["audit", "verify", "\(batch)/audit.jsonl", "--pubkey", operatorPub])
        #expect(one.status == 1, "the reviewer's entries are not signed by the operator's key")
        let both = try dcmveil(["audit", "verify", "\(batch)/audit.jsonl", "--pubkey", operatorPub, "--pubkey", reviewerPub,
                                "--files", "\(batch)/output"])
        #expect(both.status == 0, "\(both.out)\(both.err)")

        // The project log: keygen, commit, export, chained on their own, each naming its origin.
        let projectEntries = try AuditLog(url: URL(fileURLWithPath: project)).entries()
        #expect(projectEntries.map(\.event.action) == [.keygen, .commit, .export])
        #expect(projectEntries[1].event.origin?.hash == entries[2].hash)
        #expect(projectEntries[1].event.origin?.seq == 3)
        #expect(projectEntries[1].event.manifest?.merkleRoot == entries[2].event.manifest?.merkleRoot)
        let pv = try dcmveil(["audit", "verify", project, "--pubkey", operatorPub, "--pubkey", reviewerPub, "--files", "\(batch)/output"])
        #expect(pv.status == 0, "\(pv.out)\(pv.err)")
        // Tampering with the project log is found like in any log.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: project)))
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 40
        bytes[at] = bytes[at] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        try Data(bytes).write(to: URL(fileURLWithPath: project))
        let broken = try dcmveil(["audit", "verify", project, "--pubkey", operatorPub, "--pubkey", reviewerPub])
        #expect(broken.status == 1)
        #expect(broken.out.contains("line 2"))

        // The report: reviewers, decision records and the k-anonymity of the committed outputs.
        let report = try dcmveil(["audit", "report", "\(batch)/audit.jsonl", "--pubkey", operatorPub, "--pubkey", reviewerPub, "--format", "json"])
        #expect(report.status == 0, "\(report.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
        #expect(json["reviewers"] as? [String] == ["rita"])
        #expect(json["decisionRecords"] as? Int == 2)
        let risk = try #require(json["risk"] as? [String: Any])
        let k = try #require(risk["kAnonymity"] as? [String: Any])
        #expect(risk["filesRead"] as? Int == 5, "the rejected instance is not released")
        // The report's figures are those of the released headers, read here on their own.
        var qi: [InstanceQuasiIdentifiers] = []
        for rel in try fileHashes(under: "\(batch)/output").keys.sorted() {
            let ds = try DicomReader.read(path: "\(batch)/output/\(rel)", mode: .headerOnly).dataSet
            func v(_ t: UInt32) -> String? { ds.string(Tag(t)) }
            qi.append(InstanceQuasiIdentifiers(patientID: v(0x0010_0020) ?? "", studyUID: v(0x0020_000D) ?? "", age: v(0x0010_1010),
                                               sex: v(0x0010_0040), size: v(0x0010_1020), weight: v(0x0010_1030),
                                               modality: v(0x0008_0060), studyDate: v(0x0008_0020)))
        }
        let mine = KAnonymitySummary(instances: qi)
        #expect(mine.records > 0)
        #expect(k["k"] as? Int == mine.k)
        #expect(k["records"] as? Int == mine.records)
        #expect(k["classes"] as? Int == mine.classes)
        #expect(k["uniqueRecords"] as? Int == mine.uniqueRecords)
        let md = try dcmveil(["audit", "report", "\(batch)/audit.jsonl", "--pubkey", operatorPub, "--pubkey", reviewerPub])
        #expect(md.out.contains("k-anonymity: **k = \(mine.k)**"))

        // Without the release's manifest the report still comes, and says why there is no risk summary.
        let manifest = try #require(entries[2].event.manifest?.file)
        try FileManager.default.removeItem(atPath: "\(batch)/\(manifest)")
        let without = try dcmveil(["audit", "report", "\(batch)/audit.jsonl", "--pubkey", operatorPub, "--pubkey", reviewerPub])
        #expect(without.status == 0, "\(without.err)")
        #expect(without.out.contains("**Not assessed:**"))
    }
}

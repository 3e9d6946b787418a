import Foundation
import Testing

@testable import Audit

@Suite struct AuditSummaryTests {
    @Test func summarisesAnIntactLog() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        let manifest = try Manifest(rows: [
            try ManifestRow(path: "a.dcm", inputSHA256: String(repeating: "1", count: 64), outputSHA256: String(repeating: "2", count: 64), masks: "")
        ])
        try manifest.write(to: dir.url("m.jsonl"))
        try log.append(sampleEvent(.scan), signingKey: key)
        try log.append(sampleEvent(.commit, manifest: manifest.reference(file: "m.jsonl")), signingKey: key)
        let summary = try AuditSummary.make(log: log.url, trustedKey: key.verifyingKey)
        #expect(summary.verification.isIntact)
        #expect(summary.entryCount == 2)
        #expect(summary.actions == ["scan": 1, "commit": 1])
        #expect(summary.inputFiles == 3 && summary.outputFiles == 2 && summary.quarantinedFiles == 1)
        #expect(summary.overrides.map(\.line) == [2])
        #expect(summary.latestMerkleRoot == manifest.merkleRoot)
        let md = summary.markdown()
        #expect(md.contains("verifies"))
        #expect(md.contains("IRB-2026-041"))
        #expect(md.contains("phantom name"))
        #expect(md.contains(try #require(summary.verification.head)))
        let json = try summary.json()
        #expect(json["intact"] == true)
        #expect(json["decisions"]?["approved"] == 10)
        #expect(CanonicalScanner.isCanonical(try CanonicalJSON.encode(json)))
    }

    @Test func saysSoWhenTheLogIsBroken() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        for _ in 0..<3 { try log.append(sampleEvent(.scan), signingKey: key) }
        var bytes = [UInt8](try Data(contentsOf: log.url))
        bytes.removeLast(5)
        try Data(bytes).write(to: log.url)
        let summary = try AuditSummary.make(log: log.url, trustedKey: key.verifyingKey)
        #expect(!summary.verification.isIntact)
        #expect(summary.entryCount == 2)
        #expect(summary.markdown().contains("NOT intact"))
    }

    @Test func decisionEntriesListReviewersWithoutCountingTwice() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        let manifest = try Manifest(rows: [])
        try manifest.write(to: dir.url("m.jsonl"))
        let override = DecisionSummary.Override(subject: "img1.dcm (0010,0010)", decision: "keep", reason: "phantom name", reviewer: "rev1")
        var decide = sampleEvent(.decisions)
        decide.operatorName = "rev1"
        decide.decisions = DecisionSummary(
            approved: 4, rejected: 1, manualMasks: 1, overrides: [override],
            records: [
                .init(id: 7, kind: "approve-all", reviewer: "rev1", messageSHA256: String(repeating: "a", count: 64), signer: "0011223344556677"),
                .init(id: 8, kind: "add-mask", reviewer: "rev2", messageSHA256: String(repeating: "b", count: 64), signer: nil),
            ])
        let written = try log.append(decide, signingKey: key)
        #expect(try AuditEntry(line: written.line).event == decide, "records survive a round trip")
        var mirrored = sampleEvent(.commit, manifest: manifest.reference(file: "m.jsonl"))
        mirrored.origin = Origin(log: "batch/audit.jsonl", seq: 3, hash: String(repeating: "c", count: 64))
        let second = try log.append(mirrored, signingKey: key)
        #expect(try AuditEntry(line: second.line).event.origin == mirrored.origin)

        let summary = try AuditSummary.make(log: log.url, trustedKey: key.verifyingKey)
        #expect(summary.verification.isIntact)
        // Approvals come from the commit entry only; the override both entries name is listed once.
        #expect(summary.approved == 10 && summary.rejected == 2)
        #expect(summary.overrides.count == 1)
        #expect(summary.overrides.first?.line == 1)
        #expect(summary.decisionRecords == 2)
        #expect(summary.reviewers == ["rev1", "rev2"])
        #expect(summary.latestRelease?.line == 2)
        #expect(summary.markdown().contains("Not assessed"))
        let json = try summary.json()
        #expect(json["decisionRecords"] == 2)
        #expect(json["risk"] == .null)
    }

    @Test func theRiskSectionGoesIntoBothForms() throws {
        var summary = AuditSummary(
            verification: VerificationReport(
                path: "x", lineCount: 0, verifiedCount: 0, head: nil, signers: [], signaturesChecked: false, filesChecked: 0,
                failure: nil),
            entries: [])
        let qi = (0..<3).map { InstanceQuasiIdentifiers(patientID: "p\($0)", studyUID: "s\($0)", sex: $0 == 0 ? "M" : "F") }
        summary.risk = RiskSection(entryLine: 4, filesRead: 3, filesUnread: ["gone.dcm"], summary: KAnonymitySummary(instances: qi))
        let md = summary.markdown()
        #expect(md.contains("k = 1"))
        #expect(md.contains("gone.dcm"))
        #expect(try summary.json()["risk"]?["kAnonymity"]?["k"] == 1)
    }
}

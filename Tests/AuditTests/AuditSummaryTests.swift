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
}

import Foundation
import GRDB
import Testing
@testable import ReviewStore

@Suite struct IngestionTests {
    @Test func theSameRecordTwiceIsOneRow() throws {
        let t = TempBatch()
        let s = try t.open()
        let r = makeRecord(1, modality: "US", findings: 3)
        let first = try s.upsertScanned(r)
        let second = try s.upsertScanned(r)
        guard case .inserted(let id) = first else { Issue.record("expected an insert, got \(first)"); return }
        #expect(second == .unchanged(id))
        #expect(try s.count() == 1)
        #expect(try s.findings(instance: id).count == 3)
        #expect(try s.masks(instance: id).count == 3)
        #expect(try s.plannedActions(instance: id) == r.actions)
        let q = try t.rawQueue()
        #expect(try q.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding") } == 3)
    }

    @Test func aChangedHashReplacesTheOldRows() throws {
        let t = TempBatch()
        let s = try t.open()
        let old = try s.upsertScanned(makeRecord(1, modality: "US", findings: 4)).instanceID
        var changed = makeRecord(1, modality: "US", findings: 1, content: "edited")
        changed.path = makeRecord(1).path
        let outcome = try s.upsertScanned(changed)
        #expect(outcome == .replaced(old: old, new: outcome.instanceID))
        #expect(outcome.instanceID != old)
        #expect(try s.count() == 1)
        #expect(try s.findings(instance: old).isEmpty)
        #expect(try s.masks(instance: old).isEmpty)
        #expect(try s.findings(instance: outcome.instanceID).count == 1)
        #expect(try s.instance(path: changed.path)?.sha256 == changed.sha256)
    }

    @Test func statesFollowThePolicyAndQuarantine() throws {
        let t = TempBatch()
        let s = try t.open()
        let ct = try s.upsertScanned(makeRecord(1, modality: "CT")).instanceID
        let withText = try s.upsertScanned(makeRecord(2, modality: "MR", findings: 1)).instanceID
        var burned = makeRecord(3, modality: "CR")
        burned.signals.burnedInAnnotation = true
        let burnedID = try s.upsertScanned(burned).instanceID
        let bad = try s.upsertScanned(.quarantined(path: "in/broken.dcm", size: 12, sha256: String(repeating: "a", count: 64), reason: "not DICOM: no DICM prefix")).instanceID
        #expect(try s.instance(id: ct)?.state == .autoClear)
        #expect(try s.instance(id: withText)?.state == .needsReview)
        #expect(try s.instance(id: withText)?.reviewReasons == [.findings])
        #expect(try s.instance(id: burnedID)?.reviewReasons == [.burnedInAnnotation])
        let q = try s.instance(id: bad)
        #expect(q?.state == .quarantined)
        #expect(q?.quarantineReason == "not DICOM: no DICM prefix")
    }

    @Test func resumingKnowsWhatWasScannedAndWhatChanged() throws {
        let t = TempBatch()
        let s = try t.open()
        let records = (0..<20).map { makeRecord($0, series: $0 % 3) }
        let outcomes = try s.upsertScanned(records)
        #expect(Set(outcomes.map(\.instanceID)).count == 20)
        let files = try s.scannedFiles()
        #expect(files.count == 20)
        #expect(try s.scannedPaths() == Set(records.map(\.path)))
        #expect(files[records[4].path]?.sha256 == records[4].sha256)
        #expect(try s.verifyUnchanged(path: records[4].path, sha256: records[4].sha256) == .unchanged)
        #expect(try s.verifyUnchanged(path: records[4].path, sha256: records[5].sha256) == .changed(scannedSHA256: records[4].sha256))
        #expect(try s.verifyUnchanged(path: "in/never.dcm", sha256: records[5].sha256) == .unknown)
        #expect(try s.removeScanned(path: records[0].path))
        #expect(try s.count() == 19)
    }

    @Test func malformedRecordsAreRefusedWholeTransaction() throws {
        let t = TempBatch()
        let s = try t.open()
        var bad = makeRecord(2)
        bad.sha256 = "xyz"
        #expect(throws: ReviewStoreError.self) { try s.upsertScanned([makeRecord(1), bad]) }
        var absolute = makeRecord(3)
        absolute.path = "/etc/passwd"
        #expect(throws: ReviewStoreError.self) { try s.upsertScanned(absolute) }
        #expect(try s.count() == 0)
    }

    @Test func fileDigestStreamsFiles() throws {
        let t = TempBatch()
        try FileManager.default.createDirectory(atPath: t.directory, withIntermediateDirectories: true)
        let p = t.directory + "/f.bin"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: p))
        #expect(try FileDigest.sha256(path: p) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: ReviewStoreError.self) { try FileDigest.sha256(path: t.directory + "/missing") }
    }
}

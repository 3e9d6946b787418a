import DicomCore
import Foundation
import GRDB
import Testing
@testable import ReviewStore

/// A batch with roles: alice (officer), carol and dave (curators), erin (exporter); one instance with
/// two proposed masks.
struct RolesBatch {
    let t = TempBatch()
    let store: BatchStore
    let alice = person("alice"), carol = person("carol"), dave = person("dave"), erin = person("erin")
    let instance: Int64

    init() throws {
        store = try t.open()
        instance = try store.upsertScanned(makeRecord(1, modality: "US", findings: 2)).instanceID
        try store.addRole(name: "alice", role: .officer, publicKey: alice.signer!.publicKey)
        try store.addRole(name: "carol", role: .curator, publicKey: carol.signer!.publicKey)
        try store.addRole(name: "dave", role: .curator, publicKey: dave.signer!.publicKey)
        try store.addRole(name: "erin", role: .exporter, publicKey: erin.signer!.publicKey)
    }
}

@Suite struct FourEyesTests {
    @Test func anOfficersManualMaskBlocksCommitUntilAnotherCuratorApproves() throws {
        let b = try RolesBatch()
        let s = b.store
        #expect(try s.mode() == .roles)
        for m in try s.masks(instance: b.instance) { try s.acceptMask(m.id, by: b.alice) }
        try s.approve(.instance(b.instance), by: b.alice)
        let d = try s.addMask(instance: b.instance, frame: 0, rect: PixelRect(x: 0, y: 200, width: 256, height: 20), by: b.alice, reason: "date in the footer")
        #expect(d.mode == .roles)
        #expect(d.isSigned)
        let manual = try #require(try s.masks(instance: b.instance).first { $0.origin == .manual })
        #expect(manual.status == .awaitingCurator)
        #expect(manual.pending == .manual)
        #expect(!manual.status.isApplied)

        let blockers = try s.commitBlockers()
        #expect(!blockers.isEmpty)
        #expect(blockers.masksAwaitingCurator.map(\.id) == [manual.id])
        #expect(throws: ReviewStoreError.self) {
            try s.markCommitted(outputs: [(b.instance, String(repeating: "0", count: 64))], auditEntryHash: "h", operator: "alice")
        }
        // An officer may not curate at all.
        #expect(throws: ReviewStoreError.self) { try s.curatorApprove(.mask(manual.id), by: b.alice) }
        try s.curatorApprove(.mask(manual.id), by: b.carol)
        #expect(try s.mask(id: manual.id)?.status == .approved)
        #expect(try s.commitBlockers().isEmpty)
        let c = try s.markCommitted(outputs: [(b.instance, String(repeating: "0", count: 64))], auditEntryHash: "h", operator: "alice")
        #expect(c.outputCount == 1)
        #expect(try s.verifyDecisions().isEmpty)
    }

    @Test func aCuratorCannotApproveTheirOwnEdit() throws {
        let b = try RolesBatch()
        let s = b.store
        let proposed = try #require(try s.masks(instance: b.instance).first)
        try s.rejectMask(proposed.id, by: b.carol, reason: "not text, a ruler")
        let pending = try #require(try s.mask(id: proposed.id))
        #expect(pending.status == .awaitingCurator)
        #expect(pending.pending == .reject)
        #expect(pending.editedBy == "carol")
        do {
            try s.curatorApprove(.mask(proposed.id), by: b.carol)
            Issue.record("a curator approved their own edit")
        } catch let e as ReviewStoreError {
            #expect(e.kind == .notPermitted)
        }
        #expect(try s.mask(id: proposed.id)?.status == .awaitingCurator)
        try s.curatorApprove(.mask(proposed.id), by: b.dave)
        #expect(try s.mask(id: proposed.id)?.status == .rejected)
    }

    @Test func overridesNeedAReasonAndAnotherCurator() throws {
        let b = try RolesBatch()
        let s = b.store
        #expect(throws: ReviewStoreError.self) { try s.override(instance: b.instance, subject: "keep-tag", reason: "  ", by: b.alice) }
        let d = try s.override(instance: b.instance, subject: "keep-tag (0008,1030)", details: #"{"tag":"00081030"}"#, reason: "needed for the study", by: b.carol)
        let o = try #require(try s.overrides(instance: b.instance).first)
        #expect(o.status == .awaitingCurator)
        #expect(d.message.reason == "needed for the study")
        #expect(try s.commitBlockers().overridesAwaitingCurator.map(\.id) == [o.id])
        #expect(throws: ReviewStoreError.self) { try s.curatorApprove(.override(o.id), by: b.carol) }
        try s.curatorReject(.override(o.id), by: b.dave, reason: "not covered by the DUA")
        #expect(try s.overrides(instance: b.instance).first?.status == .rejected)
    }

    @Test func aCuratorsRejectionRestoresTheMask() throws {
        let b = try RolesBatch()
        let s = b.store
        let m = try #require(try s.masks(instance: b.instance).first)
        try s.acceptMask(m.id, by: b.alice)
        try s.reshapeMask(m.id, to: PixelRect(x: 1, y: 1, width: 3, height: 3), by: b.alice)
        #expect(try s.mask(id: m.id)?.status == .awaitingCurator)
        try s.curatorReject(.mask(m.id), by: b.carol, reason: "too small")
        let back = try #require(try s.mask(id: m.id))
        #expect(back.status == .accepted)
        #expect(back.rect == m.rect)
        #expect(back.pending == nil)
    }

    @Test func aForgedSignatureIsRejectedAndNothingIsRecorded() throws {
        let b = try RolesBatch()
        let s = b.store
        let mallory = Reviewer("alice", signer: Ed25519DecisionSigner.generate())
        do {
            try s.approve(.instance(b.instance), by: mallory)
            Issue.record("a decision signed with another key was accepted")
        } catch let e as ReviewStoreError {
            #expect(e.kind == .badSignature)
        }
        #expect(try s.instance(id: b.instance)?.state == .needsReview)
        #expect(try s.decisions().isEmpty)
        // Unsigned decisions are refused too once roles exist.
        #expect(throws: ReviewStoreError.self) { try s.approve(.instance(b.instance), by: Reviewer("alice")) }
        // And someone without a role may not decide.
        #expect(throws: ReviewStoreError.self) { try s.approve(.instance(b.instance), by: person("zed")) }
        #expect(try s.decisions().isEmpty)
    }

    @Test func tamperingWithAStoredDecisionIsFound() throws {
        let b = try RolesBatch()
        let s = b.store
        try s.approve(.instance(b.instance), by: b.alice, reason: "checked")
        #expect(try s.verifyDecisions().isEmpty)
        try b.t.rawQueue().write { db in try db.execute(sql: "UPDATE decision SET kind = 'reject'") }
        let issues = try s.verifyDecisions()
        #expect(issues.count == 1)
        #expect(issues.first?.problem.contains("does not verify") == true)
    }

    @Test func onlyExportersExportAndOnePersonHasOneKey() throws {
        let b = try RolesBatch()
        let s = b.store
        #expect(throws: ReviewStoreError.self) { try s.authorize("alice", for: .export) }
        try s.authorize("erin", for: .export)
        try s.authorize("alice", for: .commit)
        #expect(throws: ReviewStoreError.self) { try s.authorize("erin", for: .commit) }
        #expect(throws: ReviewStoreError.self) {
            try s.addRole(name: "alice", role: .curator, publicKey: Ed25519DecisionSigner.generate().publicKey)
        }
        try s.addRole(name: "alice", role: .curator, publicKey: b.alice.signer!.publicKey)
        #expect(try s.roles().filter { $0.name == "alice" }.map(\.role) == [.curator, .officer])
        #expect(throws: ReviewStoreError.self) { try s.addRole(name: "x", role: .officer, publicKey: [1, 2, 3]) }
    }

    @Test func singlePersonModeAllowsEverythingAndRecordsIt() throws {
        let t = TempBatch()
        let s = try t.open()
        #expect(try s.mode() == .singlePerson)
        let id = try s.upsertScanned(makeRecord(1, modality: "US", findings: 1)).instanceID
        let m = try #require(try s.masks(instance: id).first)
        let anon = Reviewer("sam")
        let d1 = try s.rejectMask(m.id, by: anon)
        #expect(try s.mask(id: m.id)?.status == .rejected)
        let d2 = try s.addMask(instance: id, frame: 0, rect: PixelRect(x: 0, y: 0, width: 10, height: 10), by: anon)
        let manual = try #require(try s.masks(instance: id).first { $0.origin == .manual })
        #expect(manual.status == .approved)
        try s.override(instance: id, subject: "approve-with-text", reason: "text is a ruler", by: anon)
        #expect(try s.overrides(instance: id).first?.status == .approved)
        let operatorKey = Reviewer("sam", signer: Ed25519DecisionSigner.generate())
        let d3 = try s.approve(.instance(id), by: operatorKey)
        for d in [d1, d2, d3] { #expect(d.mode == .singlePerson) }
        #expect(!d1.isSigned && !d2.isSigned)
        #expect(d3.isSigned)
        #expect(d3.signerFingerprint == DecisionKeys.fingerprint(operatorKey.signer!.publicKey))
        #expect(try s.decisions().map(\.mode).allSatisfy { $0 == .singlePerson })
        #expect(try s.verifyDecisions().isEmpty)
        #expect(try s.verifyDecisions(requireSignatures: true).count == 3)
        try s.authorize("anyone", for: .export)
        #expect(try s.statistics().mode == .singlePerson)
    }

    @Test func canonicalBytesAreUnambiguous() {
        let a = DecisionMessage(batchID: "b", scope: .instance, target: "t", kind: .approve, reviewer: "x\nreason=1:y", time: "T", reason: "", payload: "{}", mode: .roles)
        let b = DecisionMessage(batchID: "b", scope: .instance, target: "t", kind: .approve, reviewer: "x", time: "T", reason: "y", payload: "{}", mode: .roles)
        #expect(a.canonicalBytes != b.canonicalBytes)
        #expect(String(decoding: b.canonicalBytes, as: UTF8.self) == "dcmveil-decision-v1\nbatch=1:b\nscope=8:instance\ntarget=1:t\nkind=7:approve\nreviewer=1:x\ntime=1:T\nreason=1:y\npayload=2:{}\nmode=5:roles\n")
    }
}

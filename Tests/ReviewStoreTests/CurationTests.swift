import DicomCore
import Foundation
import Testing
@testable import ReviewStore

/// What the workstation's curator keys rest on: finding pending edits, and deciding those of others.
@Suite struct CurationTests {
    @Test func aCuratorDecidesTheOthersEditsAndLeavesTheirOwn() throws {
        let b = try RolesBatch()
        let s = b.store
        let proposed = try #require(try s.masks(instance: b.instance).first)
        try s.addMask(instance: b.instance, frame: 0, rect: PixelRect(x: 0, y: 200, width: 256, height: 20), by: b.alice, reason: "footer date")
        try s.rejectMask(proposed.id, by: b.carol, reason: "a ruler, not text")
        try s.override(instance: b.instance, subject: "approve-with-findings", reason: "text is the device name", by: b.alice)
        #expect(try s.pendingEditCounts(among: [b.instance]) == [b.instance: 3])
        #expect(try s.firstPosition(matching: .all, target: .pendingEdit, from: 0) == 0)

        let first = try s.curatePending(instance: b.instance, approve: true, by: b.carol)
        #expect(first == CurationOutcome(masks: 1, overrides: 1, ownEdits: 1))
        #expect(try s.pendingEditCounts(among: [b.instance]) == [b.instance: 1])
        // Only carol's own edit is left: she may not decide it.
        do {
            try s.curatePending(instance: b.instance, approve: true, by: b.carol)
            Issue.record("a curator decided their own edit")
        } catch let e as ReviewStoreError {
            #expect(e.kind == .notPermitted)
        }
        // An officer is no curator.
        #expect(throws: ReviewStoreError.self) { try s.curatePending(instance: b.instance, approve: true, by: b.alice) }
        let second = try s.curatePending(instance: b.instance, approve: false, by: b.dave)
        #expect(second == CurationOutcome(masks: 1, overrides: 0, ownEdits: 0))
        // dave turned down carol's rejection: the proposal is back, undecided.
        #expect(try s.mask(id: proposed.id)?.status == .proposed)
        #expect(try s.pendingEditCounts(among: [b.instance]).isEmpty)
        #expect(try s.firstPosition(matching: .all, target: .pendingEdit, from: 0) == nil)
        #expect(throws: ReviewStoreError.self) { try s.curatePending(instance: b.instance, approve: true, by: b.dave) }
        #expect(try s.verifyDecisions().isEmpty)
    }

    @Test func approvedInstancesWithAnApprovedOverrideCountAsOverridden() throws {
        let b = try RolesBatch()
        let s = b.store
        #expect(try s.overriddenInstanceCount() == 0)
        try s.override(instance: b.instance, subject: "approve-with-findings", reason: "burned-in text is the scanner model", by: b.alice)
        try s.approve(.instance(b.instance), by: b.alice)
        // Not yet: the override waits for a curator.
        #expect(try s.overriddenInstanceCount() == 0)
        try s.curatePending(instance: b.instance, approve: true, by: b.carol)
        #expect(try s.overriddenInstanceCount() == 1)
    }
}

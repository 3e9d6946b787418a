import Testing
@testable import ReviewStore

@Suite struct CommitTests {
    func zeros(_ c: Character = "0") -> String { String(repeating: c, count: 64) }

    @Test func commitIsRefusedUntilReviewIsDoneThenExportChecksChanges() throws {
        let t = TempBatch()
        let s = try t.open()
        let ct = try s.upsertScanned(makeRecord(1)).instanceID
        let us = try s.upsertScanned(makeRecord(2, modality: "US", findings: 1)).instanceID
        let bad = try s.upsertScanned(makeRecord(3, modality: "US")).instanceID
        let blockers = try s.commitBlockers()
        #expect(blockers.needsReviewCount == 2)
        #expect(Set(blockers.needsReview.map(\.id)) == [us, bad])
        #expect(throws: ReviewStoreError.self) { try s.markCommitted(outputs: [(ct, zeros())], auditEntryHash: "h", operator: "sam") }

        let sam = Reviewer("sam")
        try s.reject(.instance(bad), by: sam)
        try s.approve(.instance(us), by: sam)
        // The approved instance still has an undecided proposed mask.
        #expect(try s.commitBlockers().undecidedProposedMaskCount == 1)
        try s.approveAllNeedingReview(acceptProposed: true, by: sam)
        let all = try #require(try s.decisions().last)
        #expect(all.kind == .approveAll)
        #expect(all.message.payload == #"{"acceptProposed":true,"acceptedMasks":1,"approved":0}"#)
        #expect(try s.commitBlockers().isEmpty)

        let committable = try s.committableInstances().instances.map(\.id)
        #expect(Set(committable) == [ct, us])
        // Every committable instance needs an output; a rejected one may not have one.
        #expect(throws: ReviewStoreError.self) { try s.markCommitted(outputs: [(ct, zeros())], auditEntryHash: "h", operator: "sam") }
        #expect(throws: ReviewStoreError.self) {
            try s.markCommitted(outputs: [(ct, zeros()), (us, zeros()), (bad, zeros())], auditEntryHash: "h", operator: "sam")
        }
        let c = try s.markCommitted(outputs: [(ct, zeros("a")), (us, zeros("b"))], auditEntryHash: "audit-hash", operator: "sam")
        #expect(c.outputCount == 2)
        #expect(try s.latestCommit() == c)
        #expect(try !s.changedSinceCommit())
        let plan = try s.exportPlan(operator: "sam")
        #expect(plan.outputs.map(\.outputSHA256).sorted() == [zeros("a"), zeros("b")])
        #expect(plan.outputs.first { $0.instanceID == ct }?.inputSHA256 == makeRecord(1).sha256)

        // A later decision makes the commit stale: export refuses.
        try s.reject(.instance(us), by: sam)
        #expect(try s.changedSinceCommit())
        #expect(throws: ReviewStoreError.self) { try s.exportPlan(operator: "sam") }
    }

    @Test func exportNeedsACommit() throws {
        let t = TempBatch()
        let s = try t.open()
        #expect(throws: ReviewStoreError.self) { try s.exportPlan(operator: "sam") }
    }

    @Test func theLatestDecisionIdFollowsTheDecisions() throws {
        let t = TempBatch()
        let s = try t.open()
        #expect(try s.lastDecisionID() == 0)
        let id = try s.upsertScanned(makeRecord(1, modality: "US")).instanceID
        let first = try s.approve(.instance(id), by: Reviewer("sam"))
        #expect(try s.lastDecisionID() == first.id)
        let second = try s.reject(.instance(id), by: Reviewer("sam"))
        #expect(try s.lastDecisionID() == second.id)
        #expect(second.id > first.id)
    }
}

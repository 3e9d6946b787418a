import Testing
@testable import ReviewStore

/// The index-based queries the workstation pages and searches with.
@Suite struct PositionTests {
    /// 2 patients × 2 studies × 2 series × 5 instances; instance 0 of each series is US with a `date` finding.
    func populated() throws -> (batch: TempBatch, store: BatchStore) {
        let t = TempBatch()
        let s = try t.open()
        var records: [ScanRecord] = []
        for p in 0..<2 { for st in 0..<2 { for se in 0..<2 { for n in 0..<5 {
            records.append(makeRecord(n, patient: p, study: st, series: se, modality: n == 0 ? "US" : "CT",
                                      findings: n == 0 ? 1 : 0, findingClass: "date"))
        } } } }
        try s.upsertScanned(records.reversed())
        return (t, s)
    }

    /// The whole filtered list by keyset paging, the reference order.
    func everything(_ s: BatchStore, _ filter: InstanceFilter) throws -> [InstanceSummary] {
        try s.instances(matching: filter, after: nil, limit: 10_000).instances
    }

    @Test func offsetPagesAreSlicesOfTheKeysetOrder() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        for filter in [InstanceFilter.all, InstanceFilter(modalities: ["CT"])] {
            let all = try everything(s, filter).map(\.id)
            for offset in stride(from: 0, to: all.count + 3, by: 7) {
                let page = try s.instances(matching: filter, offset: offset, limit: 7).map(\.id)
                #expect(page == Array(all[min(offset, all.count)..<min(offset + 7, all.count)]))
            }
        }
    }

    @Test func firstPositionSearchesFromAnIndexAndWraps() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        let all = try everything(s, .all)
        let us = all.indices.filter { all[$0].modality == "US" }
        #expect(us.count == 8)
        #expect(try s.firstPosition(matching: .all, target: .text("us"), from: 0) == us[0])
        #expect(try s.firstPosition(matching: .all, target: .text("US"), from: us[0] + 1) == us[1])
        // Past the last hit it wraps around to the first.
        #expect(try s.firstPosition(matching: .all, target: .text("us"), from: us[7] + 1) == us[0])
        // Pseudonymous keys match; original ones never do.
        let sop = all[13].pseudonymous.sopUID
        #expect(try s.firstPosition(matching: .all, target: .text(sop), from: 0) == all.firstIndex { $0.pseudonymous.sopUID.contains(sop) })
        #expect(try s.firstPosition(matching: .all, target: .text("PAT1"), from: 0) == nil)
        // Positions are within the filtered list.
        let ct = try everything(s, InstanceFilter(modalities: ["CT"]))
        let target = ct[10].pseudonymous.sopUID
        #expect(try s.firstPosition(matching: InstanceFilter(modalities: ["CT"]), target: .text(target), from: 0)
                == ct.firstIndex { $0.pseudonymous.sopUID.contains(target) })
        #expect(try s.firstPosition(matching: .all, target: .state(.approved), from: 0) == nil)
    }

    @Test func overridesFindingClassesAndPseudonymousUIDs() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        let all = try everything(s, .all)
        let flagged = try #require(all.first { $0.findingCount > 0 })
        #expect(try s.findingClasses(among: all.map(\.id))[flagged.id] == ["date"])
        #expect(try s.overriddenInstanceIDs(among: [flagged.id]).isEmpty)
        try s.override(instance: flagged.id, subject: "approve-with-findings", reason: "text is the scanner's", by: Reviewer("alice"))
        #expect(try s.overriddenInstanceIDs(among: all.map(\.id)) == [flagged.id])
        #expect(try s.originalUID(forPseudonymous: flagged.pseudonymous.seriesUID, series: true) == flagged.original.seriesUID)
        #expect(try s.originalUID(forPseudonymous: flagged.pseudonymous.studyUID, series: false) == flagged.original.studyUID)
        #expect(try s.originalUID(forPseudonymous: "2.25.nothing", series: true) == nil)
        #expect(try s.openProposedMaskCount() == (try s.statistics().masksByStatus[.proposed] ?? 0))
        try s.reject(.instance(flagged.id), by: Reviewer("alice"))
        let onFlagged = try s.masks(instance: flagged.id).filter { $0.status == .proposed }.count
        #expect(try s.openProposedMaskCount() == (try s.statistics().masksByStatus[.proposed] ?? 0) - onFlagged)
    }
}

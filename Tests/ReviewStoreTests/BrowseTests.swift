import Testing
@testable import ReviewStore

@Suite struct BrowseTests {
    /// 3 patients × 2 studies × 2 series × 10 instances; every fifth instance US with a `date` finding.
    func populated() throws -> (batch: TempBatch, store: BatchStore) {
        let t = TempBatch()
        let s = try t.open()
        var records: [ScanRecord] = []
        for p in 0..<3 { for st in 0..<2 { for se in 0..<2 { for n in 0..<10 {
            let text = n % 5 == 0
            records.append(makeRecord(n, patient: p, study: st, series: se, modality: text ? "US" : "CT", findings: text ? 2 : 0, findingClass: "date"))
        } } } }
        try s.upsertScanned(records.reversed())
        return (t, s)
    }

    @Test func pagesCoverEveryInstanceOnceInBrowserOrder() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        var seen: [InstanceSummary] = []
        var cursor: InstanceCursor? = nil
        var pages = 0
        repeat {
            let page = try s.instances(after: cursor, limit: 25)
            seen += page.instances
            cursor = page.next
            pages += 1
        } while cursor != nil
        #expect(pages == 5)
        #expect(seen.count == 120)
        #expect(Set(seen.map(\.id)).count == 120)
        let keys = seen.map { [$0.original.patientID, $0.original.studyUID, $0.original.seriesUID, String(format: "%05d", $0.instanceNumber)] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(seen.first?.original.patientID == "PAT0")
        #expect(seen.first?.instanceNumber == 0)
    }

    @Test func filtersNarrowTheList() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        #expect(try s.count(matching: .needsReview) == 24)
        #expect(try s.count(matching: InstanceFilter(modalities: ["CT"])) == 96)
        #expect(try s.count(matching: InstanceFilter(findingClass: "date")) == 24)
        #expect(try s.count(matching: InstanceFilter(findingClass: "phi")) == 0)
        #expect(try s.count(matching: InstanceFilter(states: [.autoClear], patientID: "PAT1")) == 32)
        #expect(try s.count(matching: InstanceFilter(seriesUID: "1.2.840.2.1.0")) == 10)
        #expect(try s.count(matching: InstanceFilter(search: "anon2")) == 40)
        #expect(try s.count(matching: InstanceFilter(search: "PAT")) == 0)  // original keys are not searched
        #expect(try s.count(matching: InstanceFilter(search: "%")) == 0)
        let page = try s.instances(matching: .needsReview, limit: 10)
        #expect(page.instances.allSatisfy { $0.state == .needsReview && $0.modality == "US" && $0.findingCount == 2 })
        let first = try #require(page.instances.first)
        let next = try #require(try s.nextInstance(after: InstanceCursor(after: first)))
        #expect(next.id == page.instances[1].id)
    }

    @Test func extremeLimitsAreClamped() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        #expect(try s.instances(limit: Int.max).instances.count == 120)
        #expect(try s.instances(limit: 0).instances.count == 1)
        #expect(try s.instances(limit: -5).next != nil)
        #expect(try s.commitBlockers(sampleLimit: -1).needsReview.isEmpty)
        #expect(try s.commitBlockers(sampleLimit: Int.max).needsReview.count == 24)
        #expect(try s.decisions(limit: Int.max).isEmpty)
    }

    @Test func statisticsCountStatesModalitiesAndFindings() throws {
        let (batch, s) = try populated()
        defer { withExtendedLifetime(batch) {} }
        let st = try s.statistics()
        #expect(st.total == 120)
        #expect(st.byState == [.autoClear: 96, .needsReview: 24])
        #expect(st.byModality["US"] == [.needsReview: 24])
        #expect(st.findingsByClass == ["date": 48])
        #expect(st.masksByStatus == [.proposed: 48])
    }
}

@Suite struct TreeTests {
    @Test func patientsStudiesAndSeriesWithCounts() throws {
        let t = TempBatch()
        let s = try t.open()
        var records: [ScanRecord] = []
        for p in 0..<2 { for st in 0..<2 { for se in 0..<3 { for n in 0..<4 {
            records.append(makeRecord(n, patient: p, study: st, series: se, modality: se == 2 ? "SC" : "CT"))
        } } } }
        try s.upsertScanned(records)
        let patients = try s.patients()
        #expect(patients.map(\.key) == ["PAT0", "PAT1"])
        #expect(patients.map(\.pseudonym) == ["ANON0", "ANON1"])
        #expect(patients[0].count == 24)
        #expect(patients[0].byState == [.autoClear: 16, .needsReview: 8])
        #expect(patients[0].modalities == ["CT", "SC"])
        #expect(patients[0].needsReview)
        let studies = try s.studies(patientID: "PAT1")
        #expect(studies.map(\.key) == ["1.2.840.1.0", "1.2.840.1.1"])
        let series = try s.series(studyUID: "1.2.840.1.1")
        #expect(series.map(\.count) == [4, 4, 4])
        #expect(series.map(\.needsReview) == [false, false, true])
        #expect(try s.patients(matching: .needsReview).map(\.count) == [8, 8])
    }
}

import Testing

@testable import Audit

@Suite struct KAnonymityTests {
    /// One instance of a study with the given quasi-identifiers.
    func instance(
        _ patient: String, study: String? = nil, age: String? = "045Y", sex: String? = "F", size: String? = "1.70",
        weight: String? = "70", modality: String? = "CT", date: String? = "20190314"
    ) -> InstanceQuasiIdentifiers {
        InstanceQuasiIdentifiers(
            patientID: patient, studyUID: study ?? "study-of-\(patient)", age: age, sex: sex, size: size, weight: weight,
            modality: modality, studyDate: date)
    }

    @Test func threeEqualRecordsAreThreeAnonymous() {
        let s = KAnonymitySummary(instances: [instance("a"), instance("b"), instance("c")])
        #expect(s.records == 3 && s.patients == 3)
        #expect(s.classes == 1)
        #expect(s.k == 3)
        #expect(s.uniqueRecords == 0 && s.uniqueShare == 0)
    }

    @Test func oneOddRecordMakesKOne() {
        let s = KAnonymitySummary(instances: [instance("a"), instance("b"), instance("c"), instance("d", sex: "M")])
        #expect(s.k == 1)
        #expect(s.classes == 2)
        #expect(s.uniqueRecords == 1)
        #expect(s.uniqueShare == 0.25)
        #expect(s.classSizes.map(\.size) == [1, 3])
        #expect(s.classSizes.map(\.classes) == [1, 1])
    }

    @Test func everyQuasiIdentifierSplitsAClass() {
        let base = [instance("a"), instance("b")]
        let variants = [
            instance("x", age: "046Y"), instance("x", sex: "M"), instance("x", size: "1.71"), instance("x", weight: "71"),
            instance("x", modality: "MR"), instance("x", date: "20200314"),
        ]
        for v in variants {
            let s = KAnonymitySummary(instances: base + [v])
            #expect(s.k == 1, "\(v)")
            #expect(s.uniqueRecords == 1)
        }
        // A date in the same year is the same year.
        #expect(KAnonymitySummary(instances: base + [instance("x", date: "20191231")]).k == 3)
    }

    @Test func valuesAreNormalisedBeforeTheyAreCompared() {
        let s = KAnonymitySummary(instances: [
            instance("a", sex: "f", size: "1.7", weight: "70.0"), instance("b", sex: " F", size: "1.70", weight: "70"),
        ])
        #expect(s.k == 2)
        // Absent values match each other, and not a present one.
        let absent = KAnonymitySummary(instances: [instance("a", weight: nil), instance("b", weight: nil), instance("c")])
        #expect(absent.classes == 2 && absent.k == 1)
    }

    @Test func oneStudyIsOneRecordWithAllItsModalities() {
        // Patient a's study holds CT and PT images; b's study the same in another order; c has CT only.
        let s = KAnonymitySummary(instances: [
            instance("a", modality: "CT"), instance("a", modality: "PT"), instance("a", modality: "CT"),
            instance("b", modality: "PT"), instance("b", modality: "CT"),
            instance("c", modality: "CT"),
        ])
        #expect(s.records == 3)
        #expect(s.classes == 2)
        #expect(s.k == 1)
        #expect(s.uniqueRecords == 1)
    }

    @Test func onePatientsRepeatedStudiesDoNotMakeEachOtherAnonymous() {
        let s = KAnonymitySummary(instances: [
            instance("a", study: "1"), instance("a", study: "2"), instance("b", study: "3"), instance("c", study: "4"),
            instance("d", study: "5", sex: "M"), instance("d", study: "6", sex: "M"),
        ])
        #expect(s.records == 6 && s.patients == 4)
        // The male class holds two records but one patient.
        #expect(s.k == 1)
        #expect(s.uniqueRecords == 2)
        #expect(s.classSizes.map(\.size) == [1, 3])
    }

    @Test func noRecordsIsNoClass() {
        let s = KAnonymitySummary(instances: [])
        #expect(s.records == 0 && s.classes == 0 && s.k == 0 && s.uniqueShare == 0)
        #expect(s.markdownLines() == ["- No released records to assess."])
    }

    @Test func jsonIsCanonicalAndCarriesTheCounts() throws {
        let s = KAnonymitySummary(instances: [instance("a"), instance("b"), instance("c", sex: "M")])
        let json = s.json()
        #expect(json["k"] == 1)
        #expect(json["uniqueRecords"] == 1)
        #expect(json["uniquePerMille"] == 333)
        #expect(json["classes"] == 2)
        #expect(CanonicalScanner.isCanonical(try CanonicalJSON.encode(json)))
        #expect(s.markdownLines().contains { $0.contains("k = 1") })
    }
}

import DicomCore
import DicomDictionary
import DicomIO
import Testing
@testable import Deidentify

/// The answer-key corpus through the default profile: what must go, what must stay, what must still link.
@Suite struct AnswerKeyTests {
    let corpus = AnswerKeyCorpus()

    func run(_ profile: Profile = .default, key: PseudonymKey = TestKeys.a, pixels: PixelStatus = .unchecked) throws -> [DeidentificationResult] {
        let engine = try Deidentifier(profile: profile, key: key)
        return try corpus.instances.map { try engine.deidentify(meta: $0.meta, dataSet: $0.dataSet, pixels: pixels) }
    }

    func encode(_ r: DeidentificationResult) throws -> [UInt8] {
        try DicomWriter.encode(DicomFile(meta: r.meta, dataSet: r.dataSet, transferSyntax: .explicitVRLittleEndian))
    }

    @Test func noPHIByteSurvivesInEncodedFiles() throws {
        for r in try run() {
            let bytes = try encode(r)
            for s in corpus.phi {
                #expect(!containsBytes(bytes, latin1(s)), "\(s) survived")
                #expect(!containsBytes(bytes, Array(s.utf8)), "\(s) survived (UTF-8)")
            }
            for u in corpus.originalUIDs {
                #expect(!containsBytes(bytes, Array(u.utf8)), "original UID \(u) survived")
            }
        }
    }

    @Test func everyReferenceResolvesToARemappedInstance() throws {
        let results = try run()
        let sops = Set(results.compactMap { $0.dataSet.string(.sopInstanceUID) })
        #expect(sops.count == corpus.instances.count)
        for r in results {
            let refs = [0x0008_1140, 0x0008_2112, 0x0008_1199].flatMap { seq in
                (r.dataSet[Tag(UInt32(seq))]?.items ?? []).compactMap { $0.dataSet.string(Tag(0x0008_1155)) }
            }
            // ReferencedImageSequence, SourceImageSequence and the unlisted (0008,1199) each hold one reference.
            #expect(refs.count == 3)
            for ref in refs { #expect(sops.contains(ref), "dangling reference \(ref)") }
            #expect(!r.dataSet.contains(Tag(0x0008_1120)))  // ReferencedPatientSequence: X
            // ReferencedStudySequence: X/Z on a non-empty sequence -> kept, its UID remapped.
            let study = r.dataSet[Tag(0x0008_1110)]?.items?.first?.dataSet
            #expect(study?.string(Tag(0x0008_1150)) == "1.2.840.10008.3.1.2.3.1")
            #expect(study?.string(Tag(0x0008_1155))?.hasPrefix("2.25.") == true)
        }
        // Study, series and frame of reference stay shared exactly where they were.
        for (a, ra) in zip(corpus.instances, results) {
            for (b, rb) in zip(corpus.instances, results) {
                #expect((a.patient == b.patient && a.study == b.study) == (ra.dataSet.string(Tag(0x0020_000D)) == rb.dataSet.string(Tag(0x0020_000D))))
                let sameSeries = a.patient == b.patient && a.study == b.study && a.series == b.series
                #expect(sameSeries == (ra.dataSet.string(Tag(0x0020_000E)) == rb.dataSet.string(Tag(0x0020_000E))))
                #expect(sameSeries == (ra.dataSet.string(Tag(0x0020_0052)) == rb.dataSet.string(Tag(0x0020_0052))))
            }
        }
    }

    @Test func metaFollowsTheNewSOPInstanceUID() throws {
        for r in try run() {
            #expect(r.meta.string(.mediaStorageSOPInstanceUID) == r.dataSet.string(.sopInstanceUID))
            #expect(r.meta.string(.mediaStorageSOPClassUID) == AnswerKeyCorpus.ctImage)
            #expect(!r.meta.contains(Tag(0x0002_0016)))
        }
    }

    @Test func wellKnownUIDsStay() throws {
        for r in try run() {
            #expect(r.dataSet.string(.sopClassUID) == AnswerKeyCorpus.ctImage)
            for (tag, uid) in allUIDs(r.dataSet) where tag.raw == 0x0008_1150 {
                #expect(uid.hasPrefix("1.2.840.10008."))
            }
        }
    }

    @Test func everyUIDIsValid() throws {
        for r in try run() {
            for (tag, uid) in allUIDs(r.dataSet) + allUIDs(r.meta) {
                #expect(UIDRemapper.isValid(uid), "\(tag) \(uid)")
            }
        }
    }

    @Test func intervalsHoldAndOffsetsArePerPatient() throws {
        let results = try run()
        var offsets: [Int: Int] = [:]
        for (inst, r) in zip(corpus.instances, results) {
            #expect(r.dateOffsetDays != 0)
            #expect(Profile.default.dateShiftRange.contains(r.dateOffsetDays))
            if let o = offsets[inst.patient] { #expect(o == r.dateOffsetDays) } else { offsets[inst.patient] = r.dateOffsetDays }
            let original = AnswerKeyCorpus.studyDates[inst.study]
            let expected = DateShift(days: r.dateOffsetDays).shiftDA(original)
            #expect(r.dataSet.string(Tag(0x0008_0020)) == expected)
            #expect(r.dataSet.string(Tag(0x0008_0021)) == expected)  // X/D, C under modified dates
            #expect(r.dataSet.string(Tag(0x0008_002A)) == (expected ?? "") + "101530.25-0500")
            #expect(r.dataSet.string(Tag(0x0008_0030)) == "101500")  // times are kept
            #expect(values(of: 0x0040_A121, in: r.dataSet) == [expected ?? ""])  // a date two sequences down
            #expect(r.dataSet[Tag(0x0010_0030)]?.isEmpty == true)  // birth date: Z
        }
        #expect(Set(offsets.values).count == 3)
        // 2020-03-15 to 2021-02-28 is 350 days, in every patient's shifted dates.
        for p in 0..<3 {
            let days = zip(corpus.instances, results).filter { $0.0.patient == p && $0.0.series == 0 }.compactMap { inst, r -> Int? in
                guard let s = r.dataSet.string(Tag(0x0008_0020)), let d = CivilDate(digits: ArraySlice(s.utf8)) else { return nil }
                return d.dayNumber
            }
            #expect(days.max()! - days.min()! == 350)
        }
    }

    @Test func markersArePresent() throws {
        for r in try run() {
            #expect(r.dataSet.string(Tag(0x0012_0062)) == "YES")
            #expect(r.dataSet.strings(Tag(0x0012_0063))?.first?.contains("Basic") == true)
            let codes = (r.dataSet[Tag(0x0012_0064)]?.items ?? []).compactMap { $0.dataSet.string(Tag(0x0008_0100)) }
            #expect(codes == ["113100", "113105", "113107"])
            #expect(r.dataSet.string(Tag(0x0028_0303)) == "MODIFIED")
            #expect(r.dataSet.string(Tag(0x0028_0301)) == "NO")  // untouched: the input said NO
        }
        for r in try run(pixels: PixelStatus(cleaned: true, burnedInAnnotation: "NO")) {
            let codes = (r.dataSet[Tag(0x0012_0064)]?.items ?? []).compactMap { $0.dataSet.string(Tag(0x0008_0100)) }
            #expect(codes == ["113100", "113101", "113105", "113107"])
        }
    }

    @Test func combinedCodesKeepTheObjectValid() throws {
        let r = try run()[0]
        #expect(r.dataSet.string(Tag(0x0008_0080)) == "ANONYMIZED")  // InstitutionName X/Z/D -> D
        #expect(r.dataSet.string(Tag(0x0018_1000)) == "ANONYMIZED")  // DeviceSerialNumber X/Z/D -> D
        // AcquisitionContextSequence X/Z -> kept and cleaned inside (TextValue scanned).
        #expect(values(of: 0x0040_A160, in: DataSet([r.dataSet[Tag(0x0040_0555)]!])) == ["context [REMOVED]"])
        #expect(r.dataSet[Tag(0x0008_1140)]?.items?.count == 1)  // X/Z/U* kept
        #expect(r.dataSet[Tag(0x0008_0090)]?.isEmpty == true)  // ReferringPhysicianName Z
        #expect(!r.dataSet.contains(Tag(0x0008_1050)))  // PerformingPhysicianName X
        #expect(!r.dataSet.contains(Tag(0x0008_0081)))  // InstitutionAddress X
        #expect(!r.dataSet.contains(Tag(0x0010_1002)))  // OtherPatientIDsSequence X
        // RequestAttributesSequence: X, but C under Clean Descriptors: kept, IDs inside removed, text cleaned.
        let request = r.dataSet[Tag(0x0040_0275)]?.items?.first?.dataSet
        #expect(request?.contains(Tag(0x0040_1001)) == false && request?.contains(Tag(0x0040_0009)) == false)
        #expect(request?.string(Tag(0x0032_1060)) == "Requested for [REMOVED]")
        #expect(!r.dataSet.contains(Tag(0x6000_0010)))  // the whole overlay plane
        #expect(!r.dataSet.contains(Tag(0x0008_0000)))  // group length
        #expect(!r.dataSet.contains(Tag(0x0011_0010)) && !r.dataSet.contains(Tag(0x0011_1001)))  // private
        #expect(!r.dataSet.contains(Tag(0x6000_3000)) && !r.dataSet.contains(Tag(0x5000_2500)))  // overlay, curve
        #expect(r.dataSet[.pixelData] == corpus.instances[0].dataSet[.pixelData])  // pixels pass through
        let action = r.actions.first { $0.tag == Tag(0x0008_0080) }
        #expect(action?.rule == "Annex E basic: X/Z/D -> D (kept non-empty for Type 1)")
        #expect(action?.code == .dummy)
    }

    @Test func pseudonymReplacesIDAndName() throws {
        let results = try run()
        for (inst, r) in zip(corpus.instances, results) {
            let id = AnswerKeyCorpus.patients[inst.patient].id
            let expected = PatientPseudonym.derive(key: TestKeys.a, patientID: id, issuer: "HARROWGATE_MRN")
            #expect(r.patientPseudonym == expected)
            #expect(r.dataSet.string(Tag(0x0010_0020)) == expected)
            #expect(r.dataSet.string(Tag(0x0010_0010)) == expected)
            #expect(expected.count == 11 && expected.hasPrefix("P"))
        }
    }

    @Test func retainedTextIsCleanedAndReported() throws {
        let r = try run()[0]
        // StudyDescription is C under Clean Descriptors: the name goes, the rest stays.
        #expect(r.dataSet.string(Tag(0x0008_1030)) == "CT HEAD for [REMOVED] [REMOVED]")
        // TextValue is not in the table: kept, but scanned two sequences down.
        let report = values(of: 0x0040_A160, in: r.dataSet).first ?? ""
        #expect(report.hasPrefix("Report for [REMOVED] [REMOVED], MRN [REMOVED], phone [REMOVED]"))
        #expect(r.findings.contains { $0.token == "HOLLOWAY" && $0.path.count == 3 })
        #expect(r.findings.allSatisfy { !$0.token.isEmpty })
    }

    @Test func sameKeySameBytesOtherKeyOtherBytes() throws {
        let a1 = try run().map(encode)
        let a2 = try run().map(encode)
        let b = try run(key: TestKeys.b).map(encode)
        #expect(a1 == a2)
        for (x, y) in zip(a1, b) { #expect(x != y) }
        let uidsA = Set(try run().flatMap { allUIDs($0.dataSet).map(\.1) }.filter { $0.hasPrefix("2.25.") })
        let uidsB = Set(try run(key: TestKeys.b).flatMap { allUIDs($0.dataSet).map(\.1) }.filter { $0.hasPrefix("2.25.") })
        #expect(uidsA.isDisjoint(with: uidsB))
    }

    @Test func encodedOutputReadsBack() throws {
        for r in try run().prefix(4) {
            let bytes = try encode(r)
            let back = try DicomReader.parse(bytes)
            #expect(back.dataSet.string(.sopInstanceUID) == r.dataSet.string(.sopInstanceUID))
            #expect(back.dataSet[Tag(0x0008_1199)]?.items?.first?.dataSet[Tag(0x0040_A730)]?.items?.count == 1)
        }
    }

    @Test func preHarvestedTokensGiveTheSameOutput() throws {
        let engine = try Deidentifier(profile: .default, key: TestKeys.a)
        let inst = corpus.instances[5]
        let a = try engine.deidentify(meta: inst.meta, dataSet: inst.dataSet)
        let b = try engine.deidentify(meta: inst.meta, dataSet: inst.dataSet, tokens: PHITokens.harvest(from: inst.dataSet))
        #expect(a.dataSet == b.dataSet && a.findings == b.findings && a.actions == b.actions)
    }

    @Test func patientMissingFromLookupTableThrows() throws {
        var p = Profile.default
        p.pseudonyms = .lookup(path: "t.csv", table: PseudonymTable(["MRN778812": "SUBJ-001"]))
        let engine = try Deidentifier(profile: p, key: TestKeys.a)
        let first = corpus.instances[0]
        let r = try engine.deidentify(meta: first.meta, dataSet: first.dataSet)
        #expect(r.dataSet.string(Tag(0x0010_0020)) == "SUBJ-001")
        #expect(r.dataSet.string(Tag(0x0010_0010)) == "SUBJ-001")
        let second = corpus.instances.first { $0.patient == 1 }!
        #expect(throws: DeidentificationError.patientNotInLookupTable) {
            try engine.deidentify(meta: second.meta, dataSet: second.dataSet)
        }
        p.pseudonyms = .lookup(path: "t.csv", table: nil)
        #expect(throws: DeidentificationError.lookupTableNotLoaded(path: "t.csv")) { try Deidentifier(profile: p, key: TestKeys.a) }
    }
}

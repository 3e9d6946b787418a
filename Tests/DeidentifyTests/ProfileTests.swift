import DicomCore
import DicomDictionary
import Foundation
import Testing
@testable import Deidentify

@Suite struct ProfileTests {
    @Test func emptyFileGivesTheDefault() throws {
        let p = try ProfileParser.parse("")
        #expect(p == Profile.default)
        #expect(p.options == [.retainLongitudinalModifiedDates, .cleanDescriptors, .cleanPixelData])
        #expect(p.dateShiftRange == -3650 ... -365)
        #expect(p.pseudonyms == .derived(prefix: "P"))
        #expect(p.retainedTextScan && p.ageCap)
    }

    @Test func fullProfileParses() throws {
        let text = """
            # a trial profile
            [options]
            retain_safe_private = true
            clean_descriptors = false
            retain_patient_characteristics = true

            [dates]
            shift_min_days = -100
            shift_max_days = 100

            [pseudonyms]
            source = "lookup"
            lookup_table = "subjects.csv"

            [text_scan]
            enabled = false

            [age]
            cap_over_89 = false

            [overrides]
            StudyDescription = "keep"
            "(0008,103E)" = "remove"
            '"ACME 1.0" 0019,10' = "keep"
            ClinicalTrialProtocolID = { replace = "TRIAL-7" }
            PatientComments = "empty"

            [safe_private]
            tags = ['"SIEMENS CT VA0  COAD" 0019,xx23', "(0029,1010)"]

            [governance]
            irb_protocol = "IRB-2024-113"
            dua = "DUA-9"
            dsa = "DSA-1"
            recipient = "Example University"
            legal_basis = "GDPR Art. 9(2)(j)"
            standard_contractual_clauses = true
            """
        let p = try ProfileParser.parse(text)
        #expect(p.has(.retainSafePrivate) && !p.has(.cleanDescriptors) && p.has(.retainPatientCharacteristics))
        #expect(p.dateShiftRange == -100...100)
        #expect(p.pseudonyms == .lookup(path: "subjects.csv", table: nil))
        #expect(!p.retainedTextScan && !p.ageCap)
        #expect(p.overrides[.tag(Tag(0x0008_1030))] == .keep)
        #expect(p.overrides[.tag(Tag(0x0008_103E))] == .remove)
        #expect(p.overrides[.privateTag(PrivateTag(creator: "ACME 1.0", group: 0x0019, offset: 0x10))] == .keep)
        #expect(p.overrides[.tag(Tag(0x0012_0020))] == .replace("TRIAL-7"))
        #expect(p.overrides[.tag(Tag(0x0010_4000))] == .empty)
        #expect(p.safePrivate == [.privateTag(PrivateTag(creator: "SIEMENS CT VA0  COAD", group: 0x0019, offset: 0x23)), .tag(Tag(0x0029_1010))])
        #expect(p.governance.irbProtocol == "IRB-2024-113" && p.governance.standardContractualClauses)
        // What `profile show` prints reads back to the same profile.
        #expect(try ProfileParser.parse(ProfileRenderer.toml(p)) == p)
        #expect(try ProfileParser.parse(ProfileRenderer.toml(.default)) == .default)
    }

    /// Each bad profile is rejected with the line of the offending key and what was expected.
    @Test(arguments: [
        ("[options]\nclean_pixel = true\n", 2, "unknown key"),
        ("[options]\n\nretain_uids = \"yes\"\n", 3, "expected true or false"),
        ("[dates]\nshift_min_days = -10\nshift_max_days = -20\n", 3, "expected shift_max_days (-20) >= shift_min_days (-10)"),
        ("[dates]\nshift_min_days = 0\nshift_max_days = 0\n", 2, "non-zero"),
        ("[dates]\nshift_min_days = 1.5\n", 2, "expected an integer"),
        ("[options]\nretain_longitudinal_full_dates = true\n", 2, "exclude each other"),
        ("[pseudonyms]\nsource = \"lookup\"\n", 2, "expects lookup_table"),
        ("[pseudonyms]\nsource = \"magic\"\n", 2, "expected \"derived\" or \"lookup\""),
        ("[pseudonyms]\nprefix = \"p x\"\n", 2, "expected 1 to 16 characters"),
        ("[overrides]\nNoSuchKeyword = \"keep\"\n", 2, "expected a DICOM keyword"),
        ("[overrides]\nStudyDescription = \"shred\"\n", 2, "expected \"keep\", \"remove\", \"empty\""),
        ("[overrides]\n'\"ACME\" 0018,10' = \"keep\"\n", 2, "odd hexadecimal group"),
        ("[overrides]\nStudyDescription = \"keep\"\n\"(0008,1030)\" = \"remove\"\n", 3, "names the same attribute"),
        ("[safe_private]\ntags = [\"(0008,1030)\"]\n", 2, "is not private"),
        ("[governance]\nirb = \"x\"\n", 2, "unknown key"),
        ("[text_scan]\nenabled = 1\n", 2, "expected true or false"),
        ("colour = 1\n", 1, "unknown key"),
        ("[options]\nclean_graphics = tru\n", 2, "not valid TOML"),
        ("\n\n[dates\n", 3, "not valid TOML"),
    ])
    func badProfilesNameTheirLine(text: String, line: Int, expected: String) {
        do {
            _ = try ProfileParser.parse(text, file: "p.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.description.hasPrefix("p.toml:\(line): "), "\(error)")
        }
    }

    @Test func lookupTableCSV() throws {
        let t = try PseudonymTable(csv: "# trial 7\npatient_id,subject_id\nMRN1,S-001\n\"MRN,2\",\"S-\"\"002\"\"\"\r\n\nMRN3 , S-003\n")
        #expect(t.subjects == ["MRN1": "S-001", "MRN,2": "S-\"002\"", "MRN3": "S-003"])
        #expect(throws: ProfileError(file: nil, line: 3, key: nil, message: "PatientID listed twice; expected each patient once")) {
            try PseudonymTable(csv: "A,1\nB,2\nA,3\n")
        }
        #expect(throws: ProfileError(file: nil, line: 2, key: nil, message: "expected two fields: PatientID,SubjectID")) {
            try PseudonymTable(csv: "A,1\nB\n")
        }
    }

    @Test func loadReadsTheLookupTableNextToTheProfile() throws {
        let dir = NSTemporaryDirectory() + "dcmveil-profile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[pseudonyms]\nsource = \"lookup\"\nlookup_table = \"s.csv\"\n".write(toFile: dir + "/p.toml", atomically: true, encoding: .utf8)
        try "MRN1,S-001\n".write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
        let p = try ProfileParser.load(path: dir + "/p.toml")
        #expect(p.pseudonyms == .lookup(path: "s.csv", table: PseudonymTable(["MRN1": "S-001"])))
        #expect(throws: ProfileError.self) { try ProfileParser.load(path: dir + "/missing.toml") }
    }

    @Test func exampleProfilesInTheRepositoryParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["default.toml", "safe-harbor.toml", "trial-with-lookup.toml"] {
            let p = try ProfileParser.load(path: root.appendingPathComponent("profiles/\(name)").path)
            _ = try Deidentifier(profile: p, key: TestKeys.a)
        }
        #expect(try ProfileParser.load(path: root.appendingPathComponent("profiles/default.toml").path) == .default)
    }
}

/// Options, overrides and private tags through the engine.
@Suite struct ProfileBehaviourTests {
    let corpus = AnswerKeyCorpus()
    var first: AnswerKeyCorpus.Instance { corpus.instances[0] }

    func run(_ p: Profile) throws -> DeidentificationResult {
        try Deidentifier(profile: p, key: TestKeys.a).deidentify(meta: first.meta, dataSet: first.dataSet)
    }

    @Test func retainSafePrivateKeepsListedPrivateTagsAndTheirCreator() throws {
        var p = Profile.default
        p.options.insert(.retainSafePrivate)
        p.safePrivate = [.privateTag(PrivateTag(creator: "ACME PHI 1.0", group: 0x0011, offset: 0x02))]
        let r = try run(p)
        #expect(r.dataSet.string(Tag(0x0011_0010)) == "ACME PHI 1.0")
        #expect(r.dataSet.string(Tag(0x0011_1002)) == "3.5")
        #expect(!r.dataSet.contains(Tag(0x0011_1001)))
        #expect((r.dataSet[Tag(0x0012_0064)]?.items ?? []).contains { $0.dataSet.string(Tag(0x0008_0100)) == "113111" })
        // Without the option the list is ignored.
        p.options.remove(.retainSafePrivate)
        #expect(!(try run(p)).dataSet.contains(Tag(0x0011_1002)))
    }

    @Test func overridesWinOverTheTable() throws {
        var p = Profile.default
        p.overrides = [
            .tag(Tag(0x0008_0070)): .remove,                // Manufacturer (not in the table)
            .tag(Tag(0x0018_1030)): .keep,                  // ProtocolName: kept, still scanned
            .tag(Tag(0x0008_0060)): .empty,
            .tag(Tag(0x0012_0020)): .replace("TRIAL-7"),    // absent: added
            .tag(Tag(0x0008_1010)): .replace("SCANNER-A"),  // StationName
            .privateTag(PrivateTag(creator: "ACME PHI 1.0", group: 0x0011, offset: 0x02)): .keep,
        ]
        let r = try run(p)
        #expect(!r.dataSet.contains(Tag(0x0008_0070)))
        #expect(r.dataSet.string(Tag(0x0018_1030)) == "Head routine [REMOVED]")
        #expect(r.dataSet[Tag(0x0008_0060)]?.isEmpty == true)
        #expect(r.dataSet.string(Tag(0x0012_0020)) == "TRIAL-7")
        #expect(r.dataSet.string(Tag(0x0008_1010)) == "SCANNER-A")
        #expect(r.dataSet.string(Tag(0x0011_1002)) == "3.5")
        #expect(r.actions.contains { $0.tag == Tag(0x0008_1010) && $0.rule == "override: replace \"SCANNER-A\"" && $0.old == "HOLLOWAYCT" })
    }

    @Test func ageCapUnderRetainPatientCharacteristics() throws {
        var p = Profile.default
        p.options.insert(.retainPatientCharacteristics)
        let r = try run(p)
        #expect(r.dataSet.string(Tag(0x0010_1010)) == "090Y")
        #expect(r.dataSet.string(Tag(0x0010_0040)) == "F")
        #expect(r.dataSet.string(Tag(0x0010_1030)) == "71.5")
        p.ageCap = false
        #expect(try run(p).dataSet.string(Tag(0x0010_1010)) == "093Y")
        #expect(!(try run(.default)).dataSet.contains(Tag(0x0010_1010)))
    }

    @Test func fullDatesAndNoDateOptions() throws {
        var p = Profile.default
        p.options = [.retainLongitudinalFullDates]
        let full = try run(p)
        #expect(full.dataSet.string(Tag(0x0008_0020)) == "20200315")
        #expect(full.dataSet.string(Tag(0x0028_0303)) == "UNMODIFIED")
        #expect(full.dateOffsetDays == 0)
        p.options = []
        let none = try run(p)
        #expect(none.dataSet[Tag(0x0008_0020)]?.isEmpty == true)         // StudyDate Z
        #expect(none.dataSet.string(Tag(0x0008_0021)) == "19000101")     // SeriesDate X/D -> D
        #expect(!none.dataSet.contains(Tag(0x0008_1030)))                // StudyDescription X without Clean Descriptors
        #expect(none.dataSet.string(Tag(0x0028_0303)) == "REMOVED")
        #expect(values(of: 0x0040_A121, in: none.dataSet) == ["19000101"])
    }

    @Test func retainUIDsKeepsEveryUID() throws {
        var p = Profile.default
        p.options.insert(.retainUIDs)
        let r = try run(p)
        #expect(r.dataSet.string(.sopInstanceUID) == first.dataSet.string(.sopInstanceUID))
        #expect(r.meta.string(.mediaStorageSOPInstanceUID) == first.meta.string(.mediaStorageSOPInstanceUID))
        #expect(values(of: 0x0040_A124, in: r.dataSet) == values(of: 0x0040_A124, in: first.dataSet))
    }

    @Test func scanOffLeavesUnlistedTextButCleanStillCleans() throws {
        var p = Profile.default
        p.retainedTextScan = false
        let r = try run(p)
        #expect(values(of: 0x0040_A160, in: r.dataSet).first?.contains("HOLLOWAY") == true)  // unlisted, unscanned
        #expect(r.dataSet.string(Tag(0x0008_1030)) == "CT HEAD for [REMOVED] [REMOVED]")    // C still cleans
    }

    @Test func actionsNameTheirPathAndRule() throws {
        let r = try run(.default)
        let nested = r.actions.first { $0.tag == Tag(0x0040_A124) }
        #expect(nested?.path == [TagPathComponent(tag: Tag(0x0008_1199), item: 0), TagPathComponent(tag: Tag(0x0040_A730), item: 0),
                                 TagPathComponent(tag: Tag(0x0040_A124), item: nil)])
        #expect(nested?.code == .uidMapped)
        #expect(nested?.old == first.dataSet[Tag(0x0008_1199)]?.items?[0].dataSet[Tag(0x0040_A730)]?.items?[0].dataSet.string(Tag(0x0040_A124)))
        let study = r.actions.first { $0.tag == Tag(0x0008_0020) }
        #expect(study?.code == .dateShifted)
        #expect(study?.rule.hasPrefix("option retain_longitudinal_modified_dates: C") == true)
        #expect(r.actions.contains { $0.keyword == "PatientName" && $0.code == .pseudonym })
        let quiet = try Deidentifier(profile: .default, key: TestKeys.a, recordActions: false).deidentify(meta: first.meta, dataSet: first.dataSet)
        #expect(quiet.actions.isEmpty)
        #expect(quiet.dataSet == r.dataSet)
    }
}

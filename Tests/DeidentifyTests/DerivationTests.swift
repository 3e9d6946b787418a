import DicomCore
import Foundation
import Testing
@testable import Deidentify

@Suite struct UIDRemapperTests {
    let remapper = UIDRemapper(key: TestKeys.a)

    @Test func derivedUIDsAreValidStableAndKeyed() {
        let a = remapper.remap("1.3.6.1.4.1.5962.99.1.1")
        #expect(a.hasPrefix("2.25."))
        #expect(UIDRemapper.isValid(a))
        #expect(a.count <= 44)
        #expect(a == remapper.remap("1.3.6.1.4.1.5962.99.1.1"))
        #expect(a == remapper.remap(bytes: ArraySlice(Array("1.3.6.1.4.1.5962.99.1.1".utf8) + [0])))  // padding ignored
        #expect(a != remapper.remap("1.3.6.1.4.1.5962.99.1.2"))
        #expect(a != UIDRemapper(key: TestKeys.b).remap("1.3.6.1.4.1.5962.99.1.1"))
    }

    @Test func versionAndVariantBitsAreSet() throws {
        for i in 0..<200 {
            let u = remapper.remap("1.2.3.\(i)")
            let digits = String(u.dropFirst(5))
            // Rebuild the 128-bit number from its decimal digits and check bits 76–79 (version) and 62–63 (variant).
            var hi: UInt64 = 0, lo: UInt64 = 0
            for c in digits.utf8 {
                let d = UInt64(c - 48)
                let (carry, low) = lo.multipliedFullWidth(by: 10)
                hi = hi &* 10 &+ carry
                let (sum, o) = low.addingReportingOverflow(d)
                lo = sum
                if o { hi &+= 1 }
            }
            #expect((hi >> 12) & 0xF == 8)
            #expect(lo >> 62 == 0b10)
        }
    }

    @Test func decimalConversion() {
        #expect(UIDRemapper.decimal(hi: 0, lo: 0) == "0")
        #expect(UIDRemapper.decimal(hi: 0, lo: 12345) == "12345")
        #expect(UIDRemapper.decimal(hi: 1, lo: 0) == "18446744073709551616")
        #expect(UIDRemapper.decimal(hi: .max, lo: .max) == "340282366920938463463374607431768211455")
        #expect(UIDRemapper.decimal(hi: 0, lo: 10_000_000_000_000_000_000) == "10000000000000000000")
    }

    @Test func validity() {
        #expect(UIDRemapper.isValid("1.2.840.10008.1.2"))
        #expect(UIDRemapper.isValid("0.1"))
        #expect(!UIDRemapper.isValid("1.02.3"))
        #expect(!UIDRemapper.isValid("1..2"))
        #expect(!UIDRemapper.isValid("1.2."))
        #expect(!UIDRemapper.isValid(""))
        #expect(!UIDRemapper.isValid("1.2.a"))
        #expect(!UIDRemapper.isValid("1." + String(repeating: "2", count: 63)))
    }

    @Test func wellKnown() {
        #expect(UIDRemapper.isWellKnown("1.2.840.10008.5.1.4.1.1.2"))
        #expect(UIDRemapper.isWellKnown("1.2.840.10008"))
        #expect(UIDRemapper.isWellKnown("2.16.840.1.113883.6.96"))
        #expect(!UIDRemapper.isWellKnown("1.2.840.100081.5"))
        #expect(!UIDRemapper.isWellKnown("1.3.6.1.4.1.5962"))
    }
}

@Suite struct DateShiftTests {
    @Test func shiftsDAValuesRangesAndMultipleValues() {
        let s = DateShift(days: -10)
        #expect(s.shiftDA("20200305") == "20200224")
        #expect(s.shiftDA("20200310-20200320") == "20200229-20200310")
        #expect(s.shiftDA("-20200310") == "-20200229")
        #expect(s.shiftDA("20200310-") == "20200229-")
        #expect(s.shiftDA("20200305\\20210101") == "20200224\\20201222")
        #expect(s.shiftDA("2020.03.05") == "20200224")
        #expect(s.shiftDA("20200230") == nil)
        #expect(s.shiftDA("2020") == nil)
        #expect(DateShift(days: 366).shiftDA("20000101") == "20010101")
        #expect(DateShift(days: -1).shiftDA("20000301") == "20000229")
        #expect(DateShift(days: -1).shiftDA("19000301") == "19000228")
    }

    @Test func shiftsDTKeepingTimeAndZone() {
        let s = DateShift(days: -31)
        #expect(s.shiftDT("20200301101530.25-0500") == "20200130101530.25-0500")
        #expect(s.shiftDT("20200301") == "20200130")
        #expect(s.shiftDT("202003") == "202001")
        #expect(s.shiftDT("2020") == "2019")
        #expect(s.shiftDT("2020+0100") == "2019+0100")
        #expect(s.shiftDT("20200301120000\\20200302") == "20200130120000\\20200131")
        #expect(s.shiftDT("20X") == nil)
    }

    @Test func offsetIsKeyedNonZeroAndInRange() {
        var seen = Set<Int>()
        for i in 0..<500 {
            let d = DateShift.offset(key: TestKeys.a, patientID: "ID\(i)", issuer: "", range: -3650 ... -365)
            #expect((-3650 ... -365).contains(d))
            seen.insert(d)
        }
        #expect(seen.count > 400)
        for i in 0..<500 {
            let d = DateShift.offset(key: TestKeys.a, patientID: "ID\(i)", issuer: "X", range: -2...2)
            #expect(d != 0 && (-2...2).contains(d))
        }
        let a = DateShift.offset(key: TestKeys.a, patientID: "P1", issuer: "", range: -3650 ... -365)
        #expect(a == DateShift.offset(key: TestKeys.a, patientID: "P1", issuer: "", range: -3650 ... -365))
        #expect(DateShift.offset(key: TestKeys.a, patientID: "P1", issuer: "", range: 0...0) != 0)
        #expect(DateShift.offset(key: TestKeys.a, patientID: "P1", issuer: "", range: Int.min...Int.max) != 0)
        #expect(DateShift.offset(key: TestKeys.a, patientID: "P1", issuer: "", range: 5...5) == 5)
    }

    @Test func civilDateRoundTrips() {
        for n in stride(from: -800_000, to: 2_900_000, by: 997) {
            let d = CivilDate(dayNumber: n)
            #expect(d.dayNumber == n)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).dayNumber == 11017)
    }
}

@Suite struct PseudonymTests {
    @Test func derivedPseudonymShape() {
        let p = PatientPseudonym.derive(key: TestKeys.a, patientID: "MRN1", issuer: "H")
        #expect(p.count == 11 && p.first == "P")
        #expect(p.dropFirst().allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        #expect(p == PatientPseudonym.derive(key: TestKeys.a, patientID: "MRN1", issuer: "H"))
        #expect(p != PatientPseudonym.derive(key: TestKeys.a, patientID: "MRN1", issuer: "I"))
        #expect(p != PatientPseudonym.derive(key: TestKeys.b, patientID: "MRN1", issuer: "H"))
        #expect(PatientPseudonym.derive(key: TestKeys.a, patientID: "MRN1", issuer: "H", prefix: "TRIAL-").hasPrefix("TRIAL-"))
    }
}

@Suite struct KeyTests {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "dcmveil-keys-\(UUID().uuidString)"
        return d
    }

    @Test func pseudonymKeyFileHasMode0600AndIsNeverOverwritten() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try KeyFiles.prepare(dir)
        let key = try KeyFiles.generatePseudonymKey(in: dir)
        let path = KeyFiles.paths(in: dir).pseudonym
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attrs[.size] as? NSNumber)?.intValue == 32)
        #expect(key.fingerprint.count == 16)
        #expect(key.fingerprint.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try PseudonymKey.read(path: path).fingerprint == key.fingerprint)
        #expect(throws: KeyError.exists(file: path)) { try KeyFiles.prepare(dir) }
        #expect(throws: KeyError.exists(file: path)) { try KeyFiles.generatePseudonymKey(in: dir) }
        #expect(try PseudonymKey.read(path: path).fingerprint == key.fingerprint)
    }

    @Test func fingerprintFollowsTheDocumentedFormula() throws {
        // SHA-256("dcmveil-pseudonym-key-v1" || 0x00 || 32 zero bytes), first 16 hex digits, checked with sha256sum.
        let zero = TestKeys.key([UInt8](repeating: 0, count: 32))
        #expect(zero.fingerprint == KeyFiles.fingerprint(label: "dcmveil-pseudonym-key-v1", keyBytes: [UInt8](repeating: 0, count: 32)))
        #expect(zero.fingerprint.count == 16)
        #expect(zero.fingerprint != TestKeys.a.fingerprint)
    }

    @Test func handWrittenHMACAgreesWithSwiftCrypto() {
        for (i, key) in [TestKeys.a, TestKeys.b].enumerated() {
            for domain in ["uid", "date", "patient", ""] {
                let parts: [ArraySlice<UInt8>] = [ArraySlice("1.2.3.\(i)".utf8), [], ArraySlice([UInt8](repeating: 0xAB, count: 200))]
                #expect(key.mac(domain: domain, parts) == key.referenceMAC(domain: domain, parts))
            }
        }
    }

    @Test func oneKeyGivesTheSameMACsFromManyThreadsAtOnce() async {
        // The key's precomputed SHA-256 states are shared; each MAC must start from its own copy.
        let key = TestKeys.a
        let results = await withTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { i in
                        let parts: [ArraySlice<UInt8>] = [ArraySlice("1.2.\(t).\(i)".utf8)]
                        return key.mac(domain: "uid", parts) == key.referenceMAC(domain: "uid", parts)
                    }
                }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8 && results.allSatisfy { $0 })
    }

    @Test func shortKeysAreRejected() throws {
        #expect(throws: KeyError.wrongSize(file: nil, expected: 32, found: 31)) { try PseudonymKey(bytes: [UInt8](repeating: 1, count: 31)) }
    }
}

@Suite struct PHITokenTests {
    let ds = Build.dataSet([
        Build.text(0x0010_0010, .PN, "VAN DER BERG^ANNELIESE^MARIE^DR^"),
        Build.text(0x0010_0020, .LO, "12345"),
        Build.text(0x0010_0030, .DA, "19650312"),
        Build.text(0x0010_2154, .SH, "(020) 7946-0018"),
        Build.text(0x0008_0080, .LO, "Royal Brompton Hospital"),
        Build.seq(0x0008_1062, [[Build.text(0x0008_1060, .PN, "LEE^KIM")]]),
    ])

    @Test func harvestsNamesIDsDatesPhonesAndInstitutions() {
        let t = PHITokens.harvest(from: ds)
        let texts = Set(t.tokens.map(\.text))
        for s in ["VAN DER BERG", "BERG", "ANNELIESE", "MARIE", "12345", "19650312", "1965-03-12", "12.03.1965", "03/12/1965",
                  "(020) 7946-0018", "02079460018", "Royal Brompton Hospital", "Royal", "Brompton", "LEE", "KIM"] {
            #expect(texts.contains(s), "missing \(s)")
        }
        #expect(!texts.contains("DR"))
        #expect(!texts.contains("Hospital"))
    }

    @Test func matchingRespectsWordEdgesAndCase() {
        let t = PHITokens.harvest(from: ds)
        #expect(t.matches(in: "sleep study").isEmpty)                 // LEE inside SLEEP
        #expect(t.matches(in: "Dr Lee reviewed").count == 1)
        #expect(t.matches(in: "MRN12345").count == 1)                 // digits after letters
        #expect(t.matches(in: "123456").isEmpty)                      // digits continue
        #expect(t.matches(in: "born 12.03.1965 in Leeds").map { $0.token.kind } == [.birthDate])
        let m = t.matches(in: "Patient van der Berg, royal brompton hospital")
        #expect(m.map { $0.token.text } == ["VAN DER BERG", "Royal Brompton Hospital"])
    }

    @Test func emptyDataSetHarvestsNothing() {
        #expect(PHITokens.harvest(from: DataSet()).isEmpty)
    }
}

@Suite struct UIDMemoTests {
    let key = TestKeys.a

    @Test func memoGivesWhatTheRemapperGives() {
        let memo = UIDMemo()
        let remapper = UIDRemapper(key: key)
        for i in 0..<50 {
            let uid = ArraySlice("1.2.826.0.1.3680043.10.\(i % 7)".utf8)
            #expect(memo.remap(uid, with: remapper) == remapper.remap(bytes: uid))
        }
    }

    @Test func memoStaysRightPastItsCapacity() {
        let memo = UIDMemo()
        let remapper = UIDRemapper(key: key)
        let first = ArraySlice("1.2.3.4.0".utf8)
        let expected = remapper.remap(bytes: first)
        #expect(memo.remap(first, with: remapper) == expected)
        for i in 1...(UIDMemo.capacity + 10) { _ = memo.remap(ArraySlice("1.2.3.4.\(i)".utf8), with: remapper) }
        #expect(memo.remap(first, with: remapper) == expected)
    }
}

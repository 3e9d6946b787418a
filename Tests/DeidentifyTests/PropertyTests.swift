import DicomFixtures
import DicomCore
import Foundation
import Testing
@testable import Deidentify


/// Random data sets with PHI and UIDs scattered through nested sequences.
struct RandomCase {
    var dataSet: DataSet
    var uids: [String] = []
    /// Names and IDs, each of which appears in the data set as a whole word.
    var secrets: [String] = []

    static let filler = ["scan", "contrast", "axial", "follow", "up", "lesion", "stable", "report", "normal", "phase",
                         "arterial", "venous", "head", "neck", "chest", "no", "change", "since", "prior", "study"]
    static let textTags: [(UInt32, VR)] = [(0x0040_A160, .UT), (0x0008_0104, .LO), (0x0020_4000, .LT), (0x0008_103E, .LO),
                                           (0x0008_1030, .LO), (0x0032_1060, .LO), (0x0040_0254, .LO), (0x0018_1030, .LO),
                                           (0x0010_4000, .LT), (0x0040_A043, .LO), (0x0070_0084, .PN), (0x0040_A123, .PN)]
    static let uidTags: [UInt32] = [0x0008_1155, 0x0020_0052, 0x3006_0024, 0x0040_A124, 0x0020_000E, 0x0008_3010, 0x0020_9161, 0x0020_0242]
    static let seqTags: [UInt32] = [0x0008_1199, 0x0040_A730, 0x0008_1115, 0x0008_1140, 0x0040_A370, 0x0054_0016]

    static func word(_ g: inout SplitMix64, length: Int) -> String {
        let cons = Array("BCDFGHJKLMNPRSTVWZ"), vow = Array("AEIOU")
        var s = "Q"
        for i in 0..<length { s.append(i % 2 == 0 ? vow.randomElement(using: &g)! : cons.randomElement(using: &g)!) }
        return s
    }

    static func uid(_ g: inout SplitMix64) -> String {
        "1.3.6.1.4.1." + (0..<Int.random(in: 2...6, using: &g)).map { _ in String(Int.random(in: 1...99999, using: &g)) }.joined(separator: ".")
    }

    init(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let family = Self.word(&g, length: Int.random(in: 3...8, using: &g))
        let given = Self.word(&g, length: Int.random(in: 3...8, using: &g))
        let id = "ID" + String(Int.random(in: 100_000...999_999_999, using: &g))
        let accession = "A" + String(Int.random(in: 10_000...99_999_999, using: &g))
        secrets = [family, given, id, accession]
        var top: [DataElement] = [
            Build.text(0x0010_0010, .PN, "\(family)^\(given)"),
            Build.text(0x0010_0020, .LO, id),
            Build.text(0x0008_0050, .SH, accession),
            Build.text(0x0008_0016, .UI, "1.2.840.10008.5.1.4.1.1.7"),
        ]
        let sop = Self.uid(&g), study = Self.uid(&g)
        uids += [sop, study]
        top.append(Build.text(0x0008_0018, .UI, sop))
        top.append(Build.text(0x0020_000D, .UI, study))
        var local = g
        top += Self.elements(&local, depth: 0, secrets: secrets, uids: &uids)
        var seen = Set<UInt32>()
        top = top.filter { seen.insert($0.tag.raw).inserted }
        dataSet = Build.dataSet(top)
    }

    static func elements(_ g: inout SplitMix64, depth: Int, secrets: [String], uids: inout [String]) -> [DataElement] {
        var out: [DataElement] = []
        var used = Set<UInt32>()
        for _ in 0..<Int.random(in: 2...8, using: &g) {
            switch Int.random(in: 0..<10, using: &g) {
            case 0..<4:
                let (tag, vr) = textTags.randomElement(using: &g)!
                guard used.insert(tag).inserted else { continue }
                var words = (0..<Int.random(in: 1...8, using: &g)).map { _ in filler.randomElement(using: &g)! }
                if Bool.random(using: &g) { words.insert(secrets.randomElement(using: &g)!, at: Int.random(in: 0...words.count, using: &g)) }
                if let u = uids.last, Int.random(in: 0..<4, using: &g) == 0 { words.append("(see \(u))") }
                let text = vr == .PN ? secrets[0] + "^" + secrets[1] : words.joined(separator: " ")
                out.append(Build.text(tag, vr, text))
            case 4..<7:
                let tag = uidTags.randomElement(using: &g)!
                guard used.insert(tag).inserted else { continue }
                let u = uid(&g)
                uids.append(u)
                out.append(Build.text(tag, .UI, u))
            default:
                guard depth < 4 else { continue }
                let tag = seqTags.randomElement(using: &g)!
                guard used.insert(tag).inserted else { continue }
                let items = (0..<Int.random(in: 1...3, using: &g)).map { _ in elements(&g, depth: depth + 1, secrets: secrets, uids: &uids) }
                out.append(Build.seq(tag, items))
            }
        }
        return out
    }
}

@Suite struct PropertyTests {
    @Test func noOriginalUIDOrHarvestedTokenSurvivesAndEveryUIDIsValid() throws {
        let engine = try Deidentifier(profile: .default, key: TestKeys.a, recordActions: false)
        for seed in UInt64(1)...300 {
            let c = RandomCase(seed: seed)
            let harvested = PHITokens.harvest(from: c.dataSet)
            let r = try engine.deidentify(meta: DataSet(), dataSet: c.dataSet)
            let values = allValues(r.dataSet)
            var all = Data()
            for (tag, vr, bytes) in values {
                if vr == .UI {
                    for u in DataSet.decodeStrings(ArraySlice(bytes), vr: .UI, charset: .default) where !u.isEmpty {
                        #expect(UIDRemapper.isValid(u), "seed \(seed): \(tag) \(u)")
                    }
                }
                if Run.scannedVRs.contains(vr) {
                    #expect(harvested.matches(bytes: ArraySlice(bytes)).isEmpty, "seed \(seed): a token survived in \(tag)")
                }
                all.append(contentsOf: bytes.map(PHITokens.lower))
                all.append(0)
            }
            // Every value's bytes at once: no original UID (as a whole value) and no secret anywhere.
            // Originals are 1.3.6.1.4.1.… and new UIDs 2.25.<digits>: any occurrence is a survivor, in UI or in text.
            for u in c.uids { #expect(all.range(of: Data(u.utf8)) == nil, "seed \(seed): UID \(u) survived") }
            for s in c.secrets { #expect(all.range(of: Data(s.lowercased().utf8)) == nil, "seed \(seed): \(s) survived") }
        }
    }

    @Test func deidentifyingTwiceIsStableForMarkersAndIdempotentForUIDShape() throws {
        let engine = try Deidentifier(profile: .default, key: TestKeys.a, recordActions: false)
        for seed in UInt64(1000)...1050 {
            let c = RandomCase(seed: seed)
            let once = try engine.deidentify(meta: DataSet(), dataSet: c.dataSet)
            let again = try engine.deidentify(meta: DataSet(), dataSet: c.dataSet)
            #expect(once.dataSet == again.dataSet)
        }
    }
}

import DicomCore
import Foundation
import DicomDictionary
@testable import Deidentify

/// Builders for in-memory data sets.
enum Build {
    static func text(_ tag: UInt32, _ vr: VR, _ value: String, latin1: Bool = false) -> DataElement {
        var bytes: [UInt8] = latin1 ? value.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return DataElement(tag: Tag(tag), vr: vr, bytes: ArraySlice(bytes))
    }

    static func seq(_ tag: UInt32, _ items: [[DataElement]]) -> DataElement {
        DataElement(tag: Tag(tag), vr: .SQ, value: .sequence(.init(items: items.map { SequenceItem(DataSet(sorted($0))) })))
    }

    static func binary(_ tag: UInt32, _ vr: VR, _ bytes: [UInt8]) -> DataElement {
        DataElement(tag: Tag(tag), vr: vr, bytes: ArraySlice(bytes))
    }

    static func sorted(_ e: [DataElement]) -> [DataElement] { e.sorted { $0.tag < $1.tag } }

    static func dataSet(_ e: [DataElement]) -> DataSet { DataSet(sorted(e)) }

    static func meta(sopClass: String, sop: String) -> DataSet {
        dataSet([
            binary(0x0002_0001, .OB, [0, 1]),
            text(0x0002_0002, .UI, sopClass),
            text(0x0002_0003, .UI, sop),
            text(0x0002_0010, .UI, "1.2.840.10008.1.2.1"),
            text(0x0002_0012, .UI, "1.2.3.4.5"),
            text(0x0002_0016, .AE, "HOLLOWAYCT"),
        ])
    }
}

/// Fixed keys for tests.
enum TestKeys {
    static let a = key(Array(0..<32))
    static let b = key((0..<32).map { UInt8(255 - $0) })

    static func key(_ bytes: [UInt8]) -> PseudonymKey {
        guard let k = try? PseudonymKey(bytes: bytes) else { preconditionFailure("32 bytes make a key") }
        return k
    }
}

/// The answer-key corpus: patients × studies × series × instances with PHI in every attribute we could fill,
/// and the PHI strings that must not survive.
struct AnswerKeyCorpus {
    struct Instance {
        var meta: DataSet
        var dataSet: DataSet
        var patient: Int
        var study: Int
        var series: Int
    }

    var instances: [Instance] = []
    /// Strings that must not appear anywhere in the output bytes.
    var phi: Set<String> = []
    /// Original UIDs (instance-level) that must not appear in the output.
    var originalUIDs: Set<String> = []

    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"

    struct Patient {
        var family: String
        var given: String
        var id: String
        var birth: String
        var mother: String
        var street: String
        var phone: String
        var otherID: String
    }

    static let patients = [
        Patient(family: "HOLLOWAY", given: "ZEBEDIAH", id: "MRN778812", birth: "19470312", mother: "QUENTINA", street: "Wisteria", phone: "555-0199-7731", otherID: "XQ99018"),
        Patient(family: "MÜLLERSOHN", given: "GRETCHEN", id: "MRN550021", birth: "19810730", mother: "BRUNHILDA", street: "Lindenbaum", phone: "030-88812345", otherID: "XQ44120"),
        Patient(family: "OKONKWOLU", given: "ADAEZE", id: "MRN104477", birth: "19290101", mother: "NNEKAWA", street: "Marinaview", phone: "+234-1-7766554", otherID: "XQ31337"),
    ]

    static let studyDates = ["20200315", "20210228"]

    init() {
        for (p, pt) in Self.patients.enumerated() {
            for s in 0..<2 {
                let studyUID = "1.3.6.1.4.1.99999.\(p + 1).\(s + 1)"
                let accession = "ACC\(p)\(s)90817"
                let studyDate = Self.studyDates[s]
                for r in 0..<2 {
                    let seriesUID = "\(studyUID).\(r + 1)"
                    let frameUID = "\(seriesUID).9"
                    let sops = (0..<2).map { "\(seriesUID).\($0 + 1).7" }
                    for i in 0..<2 {
                        let sop = sops[i]
                        let other = sops[1 - i]
                        let ds = Self.instance(pt, patientIndex: p, studyUID: studyUID, seriesUID: seriesUID, frameUID: frameUID, sop: sop,
                                               other: other, accession: accession, studyDate: studyDate, series: r, instance: i)
                        instances.append(Instance(meta: Build.meta(sopClass: Self.ctImage, sop: sop), dataSet: ds, patient: p, study: s, series: r))
                        originalUIDs.formUnion([studyUID, seriesUID, frameUID, sop, sop + ".3", studyUID + ".55"])
                    }
                }
                phi.insert(accession)
            }
            let y = pt.birth.prefix(4), m = pt.birth.dropFirst(4).prefix(2), d = pt.birth.suffix(2)
            phi.formUnion([pt.family, pt.given, pt.id, pt.birth, pt.mother, pt.street, pt.phone, pt.otherID,
                           "\(y)-\(m)-\(d)", "\(d).\(m).\(y)", "\(m)/\(d)/\(y)", "SPS\(p)4411", "RP\(p)8812", "STUDY\(p)77"])
        }
        phi.formUnion(["ST SWITHIN", "Harrowgate", "DRPEMBERTON", "QUIMBLEY", "FARNSWORTH", "SN-44X-0091", "HOLLOWAYCT",
                       "VASQUEZOPERATOR", "Radiology Annex Nine", "GERTIE", "ROSA", "ALFRED", "HORACE", "EDITH"])
    }

    static func instance(_ pt: Patient, patientIndex: Int, studyUID: String, seriesUID: String, frameUID: String, sop: String, other: String,
                         accession: String, studyDate: String, series: Int, instance: Int) -> DataSet {
        let name = "\(pt.family)^\(pt.given)^^DR^"
        let birthISO = "\(pt.birth.prefix(4))-\(pt.birth.dropFirst(4).prefix(2))-\(pt.birth.suffix(2))"
        let birthEU = "\(pt.birth.suffix(2)).\(pt.birth.dropFirst(4).prefix(2)).\(pt.birth.prefix(4))"
        let birthUS = "\(pt.birth.dropFirst(4).prefix(2))/\(pt.birth.suffix(2))/\(pt.birth.prefix(4))"
        var e: [DataElement] = [
            Build.binary(0x0008_0000, .UL, [0, 0, 0, 0]),
            Build.text(0x0008_0005, .CS, "ISO_IR 100"),
            Build.text(0x0008_0008, .CS, "ORIGINAL\\PRIMARY\\AXIAL"),
            Build.text(0x0008_0012, .DA, studyDate),
            Build.text(0x0008_0013, .TM, "101500"),
            Build.text(0x0008_0016, .UI, ctImage),
            Build.text(0x0008_0018, .UI, sop),
            Build.text(0x0008_0020, .DA, studyDate),
            Build.text(0x0008_0021, .DA, studyDate),
            Build.text(0x0008_0022, .DA, studyDate),
            Build.text(0x0008_0023, .DA, studyDate),
            Build.text(0x0008_002A, .DT, "\(studyDate)101530.25-0500"),
            Build.text(0x0008_0030, .TM, "101500"),
            Build.text(0x0008_0050, .SH, accession),
            Build.text(0x0008_0060, .CS, "CT"),
            Build.text(0x0008_0070, .LO, "ACME"),
            Build.text(0x0008_0080, .LO, "ST SWITHIN Harrowgate Hospital"),
            Build.text(0x0008_0081, .ST, "12 Harrowgate Lane\\Leeds"),
            Build.text(0x0008_0090, .PN, "DRPEMBERTON^ALFRED"),
            Build.text(0x0008_1010, .SH, "HOLLOWAYCT"),
            Build.text(0x0008_1030, .LO, "CT HEAD for \(pt.family) \(pt.given)", latin1: true),
            Build.text(0x0008_103E, .LO, "AXIAL \(pt.id) series \(series)"),
            Build.text(0x0008_1040, .LO, "Radiology Annex Nine"),
            Build.text(0x0008_1048, .PN, "QUIMBLEY^HORACE"),
            Build.text(0x0008_1050, .PN, "FARNSWORTH^EDITH"),
            Build.text(0x0008_1070, .PN, "VASQUEZOPERATOR^LUIS"),
            Build.text(0x0010_0010, .PN, name, latin1: true),
            Build.text(0x0010_0020, .LO, pt.id),
            Build.text(0x0010_0021, .LO, "HARROWGATE_MRN"),
            Build.text(0x0010_0030, .DA, pt.birth),
            Build.text(0x0010_0040, .CS, "F"),
            Build.text(0x0010_1000, .LO, pt.otherID),
            Build.text(0x0010_1001, .PN, "\(pt.family)^GERTIE", latin1: true),
            Build.text(0x0010_1010, .AS, "093Y"),
            Build.text(0x0010_1030, .DS, "71.5"),
            Build.text(0x0010_1040, .LO, "7 \(pt.street) Close, Leeds", latin1: true),
            Build.text(0x0010_1060, .PN, "\(pt.mother)^ROSA", latin1: true),
            Build.text(0x0010_2154, .SH, pt.phone),
            Build.text(0x0010_4000, .LT, "Patient \(pt.given) \(pt.family) DOB \(birthISO), MRN \(pt.id)", latin1: true),
            Build.text(0x0018_1000, .LO, "SN-44X-0091"),
            Build.text(0x0018_1030, .LO, "Head routine \(pt.family)", latin1: true),
            Build.text(0x0020_000D, .UI, studyUID),
            Build.text(0x0020_000E, .UI, seriesUID),
            Build.text(0x0020_0010, .SH, "STUDY\(patientIndex)77"),
            Build.text(0x0020_0013, .IS, "\(instance + 1)"),
            Build.text(0x0020_0052, .UI, frameUID),
            Build.text(0x0020_4000, .LT, "seen by Dr FARNSWORTH; born \(birthEU) or \(birthUS)"),
            Build.binary(0x0028_0010, .US, [4, 0]),
            Build.binary(0x0028_0011, .US, [4, 0]),
            Build.text(0x0028_0301, .CS, "NO"),
            // A private block holding PHI.
            Build.text(0x0011_0010, .LO, "ACME PHI 1.0"),
            Build.text(0x0011_1001, .LO, "\(pt.family) \(pt.id)", latin1: true),
            Build.text(0x0011_1002, .DS, "3.5"),
            // Overlay and curve groups.
            Build.binary(0x6000_0010, .US, [4, 0]),
            Build.binary(0x6000_3000, .OW, [UInt8](repeating: 0xFF, count: 4)),
            Build.text(0x5000_2500, .LO, "curve \(pt.family)", latin1: true),
            Build.binary(0x7FE0_0010, .OW, [UInt8](repeating: 7, count: 32)),
        ]
        e.append(Build.seq(0x0008_1140, [[  // ReferencedImageSequence
            Build.text(0x0008_1150, .UI, ctImage), Build.text(0x0008_1155, .UI, other)]]))
        e.append(Build.seq(0x0008_2112, [[  // SourceImageSequence, with a nested purpose code
            Build.text(0x0008_1150, .UI, ctImage), Build.text(0x0008_1155, .UI, other),
            Build.seq(0x0040_A170, [[Build.text(0x0008_0100, .SH, "121320"), Build.text(0x0008_0102, .SH, "DCM"),
                                     Build.text(0x0008_0104, .LO, "Uncompressed predecessor")]]),
        ]]))
        e.append(Build.seq(0x0008_1110, [[Build.text(0x0008_1150, .UI, "1.2.840.10008.3.1.2.3.1"), Build.text(0x0008_1155, .UI, studyUID + ".55")]]))
        e.append(Build.seq(0x0008_1120, [[Build.text(0x0008_1150, .UI, "1.2.840.10008.3.1.2.1.1"), Build.text(0x0008_1155, .UI, "1.3.6.1.4.1.99999.777.\(patientIndex)")]]))
        e.append(Build.seq(0x0010_1002, [[Build.text(0x0010_0020, .LO, pt.otherID), Build.text(0x0010_0022, .CS, "TEXT")]]))
        e.append(Build.seq(0x0040_0275, [[  // RequestAttributesSequence
            Build.text(0x0040_0009, .SH, "SPS\(patientIndex)4411"), Build.text(0x0040_1001, .SH, "RP\(patientIndex)8812"),
            Build.text(0x0032_1060, .LO, "Requested for \(pt.family)", latin1: true)]]))
        e.append(Build.seq(0x0040_0555, [[Build.text(0x0040_A160, .UT, "context \(pt.given)", latin1: true)]]))
        // An unlisted sequence holding references and, one level further down, SR-like content.
        e.append(Build.seq(0x0008_1199, [[
            Build.text(0x0008_1150, .UI, ctImage), Build.text(0x0008_1155, .UI, other),
            Build.seq(0x0040_A730, [[
                Build.text(0x0040_A040, .CS, "TEXT"),
                Build.text(0x0040_A160, .UT, "Report for \(pt.given) \(pt.family), MRN \(pt.id), phone \(pt.phone)", latin1: true),
                Build.text(0x0040_A123, .PN, name, latin1: true),
                Build.text(0x0040_A124, .UI, sop + ".3"),
                Build.text(0x0040_A121, .DA, studyDate),
                Build.text(0x0040_A120, .DT, "\(studyDate)0830"),
            ]]),
        ]]))
        return Build.dataSet(e)
    }
}

/// Every byte value in a data set, at any depth, with its tag and VR.
func allValues(_ ds: DataSet) -> [(Tag, VR, [UInt8])] {
    var out: [(Tag, VR, [UInt8])] = []
    for e in ds.elements {
        switch e.value {
        case .bytes(let b): out.append((e.tag, e.vr, Array(b)))
        case .sequence(let s): for i in s.items { out += allValues(i.dataSet) }
        case .encapsulated: break
        }
    }
    return out
}

/// Every UI value in a data set, at any depth, with its tag.
func allUIDs(_ ds: DataSet) -> [(Tag, String)] {
    allValues(ds).filter { $0.1 == .UI }.flatMap { t, _, b in
        DataSet.decodeStrings(ArraySlice(b), vr: .UI, charset: .default).filter { !$0.isEmpty }.map { (t, $0) }
    }
}

/// All values of `tag` at any depth.
func values(of tag: UInt32, in ds: DataSet) -> [String] {
    allValues(ds).filter { $0.0.raw == tag }.map { DataSet.decodeStrings(ArraySlice($0.2), vr: $0.1, charset: .default).joined(separator: "\\") }
}

/// True when `needle` occurs in `haystack` (ASCII case-insensitive).
func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    return Data(haystack.map(PHITokens.lower)).range(of: Data(needle.map(PHITokens.lower))) != nil
}

/// Latin-1 bytes of a string (as the corpus encodes them).
func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }

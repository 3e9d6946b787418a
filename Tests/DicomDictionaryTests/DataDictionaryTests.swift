import DicomCore
import Foundation
import StandardTables
import Testing

@testable import DicomDictionary

@Suite struct DataDictionaryTests {
    @Test func patientName() throws {
        let e = try #require(DataDictionary.entry(for: Tag(0x0010_0010)))
        #expect(e.keyword == "PatientName")
        #expect(e.name == "Patient's Name")
        #expect(e.vr == .PN)
        #expect(e.vrs == [.PN])
        #expect(e.vm == "1")
        #expect(!e.isRetired)
        #expect(!e.isRepeatingGroup)
        #expect(DataDictionary.keyword(for: Tag(0x0010_0010)) == "PatientName")
        #expect(DataDictionary.tag(forKeyword: "PatientName") == Tag(0x0010_0010))
        #expect(DataDictionary.vr(for: Tag(0x0010_0010)) == .PN)
    }

    @Test func retiredAndMultiplicity() throws {
        let e = try #require(DataDictionary.entry(for: Tag(0x0008_0001)))
        #expect(e.keyword == "LengthToEnd" && e.isRetired && e.vr == .UL)
        #expect(DataDictionary.entry(for: Tag(0x0008_0008))?.vm == "2-n")
        #expect(DataDictionary.entry(for: Tag(0x0028_3006))?.vm == "1-n or 1")
    }

    @Test func alternativeVRs() throws {
        #expect(DataDictionary.entry(for: Tag(0x0028_0106))?.vrs == [.US, .SS])
        #expect(DataDictionary.vr(for: Tag(0x0028_0106)) == .US)
        #expect(DataDictionary.entry(for: Tag(0x7FE0_0010))?.vrs == [.OB, .OW])
        #expect(DataDictionary.entry(for: Tag(0x0028_1200))?.vrs == [.US, .SS, .OW])
        // "See Note 2" (item) and an empty VR (a retired row) give no VR.
        let item = try #require(DataDictionary.entry(for: .item))
        #expect(item.vrs.isEmpty && item.vr == .UN && item.keyword == "Item")
        #expect(DataDictionary.entry(for: Tag(0x0008_0202))?.vrs == [])
        #expect(DataDictionary.keyword(for: Tag(0x0008_0202)) == nil)
    }

    @Test func keywordLookup() {
        #expect(DataDictionary.tag(forKeyword: "StudyInstanceUID") == Tag(0x0020_000D))
        #expect(DataDictionary.tag(forKeyword: "PixelData") == Tag(0x7FE0_0010))
        #expect(DataDictionary.tag(forKeyword: "OverlayData") == Tag(0x6000_3000))
        #expect(DataDictionary.tag(forKeyword: "RowsForNthOrderCoefficients") == Tag(0x0028_0410))
        #expect(DataDictionary.tag(forKeyword: "EscapeTriplet") == Tag(0x1000_0010))
        #expect(DataDictionary.tag(forKeyword: "ZonalMap") == Tag(0x1010_0001))
        #expect(DataDictionary.tag(forKeyword: "patientname") == nil)
        #expect(DataDictionary.tag(forKeyword: "") == nil)
        #expect(DataDictionary.tag(forKeyword: "NoSuchKeyword") == nil)
    }

    @Test func repeatingGroups() throws {
        let overlay = try #require(DataDictionary.entry(for: Tag(0x6002_3000)))
        #expect(overlay.keyword == "OverlayData" && overlay.vrs == [.OB, .OW])
        #expect(overlay.tag == Tag(0x6000_3000) && overlay.mask == 0xFF00_FFFF && overlay.isRepeatingGroup)
        #expect(DataDictionary.keyword(for: Tag(0x601E_0010)) == "OverlayRows")
        #expect(DataDictionary.keyword(for: Tag(0x5004_0010)) == "NumberOfPoints")
        #expect(DataDictionary.entry(for: Tag(0x5004_0010))?.isRetired == true)
        #expect(DataDictionary.keyword(for: Tag(0x0028_0410)) == "RowsForNthOrderCoefficients")
        #expect(DataDictionary.keyword(for: Tag(0x0028_04F1)) == "ColumnsForNthOrderCoefficients")
        #expect(DataDictionary.keyword(for: Tag(0x1000_0121)) == "RunLengthTriplet")
        #expect(DataDictionary.keyword(for: Tag(0x0020_3105)) == "SourceImageIDs")
        #expect(DataDictionary.keyword(for: Tag(0x1010_1234)) == "ZonalMap")
        #expect(DataDictionary.keyword(for: Tag(0x7F02_0010)) == "VariablePixelData")
        // Odd groups are private: a repeating pattern does not reach them.
        #expect(DataDictionary.entry(for: Tag(0x6001_3000)) == nil)
        #expect(DataDictionary.entry(for: Tag(0x5005_0010)) == nil)
        // A concrete tag that only looks like a member of a pattern.
        #expect(DataDictionary.entry(for: Tag(0x6000_3001)) == nil)
        #expect(DataDictionary.vr(for: Tag(0x6004_0010)) == .US)
        // (0028,0400) is an attribute of its own beside (0028,04X0).
        #expect(DataDictionary.entry(for: Tag(0x0028_0400))?.isRepeatingGroup == false)
        // A group length is never a member of a repeating group such as (1000,XXX0).
        #expect(DataDictionary.entry(for: Tag(0x1000_0000)) == nil)
        #expect(DataDictionary.vr(for: Tag(0x1000_0000)) == .UL)
    }

    @Test func implicitVRRules() {
        #expect(DataDictionary.vr(for: Tag(0x0010_0000)) == .UL)
        #expect(DataDictionary.vr(for: Tag(0x0002_0000)) == .UL)
        #expect(DataDictionary.vr(for: Tag(0x0009_0000)) == .UL)
        #expect(DataDictionary.vr(for: Tag(0x0009_0010)) == .LO)
        #expect(DataDictionary.vr(for: Tag(0x0029_00FF)) == .LO)
        #expect(DataDictionary.vr(for: Tag(0x0029_1010)) == .UN)
        #expect(DataDictionary.vr(for: Tag(0x0010_ABCD)) == .UN)
        #expect(DataDictionary.entry(for: Tag(0x0009_0010)) == nil)
        #expect(DataDictionary.keyword(for: Tag(0x0010_ABCD)) == nil)
    }

    /// Every row of the standard's JSON comes back from the runtime table, field for field.
    @Test func everyRowOfTheStandardIsIndexed() throws {
        let data = try Data(contentsOf: RepoFiles.standard.appendingPathComponent(StandardTablesGenerator.attributesFile))
        let rows = try AttributeRow.parseAll(data)
        #expect(DataDictionary.entries.count == rows.count)
        #expect(DataDictionary.generatedRowCount == rows.count)
        let exactTags = Set(rows.filter { !$0.tag.isRepeating }.map(\.tag.text))
        for r in rows {
            let exampleTag = try #require(RepoFiles.member(of: r.tag, avoiding: exactTags))
            guard let e = DataDictionary.entry(for: exampleTag) else {
                Issue.record("no entry for \(r.tag)")
                continue
            }
            #expect(e.keyword == r.keyword, "\(r.tag)")
            #expect(e.name == r.name, "\(r.tag)")
            #expect(e.vm == r.vm, "\(r.tag)")
            #expect(e.isRetired == r.isRetired, "\(r.tag)")
            #expect(e.vrs.map(\.rawValue) == r.vrs, "\(r.tag)")
            #expect(e.isRepeatingGroup == r.tag.isRepeating, "\(r.tag)")
            if !r.keyword.isEmpty {
                let t = try #require(DataDictionary.tag(forKeyword: r.keyword), "\(r.keyword)")
                #expect(DataDictionary.keyword(for: t) == r.keyword)
                if !r.tag.isRepeating { #expect(t == exampleTag) }
            }
        }
    }
}

/// Paths of the repository's own files, found from this source file.
enum RepoFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let standard = root.appendingPathComponent("Tools/standard")

    /// A concrete tag matched by `pattern` that is not one of `exact` (a repeating group such as
    /// `(0028,04X0)` has exact rows such as (0028,0400) beside it) nor a group length: each `X` replaced by the same even digit.
    static func member(of pattern: TagPattern, avoiding exact: Set<String>) -> DicomCore.Tag? {
        for digit in ["0", "2", "4", "6", "8", "A", "C", "E"] {
            let text = pattern.text.replacingOccurrences(of: "X", with: digit)
            if pattern.isRepeating && (exact.contains(text) || text.hasSuffix("0000")) { continue }
            return UInt32(text, radix: 16).map { DicomCore.Tag($0) }
        }
        return nil
    }
}

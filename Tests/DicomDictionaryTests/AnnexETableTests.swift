import DicomCore
import Foundation
import StandardTables
import Testing

@testable import DicomDictionary

@Suite struct AnnexETableTests {
    @Test func patientNameAndAccessionNumber() throws {
        let name = try #require(AnnexETable.rule(for: Tag(0x0010_0010)))
        #expect(name.name == "Patient's Name" && name.basic == .Z && name.options.isEmpty && name.inStandardIOD)
        let accession = try #require(AnnexETable.rule(for: Tag(0x0008_0050)))
        #expect(accession.basic == .Z && accession.mask == 0xFFFF_FFFF && !accession.isRepeatingGroup)
    }

    @Test func optionColumns() throws {
        let studyDate = try #require(AnnexETable.rule(for: Tag(0x0008_0020)))
        #expect(studyDate.basic == .Z)
        #expect(studyDate.options == [.retainLongitudinalFullDates: .K, .retainLongitudinalModifiedDates: .C])
        let acquisitionDateTime = try #require(AnnexETable.rule(for: Tag(0x0008_002A)))
        #expect(acquisitionDateTime.basic == .XZD)
        let studyUID = try #require(AnnexETable.rule(for: Tag(0x0020_000D)))
        #expect(studyUID.basic == .U && studyUID.options == [.retainUIDs: .K])
        let comments = try #require(AnnexETable.rule(for: Tag(0x0018_4000)))
        #expect(comments.basic == .X && !comments.inStandardIOD && comments.options == [.cleanDescriptors: .C])
        let icon = try #require(AnnexETable.rule(for: Tag(0x0088_0200)))
        #expect(icon.name == "Icon Image Sequence (see Note 11)")
        // Every option column is used by at least one rule.
        let used = Set(AnnexETable.rules.flatMap { $0.options.keys }).union(AnnexETable.privateAttributes.options.keys)
        #expect(used == Set(AnnexEOption.allCases))
        #expect(AnnexETable.rules.contains { $0.basic == .XZU })
    }

    @Test func repeatingGroupsAndPrivate() throws {
        let overlay = try #require(AnnexETable.rule(for: Tag(0x6002_3000)))
        #expect(overlay.name == "Overlay Data" && overlay.tag == Tag(0x6000_3000) && overlay.mask == 0xFF00_FFFF)
        #expect(overlay.basic == .X && overlay.options == [.cleanGraphics: .C])
        #expect(AnnexETable.rule(for: Tag(0x601E_4000))?.name == "Overlay Comments")
        let curve = try #require(AnnexETable.rule(for: Tag(0x5004_0010)))
        #expect(curve.name == "Curve Data" && curve.mask == 0xFF00_0000 && curve.tag == Tag(0x5000_0000))
        #expect(AnnexETable.rule(for: Tag(0x6001_3000)) == nil)
        #expect(AnnexETable.rule(for: Tag(0x0009_1010)) == nil)
        #expect(AnnexETable.rule(for: Tag(0x0028_0010)) == nil)  // Rows: not in the table (kept)
        let p = AnnexETable.privateAttributes
        #expect(p.name == "Private Attributes" && p.basic == .X && p.options == [.retainSafePrivate: .C] && !p.inStandardIOD)
    }

    /// Every tag row of the standard's JSON is a rule with the same actions; the private row is not.
    @Test func everyRowOfTheStandardIsARule() throws {
        let data = try Data(contentsOf: RepoFiles.standard.appendingPathComponent(StandardTablesGenerator.profileFile))
        let rows = try ProfileRow.parseAll(data)
        let tagRows = rows.filter { $0.target != .privateAttributes }
        #expect(tagRows.count == rows.count - 1)
        #expect(AnnexETable.rules.count == tagRows.count)
        #expect(AnnexETable.generatedRowCount == tagRows.count)
        let exact = Set(tagRows.compactMap { row -> String? in
            if case .tag(let p) = row.target, !p.isRepeating { return p.text } else { return nil }
        })
        for r in tagRows {
            guard case .tag(let pattern) = r.target else { continue }
            let tag = try #require(RepoFiles.member(of: pattern, avoiding: exact))
            guard let rule = AnnexETable.rule(for: tag) else {
                Issue.record("no rule for \(pattern)")
                continue
            }
            #expect(rule.name == r.name)
            #expect(rule.basic.rawValue == r.basic)
            #expect(rule.inStandardIOD == r.inStandardIOD)
            #expect(rule.options.count == r.options.count)
            for (column, action) in r.options {
                #expect(AnnexEOption(rawValue: column).flatMap { rule.options[$0] }?.rawValue == action, "\(pattern) \(column)")
            }
        }
    }
}

import DicomCore
import Testing

@testable import DicomDictionary

@Suite struct TagIndexTests {
    @Test func findsEveryKeyAndNoOther() {
        // Keys chosen to collide: same low bits, multiples of a power of two.
        let keys = (0..<3000).map { UInt32($0) << 12 | 0x10 }
        let index = TagIndex(keys.enumerated().map { ($1, $0) })
        for (i, k) in keys.enumerated() { #expect(index.row(k) == i) }
        #expect(index.row(0x11) == nil)
        #expect(index.row(0xFFFF_FFFF) == nil)
        #expect(TagIndex([]).row(0) == nil)
        // A key listed twice keeps its first row.
        #expect(TagIndex([(7, 0), (7, 1)]).row(7) == 0)
    }

    @Test func repeatingPatternsPreferTheMostSpecific() {
        let patterns = RepeatingPatterns([(0x5000_0000, 0xFF00_0000, 0), (0x5000_0010, 0xFF00_FFFF, 1), (0x1000_0001, 0xFFFF_000F, 2)])
        #expect(patterns.row(Tag(0x5002_0010)) == 1)
        #expect(patterns.row(Tag(0x5002_0020)) == 0)
        #expect(patterns.row(Tag(0x5003_0010)) == nil)  // odd group
        #expect(patterns.row(Tag(0x1000_1231)) == 2)
        #expect(patterns.row(Tag(0x1000_1232)) == nil)
        #expect(patterns.row(Tag(0x0010_0010)) == nil)
    }

    @Test func patternText() {
        #expect(TagMask.parse(Array("60XX3000".utf8))! == (0x6000_3000, 0xFF00_FFFF))
        #expect(TagMask.parse(Array("002804x0".utf8))! == (0x0028_0400, 0xFFFF_FF0F))
        #expect(TagMask.parse(Array("0010001".utf8)) == nil)
        #expect(TagMask.parse(Array("0010001G".utf8)) == nil)
    }

    @Test func entriesCompareByValue() throws {
        let a = try #require(DataDictionary.entry(for: Tag(0x6000_3000)))
        let b = try #require(DataDictionary.entry(for: Tag(0x6002_3000)))
        #expect(a == b)
        let built = DictionaryEntry(tag: Tag(0x6000_3000), mask: 0xFF00_FFFF, keyword: "OverlayData", name: "Overlay Data", vrs: [.OB, .OW], vm: "1", isRetired: false)
        #expect(built == a && built.hashValue == a.hashValue)
        #expect(built.matches(Tag(0x60FE_3000)) && !built.matches(Tag(0x60FF_3000)))
    }
}

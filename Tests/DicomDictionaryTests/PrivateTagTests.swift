import DicomCore
import Testing

@testable import DicomDictionary

@Suite struct PrivateTagTests {
    /// A data set with two creators in group 0029 (the second padded as writers do) and one in 0009.
    func sample() -> DataSet {
        var ds = DataSet()
        ds.setString(Tag(0x0010_0010), vr: .PN, "DOE^JANE")
        ds.setString(Tag(0x0009_0010), vr: .LO, "GEMS_IDEN_01")
        ds.setString(Tag(0x0009_1002), vr: .SH, "SUITE")
        ds.setString(Tag(0x0029_0010), vr: .LO, "SIEMENS CSA HEADER")
        ds.setString(Tag(0x0029_0011), vr: .LO, "SIEMENS MEDCOM HEADER2 ")
        ds.set(DataElement(tag: Tag(0x0029_1010), vr: .OB, bytes: [1, 2, 3, 4]))
        ds.setString(Tag(0x0029_1160), vr: .LO, "com")
        return ds
    }

    @Test func creatorOfAnElement() {
        let ds = sample()
        #expect(ds.privateCreator(of: Tag(0x0029_1010)) == "SIEMENS CSA HEADER")
        #expect(ds.privateCreator(of: Tag(0x0029_1160)) == "SIEMENS MEDCOM HEADER2")
        #expect(ds.privateCreator(of: Tag(0x0009_1002)) == "GEMS_IDEN_01")
        #expect(ds.privateCreator(of: Tag(0x0029_1210)) == nil)  // slot 0x12 is empty
        #expect(ds.privateCreator(of: Tag(0x0010_0010)) == nil)  // public
        #expect(ds.privateCreator(of: Tag(0x0029_0010)) == nil)  // a creator element itself
    }

    @Test func resolveFindsTheSlotOfTheCreator() {
        let ds = sample()
        #expect(ds.resolve(PrivateTag(creator: "SIEMENS CSA HEADER", group: 0x0029, offset: 0x10)) == Tag(0x0029_1010))
        #expect(ds.resolve(PrivateTag(creator: "SIEMENS MEDCOM HEADER2", group: 0x0029, offset: 0x60)) == Tag(0x0029_1160))
        #expect(ds.resolve(PrivateTag(creator: "SIEMENS CSA HEADER ", group: 0x0029, offset: 0x20)) == Tag(0x0029_1020))
        #expect(ds.resolve(PrivateTag(creator: "SIEMENS CSA HEADER", group: 0x0019, offset: 0x10)) == nil)
        #expect(ds.resolve(PrivateTag(creator: "Philips Imaging DD 001", group: 0x2001, offset: 0x03)) == nil)
        #expect(ds.resolve(PrivateTag(creator: "GEMS_IDEN_01", group: 0x0008, offset: 0x02)) == nil)  // even group
    }

    @Test func resolveFollowsTheCreatorToAnotherSlot() {
        var ds = DataSet()
        ds.setString(Tag(0x0029_0010), vr: .LO, "OTHER VENDOR")
        ds.setString(Tag(0x0029_0042), vr: .LO, "SIEMENS CSA HEADER")
        #expect(ds.resolve(PrivateTag(creator: "SIEMENS CSA HEADER", group: 0x0029, offset: 0x10)) == Tag(0x0029_4210))
        #expect(ds.privateTag(for: Tag(0x0029_4210)) == PrivateTag(creator: "SIEMENS CSA HEADER", group: 0x0029, offset: 0x10))
    }

    @Test func privateDictionary() throws {
        let ds = sample()
        let p = try #require(ds.privateTag(for: Tag(0x0029_1010)))
        let e = try #require(PrivateDictionary.entry(for: p))
        #expect(e.keyword == "CSAImageHeaderInfo" && e.vr == .OB && e.vm == "1")
        #expect(PrivateDictionary.entry(creator: "GEMS_IDEN_01", group: 0x0009, offset: 0x02)?.vr == .SH)
        #expect(PrivateDictionary.entry(creator: "Philips MR Imaging DD 001 ", group: 0x2005, offset: 0x0E)?.keyword == "ScaleSlope")
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", group: 0x0029, offset: 0x11) == nil)
        #expect(PrivateDictionary.entry(creator: "NOBODY", group: 0x0029, offset: 0x10) == nil)
        #expect(PrivateDictionary.creators.contains("SIEMENS MR HEADER"))
        #expect(PrivateTag(creator: "GEMS_IDEN_01", group: 0x0009, offset: 0x02).description == "(0009,\"GEMS_IDEN_01\",02)")
    }
}

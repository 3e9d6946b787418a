import Testing
import DicomCore
import DicomDictionary
import DicomIO
import DicomFixtures

/// Read-then-write must give back the same bytes; reading what was written must give the same data set.
@Suite struct RoundTripTests {
    /// A data set with every VR of PS3.5, nested sequences, private blocks and pixel data.
    static func everyVR() -> DataSet {
        var b = DataSetBuilder()
        b.text("SpecificCharacterSet", "ISO_IR 192")
        b.text("ImageType", "ORIGINAL", "PRIMARY", "AXIAL")
        b.text("StudyDate", "20240102")
        b.text("StudyTime", "101112.123")
        b.text("AcquisitionDateTime", "20240102101112.5+0100")
        b.text("Modality", "CT")
        b.text("InstitutionName", "Hôpital Saint-Éloi")
        b.text("PatientName", "Müller^Jürgen=ミュラー^ユルゲン")
        b.text("PatientAge", "042Y")
        b.text("PatientWeight", "72.5")
        b.text("SeriesNumber", "7")
        b.text("StudyComments", "  leading spaces kept\r\nsecond line")
        b.text("CodingSchemeURL", "https://example.org/wado?x=1")
        b.text("ImageComments", "free text")
        b.text("SOPClassUID", "1.2.840.10008.5.1.4.1.1.2")
        b.text("SOPInstanceUID", "1.2.3.4.5.6.7")
        b.text("StationAETitle", "CT01")
        b.bytes(DataSetBuilder.tag("FrameIncrementPointer"), .AT, [0x18, 0x00, 0x63, 0x10, 0x28, 0x00, 0x08, 0x00])
        b.bytes(Tag(0x0018_1063), .DS, Array("33.3".utf8))
        b.bytes(DataSetBuilder.tag("ImagePositionPatient"), .DS, Array("-1.5\\2\\3e1 ".utf8))
        b.bytes(DataSetBuilder.tag("RescaleSlope"), .DS, Array("1 ".utf8))
        b.bytes(Tag(0x0008_1163), .FD, [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])             // TimeRange 1.0
        b.bytes(Tag(0x0010_9431), .FL, [0, 0, 0x80, 0x3F])                           // 1.0f
        b.bytes(Tag(0x0018_9219), .SS, [0xFF, 0xFF])
        b.bytes(Tag(0x0018_6020), .SL, [0xFE, 0xFF, 0xFF, 0xFF])
        b.bytes(Tag(0x0028_0002), .US, [1, 0])
        b.bytes(Tag(0x0008_0309), .UL, [1, 0, 0, 0])
        b.bytes(Tag(0x0072_0082), .SV, [1, 0, 0, 0, 0, 0, 0, 0x80])
        b.bytes(Tag(0x0008_040C), .UV, [1, 2, 3, 4, 5, 6, 7, 8])
        b.bytes(Tag(0x0072_0081), .OV, [1, 2, 3, 4, 5, 6, 7, 8])
        b.bytes(Tag(0x0066_0040), .OL, [1, 2, 3, 4, 5, 6, 7, 8])
        b.bytes(Tag(0x0018_1638), .OF, [0, 0, 0x80, 0x3F])
        b.bytes(Tag(0x0066_0022), .OD, [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        b.bytes(Tag(0x0008_041B), .OB, [1, 2, 3, 4])
        b.bytes(Tag(0x0008_0119), .UC, Array("unlimited characters".utf8))
        b.bytes(Tag(0x0009_0010), .LO, Array("ACME 1.0".utf8))                     // private creator
        b.bytes(Tag(0x0009_1001), .UN, [9, 8, 7, 6])                                // its block
        var inner = DataSetBuilder()
        inner.text("ReferencedSOPClassUID", "1.2.840.10008.5.1.4.1.1.2")
        inner.text("ReferencedSOPInstanceUID", "1.2.3.4.5.6.8")
        var deeper = DataSetBuilder()
        deeper.text("CodeValue", "T-D1100")
        deeper.text("CodingSchemeDesignator", "SRT")
        inner.sequence("PurposeOfReferenceCodeSequence", [deeper.dataSet], undefinedLength: false, itemsUndefined: true)
        b.sequence("ReferencedImageSequence", [inner.dataSet, inner.dataSet], undefinedLength: true)
        b.sequence("OtherPatientIDsSequence", [], undefinedLength: false)
        b.monochrome16(rows: 4, columns: 3) { x, y in UInt16(x * 1000 + y) }
        return b.dataSet
    }

    @Test(arguments: [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian, .deflatedExplicitVRLittleEndian])
    func writeReadWriteIsStable(syntax: TransferSyntax) throws {
        var file = DataSetBuilder().file(syntax: syntax)
        file.dataSet = Self.everyVR()
        let first = try DicomWriter.encode(file)
        let read = try DicomReader.parse(first)
        #expect(read.transferSyntax == syntax)
        let second = try DicomWriter.encode(read)
        #expect(first == second, "first difference at byte \(firstDifference(first, second) ?? -1)")
        #expect(read.dataSet.count == file.dataSet.count)
        for e in file.dataSet.elements {
            #expect(read.dataSet[e.tag]?.vr == e.vr, "VR of \(e.tag) after \(syntax.name)")
        }
        #expect(read.dataSet[Tag(0x0072_0082)]?.bytes.map(Array.init) == [1, 0, 0, 0, 0, 0, 0, 0x80])
        #expect(read.dataSet.string(DataSetBuilder.tag("PatientName")) == "Müller^Jürgen=ミュラー^ユルゲン")
        #expect(read.dataSet.strings(DataSetBuilder.tag("ImageType")) == ["ORIGINAL", "PRIMARY", "AXIAL"])
        #expect(read.dataSet.uint16(DataSetBuilder.tag("Rows")) == 4)
        #expect(read.dataSet.string(DataSetBuilder.tag("StudyComments")) == "  leading spaces kept\r\nsecond line")
    }

    @Test func convertsBetweenUncompressedSyntaxes() throws {
        var file = DataSetBuilder().file(syntax: .explicitVRBigEndian)
        file.dataSet = Self.everyVR()
        let be = try DicomWriter.encode(file)
        let fromBE = try DicomReader.parse(be)
        let le = try DicomWriter.encode(fromBE, as: .explicitVRLittleEndian)
        let fromLE = try DicomReader.parse(le)
        #expect(fromLE.transferSyntax == .explicitVRLittleEndian)
        #expect(fromLE.dataSet == fromBE.dataSet)
        #expect(fromLE.dataSet.uint16s(.pixelData)?[1] == 1000)
    }

    @Test func headerOnlyStopsBeforePixels() throws {
        var b = DataSetBuilder()
        b.text("PatientName", "Doe^Jane")
        b.monochrome16(rows: 512, columns: 512) { x, _ in UInt16(x) }
        b.bytes(Tag(0xFFFC_FFFC), .OB, [0, 0])
        let bytes = try DicomWriter.encode(b.file())
        let path = try TempDir.make().appending("/big.dcm")
        try AtomicFile.write(bytes, to: path)
        let header = try DicomReader.read(path: path, mode: .headerOnly)
        #expect(header.stoppedBeforePixels)
        #expect(header.dataSet[.pixelData] == nil)
        #expect(header.dataSet.string(DataSetBuilder.tag("PatientName")) == "Doe^Jane")
        let full = try DicomReader.read(path: path)
        #expect(full.dataSet[.pixelData]?.bytes?.count == 512 * 512 * 2)
        #expect(full.dataSet[Tag(0xFFFC_FFFC)] != nil)
    }

    @Test func encapsulatedPixelDataIsKeptAsFragments() throws {
        var b = DataSetBuilder()
        b.text("SOPInstanceUID", "1.2.3")
        let px = EncapsulatedPixelData(offsetTable: [0, 0, 0, 0], fragments: [[0xFF, 0xD8, 0xFF], [1, 2, 3, 4]])
        b.dataSet.set(DataElement(tag: .pixelData, vr: .OB, value: .encapsulated(px)))
        let rle = TransferSyntax.named("1.2.840.10008.1.2.5")
        var file = b.file(syntax: rle)
        file.dataSet = b.dataSet
        let bytes = try DicomWriter.encode(file)
        let read = try DicomReader.parse(bytes)
        guard case .encapsulated(let got)? = read.dataSet[.pixelData]?.value else {
            Issue.record("pixel data not encapsulated"); return
        }
        #expect(got.offsetTable == [0, 0, 0, 0])
        #expect(got.fragments.map(Array.init) == [[0xFF, 0xD8, 0xFF, 0x00], [1, 2, 3, 4]])
        #expect(try DicomWriter.encode(read) == bytes)
        #expect(throws: DicomError.self) { try DicomWriter.encode(read, as: .explicitVRLittleEndian) }
    }

    @Test func unOfUndefinedLengthIsReadAsImplicitSequence() throws {
        // CP-246: a private SQ sent as UN with undefined length in explicit VR little endian.
        let bytes = annotatedHex("""
            09 00 10 00  4C 4F 04 00  41 43 4D 45            # (0009,0010) LO "ACME"
            09 00 10 10  55 4E 00 00  FF FF FF FF            # (0009,1010) UN undefined length
            FE FF 00 E0  FF FF FF FF                         #   item, undefined length
            10 00 10 00  08 00 00 00  44 6F 65 5E 4A 6F 68 6E # (0010,0010) implicit, "Doe^John"
            FE FF 0D E0  00 00 00 00
            FE FF DD E0  00 00 00 00
            """)
        let file = try DicomReader.parse(bytes)
        let items = try #require(file.dataSet[Tag(0x0009_1010)]?.items)
        #expect(items.count == 1)
        #expect(items[0].dataSet.string(Tag(0x0010_0010)) == "Doe^John")
        #expect(items[0].dataSet[Tag(0x0010_0010)]?.vr == .PN)
        #expect(try DicomWriter.encode(file) == bytes)
    }
}

func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
    for i in 0..<min(a.count, b.count) where a[i] != b[i] { return i }
    return a.count == b.count ? nil : min(a.count, b.count)
}

import Testing
import DicomCore
import DicomIO
import DicomFixtures

/// The writer's bytes, checked against hand-annotated hex from PS3.5 §7.
@Suite struct WriterHexTests {
    func smallDataSet() -> DataSet {
        var b = DataSetBuilder()
        b.text("PatientName", "Doe^Jo")          // even length
        b.text("PatientID", "ABC")               // odd: padded with a space
        b.us("Rows", 512)
        b.text("SOPInstanceUID", "1.2.3")        // odd UI: padded with NUL
        return b.dataSet
    }

    @Test func explicitLittleEndian() throws {
        let file = DicomFile(preamble: nil, meta: DataSet(), dataSet: smallDataSet(), transferSyntax: .explicitVRLittleEndian)
        let bytes = try DicomWriter.encode(file)
        let expected = annotatedHex("""
            08 00 18 00  55 49  06 00  31 2E 32 2E 33 00     # (0008,0018) UI len 6 "1.2.3\\0"
            10 00 10 00  50 4E  06 00  44 6F 65 5E 4A 6F     # (0010,0010) PN len 6 "Doe^Jo"
            10 00 20 00  4C 4F  04 00  41 42 43 20           # (0010,0020) LO len 4 "ABC "
            28 00 10 00  55 53  02 00  00 02                 # (0028,0010) US 512
            """)
        #expect(bytes == expected)
    }

    @Test func implicitLittleEndian() throws {
        let file = DicomFile(preamble: nil, meta: DataSet(), dataSet: smallDataSet(), transferSyntax: .implicitVRLittleEndian)
        let bytes = try DicomWriter.encode(file)
        let expected = annotatedHex("""
            08 00 18 00  06 00 00 00  31 2E 32 2E 33 00      # UI, 32-bit length
            10 00 10 00  06 00 00 00  44 6F 65 5E 4A 6F
            10 00 20 00  04 00 00 00  41 42 43 20
            28 00 10 00  02 00 00 00  00 02
            """)
        #expect(bytes == expected)
    }

    @Test func explicitBigEndianSwapsBinaryOnly() throws {
        let file = DicomFile(preamble: nil, meta: DataSet(), dataSet: smallDataSet(), transferSyntax: .explicitVRBigEndian)
        let bytes = try DicomWriter.encode(file)
        let expected = annotatedHex("""
            00 08 00 18  55 49  00 06  31 2E 32 2E 33 00
            00 10 00 10  50 4E  00 06  44 6F 65 5E 4A 6F
            00 10 00 20  4C 4F  00 04  41 42 43 20
            00 28 00 10  55 53  00 02  02 00                 # 512 big-endian
            """)
        #expect(bytes == expected)
    }

    @Test func sequencesKeepTheirLengthEncoding() throws {
        var item = DataSetBuilder()
        item.text("CodeValue", "AB")
        var b = DataSetBuilder()
        b.sequence("ConceptNameCodeSequence", [item.dataSet], undefinedLength: true, itemsUndefined: false)
        b.sequence("ConceptCodeSequence", [item.dataSet], undefinedLength: false, itemsUndefined: true)
        let file = DicomFile(preamble: nil, meta: DataSet(), dataSet: b.dataSet, transferSyntax: .explicitVRLittleEndian)
        let bytes = try DicomWriter.encode(file)
        let expected = annotatedHex("""
            40 00 43 A0  53 51 00 00  FF FF FF FF            # (0040,A043) SQ undefined length
            FE FF 00 E0  0A 00 00 00                         #   item, defined length 10
            08 00 00 01  53 48 02 00  41 42                  #     (0008,0100) SH "AB"
            FE FF DD E0  00 00 00 00                         # sequence delimitation
            40 00 68 A1  53 51 00 00  1A 00 00 00            # (0040,A168) SQ defined length 26
            FE FF 00 E0  FF FF FF FF                         #   item, undefined length
            08 00 00 01  53 48 02 00  41 42
            FE FF 0D E0  00 00 00 00                         #   item delimitation
            """)
        #expect(bytes == expected)
    }

    @Test func fileMetaGroupLengthIsRecomputed() throws {
        var b = DataSetBuilder()
        b.text("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7")
        b.text("SOPInstanceUID", "1.2.3.4")
        var file = b.file()
        file.meta.set(DataElement(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: [0xFF, 0xFF, 0, 0]))
        let bytes = try DicomWriter.encode(file)
        #expect(Array(bytes[128..<132]) == Array("DICM".utf8))
        // (0002,0000) UL 4 <length>, then the meta elements, whose byte count it must equal.
        let declared = Int(bytes[140]) | Int(bytes[141]) << 8 | Int(bytes[142]) << 16 | Int(bytes[143]) << 24
        let reread = try DicomReader.parse(bytes)
        var metaBytes = 0
        for e in reread.meta.elements where e.tag != .fileMetaInformationGroupLength {
            let long = e.vr.hasLongLength
            metaBytes += (long ? 12 : 8) + (e.bytes?.count ?? 0) + ((e.bytes?.count ?? 0) & 1)
        }
        #expect(declared == metaBytes)
    }
}

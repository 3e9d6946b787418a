import DicomCore
import Testing
@testable import DicomPixels

@Suite struct DescriptionTests {
    @Test func readsImagePixelModule() throws {
        let ds = Fixture.dataSet(rows: 4, columns: 3, samples: 3, bitsAllocated: 8, photometric: "RGB", planar: 1,
                                 frames: 2, pixels: [UInt8](repeating: 0, count: 72))
        let d = try PixelDescription(dataSet: ds)
        #expect(d.rows == 4 && d.columns == 3 && d.samplesPerPixel == 3)
        #expect(d.photometric == .rgb && d.planarConfiguration == 1 && d.numberOfFrames == 2)
        #expect(d.nativeLength == 72)
    }

    @Test func rejectsHostileAndInconsistentValues() {
        func kind(_ ds: DataSet, _ ts: String = Fixture.explicitLE) -> PixelError.Kind? {
            do { _ = try PixelData(dataSet: ds, transferSyntax: ts); return nil } catch { return error.kind }
        }
        // 65535 x 65535 pixels per frame is over the per-frame cap.
        #expect(kind(Fixture.dataSet(rows: 65535, columns: 65535, bitsAllocated: 16)) == .sizeOverflow)
        // Huge frame count with modest frames: the data is far too short, and nothing is allocated.
        #expect(kind(Fixture.dataSet(rows: 4096, columns: 4096, bitsAllocated: 16, frames: 100, pixels: [1, 2])) == .insufficientData)
        #expect(kind(Fixture.dataSet(rows: 4096, columns: 4096, bitsAllocated: 16, frames: 1_000_000, pixels: [1, 2])) == .sizeOverflow)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 16, frames: 99_999_999)) == .invalidAttribute)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 16, pixels: [0, 0, 0])) == .insufficientData)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, samples: 1, bitsAllocated: 8, photometric: "RGB", pixels: [0, 0, 0, 0])) == .inconsistent)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 17, pixels: [UInt8](repeating: 0, count: 8))) == .inconsistent)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 24, pixels: [UInt8](repeating: 0, count: 12))) == .unsupportedLayout)
        #expect(kind(Fixture.dataSet(rows: 0, columns: 2, bitsAllocated: 8, pixels: [])) == .invalidAttribute)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, photometric: "HSV", pixels: [0, 0, 0, 0])) == .unsupportedLayout)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, pixels: [0, 0, 0, 0]), "1.2.840.10008.1.2.4.201") == .unsupportedSyntax)
        #expect(kind(Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, pixels: [0, 0, 0, 0]), Fixture.rle) == .inconsistent)
        var missing = Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, pixels: [0, 0, 0, 0])
        missing.remove(Tag(0x0028_0010))
        #expect(kind(missing) == .missingAttribute)
    }

    @Test func encapsulatedFrameMappingChecksTables() throws {
        // Two frames, three fragments, no table and no JPEG markers: ambiguous.
        let ds = Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, frames: 2, fragments: [[1, 2], [3, 4], [5, 6]])
        #expect(throws: PixelError.self) { try PixelData(dataSet: ds, transferSyntax: Fixture.rle) }
        // A Basic Offset Table pointing into the middle of a fragment.
        let bad = Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, frames: 2, fragments: [[1, 2], [3, 4], [5, 6]],
                                  offsetTable: Fixture.le32([0, 3]))
        #expect(throws: PixelError.self) { try PixelData(dataSet: bad, transferSyntax: Fixture.rle) }
        // A valid table: frame 0 = fragments 0 and 1, frame 1 = fragment 2 (offset 2 x (8 + 2) = 20).
        let good = Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 8, frames: 2, fragments: [[1, 2], [3, 4], [5, 6]],
                                   offsetTable: Fixture.le32([0, 20]))
        let px = try PixelData(dataSet: good, transferSyntax: Fixture.rle)
        #expect(Array(try px.compressedFrame(0)) == [1, 2, 3, 4])
        #expect(Array(try px.compressedFrame(1)) == [5, 6])
        #expect(throws: PixelError.self) { try px.frame(2) }
    }
}

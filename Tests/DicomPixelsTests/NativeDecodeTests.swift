import DicomCore
import Testing
@testable import DicomPixels

@Suite struct NativeDecodeTests {
    @Test func decodes16BitSignedWithHighBit() throws {
        // 12 bits stored in bits 11...0, signed; high nibble holds junk that must be ignored.
        let values = [-2048, -1, 0, 2047]
        let raw = values.map { ($0 & 0x0FFF) | 0xA000 }
        let ds = Fixture.dataSet(rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 12, signed: true, pixels: Fixture.le16(raw))
        let f = try PixelData(dataSet: ds, transferSyntax: Fixture.explicitLE).frame(0)
        #expect(f.samples == .int16([-2048, -1, 0, 2047]))
        // Unsigned 12 bits stored in bits 15...4.
        let shifted = Fixture.dataSet(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12, highBit: 15,
                                      pixels: Fixture.le16([0xFFF0, 0x1235]))
        #expect(try PixelData(dataSet: shifted, transferSyntax: Fixture.explicitLE).frame(0).samples == .uint16([0xFFF, 0x123]))
    }

    @Test func decodes1BitMultiFrameAcrossByteBoundaries() throws {
        // 3 x 3 = 9 bits per frame, so frame 1 starts at bit 9.
        var bits = [Int](repeating: 0, count: 18)
        let f0 = [1, 0, 1, 0, 1, 0, 1, 0, 1], f1 = [0, 1, 1, 1, 0, 0, 0, 1, 1]
        for i in 0..<9 { bits[i] = f0[i]; bits[9 + i] = f1[i] }
        var bytes = [UInt8](repeating: 0, count: 3)
        for (i, b) in bits.enumerated() where b == 1 { bytes[i / 8] |= 1 << UInt8(i % 8) }
        let ds = Fixture.dataSet(rows: 3, columns: 3, bitsAllocated: 1, frames: 2, pixels: bytes)
        let px = try PixelData(dataSet: ds, transferSyntax: Fixture.explicitLE)
        #expect(try px.frame(0).samples.ints == f0)
        #expect(try px.frame(1).samples.ints == f1)
    }

    @Test func decodesPlanarRGBAnd32Bit() throws {
        // 2 pixels, planar: R R G G B B.
        let ds = Fixture.dataSet(rows: 1, columns: 2, samples: 3, bitsAllocated: 8, photometric: "RGB", planar: 1,
                                 pixels: [10, 11, 20, 21, 30, 31])
        #expect(try PixelData(dataSet: ds, transferSyntax: Fixture.explicitLE).frame(0).samples == .uint8([10, 20, 30, 11, 21, 31]))
        let d32 = Fixture.dataSet(rows: 1, columns: 2, bitsAllocated: 32, frames: 2, pixels: Fixture.le32([1, 0x7FFF_FFFF, -5 & 0xFFFF_FFFF, 9]))
        let px = try PixelData(dataSet: d32, transferSyntax: Fixture.explicitLE)
        #expect(try px.frame(0).samples == .uint32([1, 0x7FFF_FFFF]))
        #expect(try px.frame(1).samples == .uint32([0xFFFF_FFFB, 9]))
    }

    @Test func expandsYBR422() throws {
        let ds = Fixture.dataSet(rows: 1, columns: 4, samples: 3, bitsAllocated: 8, photometric: "YBR_FULL_422",
                                 pixels: [1, 2, 100, 200, 3, 4, 50, 60])
        let f = try PixelData(dataSet: ds, transferSyntax: Fixture.explicitLE).frame(0)
        #expect(f.description.photometric == .ybrFull)
        #expect(f.samples == .uint8([1, 100, 200, 2, 100, 200, 3, 50, 60, 4, 50, 60]))
    }
}

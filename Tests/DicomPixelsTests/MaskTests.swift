import DicomCore
import Testing
@testable import DicomPixels

@Suite struct MaskTests {
    func pixelBytes(_ ds: DataSet) -> [UInt8] { Array(ds[.pixelData]?.bytes ?? []) }

    /// Checks that decoding after masking gives the fill inside and the original outside, and that
    /// only bytes of masked pixels changed.
    func checkNative(_ ds: DataSet, masks: [Mask], fill: [Int], bytesOfPixel: (Int, Int, Int) -> [Int]) throws {
        let before = try PixelData(dataSet: ds, transferSyntax: Fixture.explicitLE)
        let result = try PixelMasker.apply(masks, to: ds, transferSyntax: Fixture.explicitLE)
        #expect(!result.syntaxChanged)
        let after = try PixelData(dataSet: result.dataSet, transferSyntax: Fixture.explicitLE)
        let d = before.description
        var allowed = Set<Int>()
        for f in 0..<d.numberOfFrames {
            let a = try before.frame(f), b = try after.frame(f)
            for y in 0..<d.rows {
                for x in 0..<d.columns {
                    let inside = masks.contains { $0.frame == f && x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }
                    for s in 0..<d.samplesPerPixel {
                        if inside {
                            #expect(b.value(x: x, y: y, sample: s) == fill[s])
                            allowed.formUnion(bytesOfPixel(f, x, y))
                        } else {
                            #expect(b.value(x: x, y: y, sample: s) == a.value(x: x, y: y, sample: s))
                        }
                    }
                }
            }
        }
        let old = pixelBytes(ds), new = pixelBytes(result.dataSet)
        #expect(old.count == new.count)
        let changed = (0..<old.count).filter { old[$0] != new[$0] }
        #expect(changed.allSatisfy { allowed.contains($0) })
        // Everything but Pixel Data is untouched.
        #expect(result.dataSet.elements.filter { $0.tag != .pixelData } == ds.elements.filter { $0.tag != .pixelData })
    }

    @Test func masks16BitSignedMultiFrameInPlace() throws {
        var rng = SeededGenerator(3)
        let (rows, cols, frames) = (9, 11, 3)
        let values = (0..<rows * cols * frames).map { _ in Int.random(in: -2000...2000, using: &rng) & 0xFFFF }
        let ds = Fixture.dataSet(rows: rows, columns: cols, bitsAllocated: 16, bitsStored: 12, signed: true, frames: frames,
                                 pixels: Fixture.le16(values.map { $0 & 0x0FFF }))
        let masks = [Mask(frame: 1, x: 2, y: 3, width: 4, height: 2), Mask(frame: 2, x: 9, y: 7, width: 10, height: 10)]
        try checkNative(ds, masks: masks, fill: [-2048]) { f, x, y in
            let i = (f * rows * cols + y * cols + x) * 2
            return [i, i + 1]
        }
    }

    @Test func masksMonochrome1AndPlanarRGBAnd1Bit() throws {
        let mono1 = Fixture.dataSet(rows: 4, columns: 5, bitsAllocated: 8, photometric: "MONOCHROME1", pixels: Array(0..<20))
        try checkNative(mono1, masks: [Mask(x: 1, y: 1, width: 2, height: 2)], fill: [255]) { _, x, y in [y * 5 + x] }

        let rgb = Fixture.dataSet(rows: 3, columns: 4, samples: 3, bitsAllocated: 8, photometric: "RGB", planar: 1,
                                  pixels: (0..<36).map { UInt8(100 + $0) })
        try checkNative(rgb, masks: [Mask(x: 1, y: 0, width: 2, height: 2)], fill: [0, 0, 0]) { _, x, y in
            (0..<3).map { $0 * 12 + y * 4 + x }
        }

        let bits = Fixture.dataSet(rows: 3, columns: 3, bitsAllocated: 1, frames: 2, pixels: [0xFF, 0xFF, 0xFF])
        try checkNative(bits, masks: [Mask(frame: 1, x: 0, y: 0, width: 2, height: 1)], fill: [0]) { f, x, y in
            [(f * 9 + y * 3 + x) / 8]
        }
    }

    @Test func masksYBR422InWholePixelPairs() throws {
        let ds = Fixture.dataSet(rows: 2, columns: 4, samples: 3, bitsAllocated: 8, photometric: "YBR_FULL_422",
                                 pixels: (0..<16).map { UInt8(200 + $0) })
        let result = try PixelMasker.apply([Mask(x: 1, y: 1, width: 1, height: 1)], to: ds, transferSyntax: Fixture.explicitLE)
        #expect(result.appliedMasks == [Mask(x: 0, y: 1, width: 2, height: 1)])
        let new = pixelBytes(result.dataSet), old = pixelBytes(ds)
        #expect(Array(new[0..<8]) == Array(old[0..<8]))
        #expect(Array(new[8..<12]) == [0, 0, 128, 128])
        #expect(Array(new[12..<16]) == Array(old[12..<16]))
    }

    @Test func rejectsBadMasks() {
        let ds = Fixture.dataSet(rows: 4, columns: 4, bitsAllocated: 8, pixels: [UInt8](repeating: 1, count: 16))
        for m in [Mask(x: 0, y: 0, width: 0, height: 1), Mask(frame: 1, x: 0, y: 0, width: 1, height: 1),
                  Mask(x: 10, y: 0, width: 2, height: 2), Mask(x: Int.max, y: 0, width: Int.max, height: 1)] {
            #expect(throws: PixelError.self) { try PixelMasker.apply([m], to: ds, transferSyntax: Fixture.explicitLE) }
        }
        // A mask partly outside is clipped.
        let r = try? PixelMasker.apply([Mask(x: -2, y: 3, width: 4, height: 9)], to: ds, transferSyntax: Fixture.explicitLE)
        #expect(r?.appliedMasks == [Mask(x: 0, y: 3, width: 2, height: 1)])
    }

    @Test func rleReencodesOnlyMaskedFrames() throws {
        let d = try PixelDescription(rows: 6, columns: 7, samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 16, highBit: 15,
                                     pixelRepresentation: 0, photometric: .rgb, planarConfiguration: 0)
        var rng = SeededGenerator(11)
        let frames: [[UInt8]] = try (0..<3).map { _ in
            let raw = (0..<d.samplesPerFrame * 2).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return try raw.withUnsafeBytes { try RLECodec.encode($0, description: d, planar: false) }
        }
        var table: [Int] = []
        var pos = 0
        for f in frames { table.append(pos); pos += 8 + f.count }
        let ds = Fixture.dataSet(rows: 6, columns: 7, samples: 3, bitsAllocated: 16, photometric: "RGB", frames: 3,
                                 fragments: frames, offsetTable: Fixture.le32(table))
        let before = try PixelData(dataSet: ds, transferSyntax: Fixture.rle)
        let result = try PixelMasker.apply([Mask(frame: 1, x: 3, y: 2, width: 2, height: 3)], to: ds, transferSyntax: Fixture.rle)
        #expect(!result.syntaxChanged && result.transferSyntax == Fixture.rle)
        guard case .encapsulated(let enc) = result.dataSet[.pixelData]?.value else { Issue.record("not encapsulated"); return }
        #expect(Array(enc.fragments[0]) == frames[0])
        #expect(Array(enc.fragments[2]) == frames[2])
        #expect(Array(enc.fragments[1]) != frames[1])
        let after = try PixelData(dataSet: result.dataSet, transferSyntax: Fixture.rle)
        #expect(enc.offsetTable.littleEndianIntegers(UInt32.self) == [0, UInt32(8 + frames[0].count), UInt32(16 + frames[0].count + enc.fragments[1].count)])
        let a = try before.frame(1), b = try after.frame(1)
        for y in 0..<6 {
            for x in 0..<7 {
                let inside = x >= 3 && x < 5 && y >= 2 && y < 5
                for s in 0..<3 { #expect(b.value(x: x, y: y, sample: s) == (inside ? 0 : a.value(x: x, y: y, sample: s))) }
            }
        }
        #expect(try after.frame(0) == before.frame(0))
    }
}

import DicomCore
import Testing
@testable import DicomPixels

@Suite struct RLETests {
    @Test func encodeDecodeIdentityForEveryLayout() throws {
        var rng = SeededGenerator(7)
        for (bits, samples) in [(8, 1), (16, 1), (32, 1), (8, 3), (16, 3)] {
            let d = try PixelDescription(rows: 7, columns: 13, samplesPerPixel: samples, bitsAllocated: bits, bitsStored: bits,
                                         highBit: bits - 1, pixelRepresentation: 0,
                                         photometric: samples == 3 ? .rgb : .monochrome2, planarConfiguration: 1)
            // Runs and noise both, so replicate and literal packets occur.
            let raw: [UInt8] = (0..<d.samplesPerFrame * bits / 8).map { i in i % 40 < 20 ? 7 : UInt8.random(in: 0...255, using: &rng) }
            let encoded = try raw.withUnsafeBytes { try RLECodec.encode($0, description: d, planar: true) }
            #expect(encoded.count % 2 == 0)
            #expect(try RLECodec.decode(encoded[...], description: d) == raw)
        }
    }

    @Test func decodesRLEFramesAsPixels() throws {
        let d = try PixelDescription(rows: 2, columns: 3, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, highBit: 15,
                                     pixelRepresentation: 1, photometric: .monochrome2)
        let values = [-1000, -1, 0, 1, 300, 32767]
        let raw = Fixture.le16(values.map { $0 & 0xFFFF })
        let frames = try [raw, raw.reversed()].map { r in try r.withUnsafeBytes { try RLECodec.encode($0, description: d, planar: true) } }
        let ds = Fixture.dataSet(rows: 2, columns: 3, bitsAllocated: 16, signed: true, frames: 2, fragments: frames)
        let px = try PixelData(dataSet: ds, transferSyntax: Fixture.rle)
        #expect(try px.frame(0).samples == .int16(values.map { Int16($0) }))
        #expect(try px.frame(1).samples.count == 6)
    }

    @Test func packBitsMatchesKnownBytes() {
        var out: [UInt8] = []
        RLECodec.packBits([5, 5, 5, 5, 1, 2, 3, 3], into: &out)
        // replicate 4 x 5, then literal 1 2 3 3 (a run of 2 stays literal).
        #expect(out == [0xFD, 5, 3, 1, 2, 3, 3])
    }

    @Test func hostileRLEGivesErrorsNotCrashes() throws {
        let d = try PixelDescription(rows: 4, columns: 4, samplesPerPixel: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7,
                                     pixelRepresentation: 0, photometric: .monochrome2)
        var header = [UInt8](repeating: 0, count: 64)
        header[0] = 1; header[4] = 64
        // A segment that ends early.
        #expect(throws: PixelError.self) { try RLECodec.decode((header + [0x02, 1, 2, 3])[...], description: d) }
        // Too many segments, offsets out of range, or a short header.
        var many = header; many[0] = 15
        #expect(throws: PixelError.self) { try RLECodec.decode((many + [0xF1, 9])[...], description: d) }
        var wild = header; wild[4] = 0xFF; wild[7] = 0x7F
        #expect(throws: PixelError.self) { try RLECodec.decode((wild + [0xF1, 9])[...], description: d) }
        #expect(throws: PixelError.self) { try RLECodec.decode([1, 0, 0][...], description: d) }
        // A replicate run that claims more than the frame: decoding stops at the frame size.
        let ok = header + [0x81, 9, 0x81, 9]
        #expect(try RLECodec.decode(ok[...], description: d) == [UInt8](repeating: 9, count: 16))
    }
}

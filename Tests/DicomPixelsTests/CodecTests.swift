import DicomCore
import Testing
@testable import DicomPixels

@Suite struct CodecTests {
    static let jpegLossless = "1.2.840.10008.1.2.4.70"
    static let jpegLS = "1.2.840.10008.1.2.4.80"
    static let j2kLossless = "1.2.840.10008.1.2.4.90"

    /// A smooth image with noise and an edge: realistic differences in every category.
    func image(rows: Int, columns: Int, components: Int, bits: Int, seed: UInt64) -> [UInt16] {
        var rng = SeededGenerator(seed)
        let top = (1 << bits) - 1
        return (0..<rows * columns * components).map { i in
            let p = i / components, x = p % columns, y = p / columns
            let base = (x * 7 + y * 3 + (i % components) * 50) % (top / 2 + 1)
            let edge = x > columns / 2 ? top / 3 : 0
            return UInt16(min(top, base + edge + Int.random(in: 0...3, using: &rng)))
        }
    }

    @Test func jpegLosslessRoundTripsEveryPredictorAndDepth() throws {
        for (bits, components) in [(8, 1), (12, 1), (16, 1), (8, 3), (2, 1)] {
            for predictor in 1...7 {
                let samples = image(rows: 13, columns: 17, components: components, bits: bits, seed: UInt64(predictor))
                let stream = try JPEGLosslessEncoder.encode(samples, rows: 13, columns: 17, components: components,
                                                            precision: bits, predictor: predictor)
                let (header, decoded) = try JPEGLosslessDecoder.decode(stream[...])
                #expect(header == .init(precision: bits, rows: 13, columns: 17, components: components))
                #expect(decoded == samples, "bits \(bits) components \(components) predictor \(predictor)")
            }
        }
        // Extreme differences: 0 next to 65535 (category 16 and the modulo wrap).
        let extreme: [UInt16] = [0, 65535, 0, 32768, 32767, 1, 65535, 0]
        let s = try JPEGLosslessEncoder.encode(extreme, rows: 2, columns: 4, components: 1, precision: 16)
        #expect(try JPEGLosslessDecoder.decode(s[...]).samples == extreme)
    }

    @Test func jpegLosslessRejectsDamagedStreams() throws {
        let samples = image(rows: 8, columns: 8, components: 1, bits: 12, seed: 1)
        let stream = try JPEGLosslessEncoder.encode(samples, rows: 8, columns: 8, components: 1, precision: 12)
        #expect(throws: PixelError.self) { try JPEGLosslessDecoder.decode(stream.prefix(20)) }
        #expect(throws: PixelError.self) { try JPEGLosslessDecoder.decode([0xFF, 0xD8, 0xFF, 0xD9][...]) }
        #expect(throws: PixelError.self) { try JPEGLosslessDecoder.decode([1, 2, 3][...]) }
        // Every truncation and a byte flip at every position: errors or some image, never a crash.
        for cut in 0..<stream.count { _ = try? JPEGLosslessDecoder.decode(stream.prefix(cut)) }
        for i in 0..<stream.count {
            var bad = stream
            bad[i] ^= 0x5A
            _ = try? JPEGLosslessDecoder.decode(bad[...])
        }
        // A header promising a 60000 x 60000 frame in a few bytes is refused before allocating.
        var huge = stream
        if let sof = (0..<huge.count - 1).first(where: { huge[$0] == 0xFF && huge[$0 + 1] == 0xC3 }) {
            huge[sof + 5] = 0xEA; huge[sof + 6] = 0x60; huge[sof + 7] = 0xEA; huge[sof + 8] = 0x60
        }
        #expect(throws: PixelError.self) { try JPEGLosslessDecoder.decode(huge[...]) }
    }

    /// An encapsulated data set of `frames` frames encoded by `encode`.
    func encapsulated(rows: Int, columns: Int, components: Int, bits: Int, frames: Int, syntax: String,
                      signed: Bool = false, encode: ([UInt16]) throws -> [UInt8]) throws -> (DataSet, [[UInt16]]) {
        var originals: [[UInt16]] = []
        var fragments: [[UInt8]] = []
        for f in 0..<frames {
            let s = image(rows: rows, columns: columns, components: components, bits: bits, seed: UInt64(100 + f))
            originals.append(s)
            var e = try encode(s)
            if e.count % 2 == 1 { e.append(0) }
            fragments.append(e)
        }
        let allocated = bits <= 8 ? 8 : 16
        let ds = Fixture.dataSet(rows: rows, columns: columns, samples: components, bitsAllocated: allocated, bitsStored: bits,
                                 signed: signed, photometric: components == 3 ? "RGB" : "MONOCHROME2", frames: frames,
                                 fragments: fragments)
        return (ds, originals)
    }

    func checkDecodeAndMask(_ ds: DataSet, _ originals: [[UInt16]], syntax: String) throws {
        let px = try PixelData(dataSet: ds, transferSyntax: syntax)
        for (f, o) in originals.enumerated() { #expect(try px.frame(f).samples.ints == o.map(Int.init)) }
        let mask = Mask(frame: 1, x: 2, y: 3, width: 5, height: 4)
        let result = try PixelMasker.apply([mask], to: ds, transferSyntax: syntax)
        #expect(!result.syntaxChanged && result.transferSyntax == syntax)
        guard case .encapsulated(let before) = ds[.pixelData]?.value, case .encapsulated(let after) = result.dataSet[.pixelData]?.value else {
            Issue.record("not encapsulated"); return
        }
        #expect(after.fragments[0] == before.fragments[0])
        #expect(after.fragments[2] == before.fragments[2])
        let masked = try PixelData(dataSet: result.dataSet, transferSyntax: syntax).frame(1)
        let d = px.description
        let fill = d.photometric == .rgb ? 0 : d.storedRange.lowerBound
        for y in 0..<d.rows {
            for x in 0..<d.columns {
                for s in 0..<d.samplesPerPixel {
                    let inside = x >= 2 && x < 7 && y >= 3 && y < 7
                    let original = Int(originals[1][(y * d.columns + x) * d.samplesPerPixel + s])
                    #expect(masked.value(x: x, y: y, sample: s) == (inside ? fill : original))
                }
            }
        }
    }

    @Test func jpegLosslessFramesDecodeAndMaskLosslessly() throws {
        let (ds, originals) = try encapsulated(rows: 10, columns: 12, components: 1, bits: 12, frames: 3, syntax: Self.jpegLossless) {
            try JPEGLosslessEncoder.encode($0, rows: 10, columns: 12, components: 1, precision: 12)
        }
        try checkDecodeAndMask(ds, originals, syntax: Self.jpegLossless)
    }

    @Test func jpegLSRoundTripsThroughCharLS() throws {
        for (bits, components) in [(8, 1), (12, 1), (16, 1), (8, 3)] {
            let d = try PixelDescription(rows: 10, columns: 12, samplesPerPixel: components, bitsAllocated: bits <= 8 ? 8 : 16,
                                         bitsStored: bits, highBit: bits - 1, pixelRepresentation: 0,
                                         photometric: components == 3 ? .rgb : .monochrome2)
            let (ds, originals) = try encapsulated(rows: 10, columns: 12, components: components, bits: bits, frames: 3, syntax: Self.jpegLS) { s in
                let raw = RawFrame(bytes: try nativeBytes(s, bitsAllocated: d.bitsAllocated), layout: d)
                return try CharLS.encodeLossless(raw)
            }
            try checkDecodeAndMask(ds, originals, syntax: Self.jpegLS)
        }
    }

    @Test func jpeg2000RoundTripsThroughOpenJPEG() throws {
        for (bits, components) in [(8, 1), (12, 1), (16, 1), (8, 3)] {
            let d = try PixelDescription(rows: 10, columns: 12, samplesPerPixel: components, bitsAllocated: bits <= 8 ? 8 : 16,
                                         bitsStored: bits, highBit: bits - 1, pixelRepresentation: 0,
                                         photometric: components == 3 ? .rgb : .monochrome2)
            let (ds, originals) = try encapsulated(rows: 10, columns: 12, components: components, bits: bits, frames: 3, syntax: Self.j2kLossless) { s in
                let raw = RawFrame(bytes: try nativeBytes(s, bitsAllocated: d.bitsAllocated), layout: d)
                return try OpenJPEG.encodeLossless(raw)
            }
            try checkDecodeAndMask(ds, originals, syntax: Self.j2kLossless)
        }
    }

    @Test func lossyJPEG2000MaskingFallsBackToExplicitLittleEndian() throws {
        let d = try PixelDescription(rows: 8, columns: 8, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12, highBit: 11,
                                     pixelRepresentation: 0, photometric: .monochrome2)
        let (ds, originals) = try encapsulated(rows: 8, columns: 8, components: 1, bits: 12, frames: 2, syntax: "1.2.840.10008.1.2.4.91") { s in
            try OpenJPEG.encodeLossless(RawFrame(bytes: try nativeBytes(s, bitsAllocated: 16), layout: d))
        }
        let result = try PixelMasker.apply([Mask(frame: 0, x: 0, y: 0, width: 2, height: 2)], to: ds, transferSyntax: "1.2.840.10008.1.2.4.91")
        #expect(result.syntaxChanged && result.transferSyntax == "1.2.840.10008.1.2.1" && result.reason != nil)
        let native = try PixelData(dataSet: result.dataSet, transferSyntax: result.transferSyntax)
        #expect(try native.frame(1).samples.ints == originals[1].map(Int.init))
        #expect(try native.frame(0).value(x: 1, y: 1) == 0 && native.frame(0).value(x: 2, y: 2) == Int(originals[0][2 * 8 + 2]))
    }

    @Test func hugeDescriptionsWithTinyStreamsAreRefusedBeforeDecoding() throws {
        for syntax in [Fixture.rle, "1.2.840.10008.1.2.4.50", Self.jpegLS, Self.j2kLossless, Self.jpegLossless] {
            let ds = Fixture.dataSet(rows: 8192, columns: 8192, samples: 3, bitsAllocated: 16, photometric: "RGB",
                                     fragments: [[0xFF, 0xD8, 0xFF, 0xD9]])
            let px = try PixelData(dataSet: ds, transferSyntax: syntax)
            #expect(throws: PixelError(.insufficientData, "a 402653184-byte frame cannot come from 4 compressed bytes", tag: .pixelData, frame: 0)) {
                try px.frame(0)
            }
        }
    }

    @Test func corruptCodecStreamsGiveTypedErrors() throws {
        let junk: [[UInt8]] = [[0xFF, 0xD8, 0xFF, 0xC0, 0, 2], [0xFF, 0x4F, 0xFF, 0x51, 0, 0], [0xFF, 0xD8, 0xFF, 0xF7, 0, 8, 1], [1, 2, 3, 4]]
        for syntax in ["1.2.840.10008.1.2.4.50", Self.jpegLS, Self.j2kLossless, Self.jpegLossless] {
            for j in junk {
                let ds = Fixture.dataSet(rows: 4, columns: 4, bitsAllocated: 8, fragments: [j])
                let px = try PixelData(dataSet: ds, transferSyntax: syntax)
                #expect(throws: PixelError.self) { try px.frame(0) }
            }
        }
    }
}

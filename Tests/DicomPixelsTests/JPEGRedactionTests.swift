import DicomCore
import Testing
@testable import DicomPixels

@Suite struct JPEGRedactionTests {
    static let baseline = "1.2.840.10008.1.2.4.50"

    func texture(width: Int, height: Int, components: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed)
        return (0..<width * height * components).map { i in
            let p = i / components, x = p % width, y = p / width
            return UInt8(truncatingIfNeeded: 60 + (x * 3 + y * 2 + (i % components) * 40) % 120 + Int.random(in: 0...20, using: &rng))
        }
    }

    func dataSet(_ streams: [[UInt8]], width: Int, height: Int, components: Int) -> DataSet {
        Fixture.dataSet(rows: height, columns: width, samples: components, bitsAllocated: 8,
                        photometric: components == 3 ? "YBR_FULL_422" : "MONOCHROME2", frames: streams.count,
                        fragments: streams.map { $0.count % 2 == 1 ? $0 + [0] : $0 })
    }

    @Test func greyBlocksOutsideTheMaskKeepTheirPixels() throws {
        for restartRows in [0, 1] {
            let (w, h) = (64, 48)
            let streams = try (0..<2).map { try LibJPEG.encode(texture(width: w, height: h, components: 1, seed: $0), width: w, height: h,
                                                              components: 1, restartRows: restartRows) }
            let ds = dataSet(streams, width: w, height: h, components: 1)
            let before = try PixelData(dataSet: ds, transferSyntax: Self.baseline)
            let result = try PixelMasker.apply([Mask(frame: 1, x: 10, y: 9, width: 20, height: 5)], to: ds, transferSyntax: Self.baseline)
            #expect(!result.syntaxChanged && result.transferSyntax == Self.baseline)
            #expect(result.appliedMasks == [Mask(frame: 1, x: 8, y: 8, width: 24, height: 8)])
            guard case .encapsulated(let enc) = result.dataSet[.pixelData]?.value else { Issue.record("not encapsulated"); return }
            let original0 = streams[0].count % 2 == 1 ? streams[0] + [0] : streams[0]
            #expect(Array(enc.fragments[0]) == original0)
            let after = try PixelData(dataSet: result.dataSet, transferSyntax: Self.baseline)
            let a = try before.frame(1), b = try after.frame(1)
            for y in 0..<h {
                for x in 0..<w {
                    if x >= 8 && x < 32 && y >= 8 && y < 16 {
                        #expect(b.value(x: x, y: y) <= 1)
                    } else {
                        #expect(b.value(x: x, y: y) == a.value(x: x, y: y), "x \(x) y \(y) restart \(restartRows)")
                    }
                }
            }
            #expect(try after.frame(0) == before.frame(0))
        }
    }

    @Test func colourWithSubsamplingBlanksWholeMCUs() throws {
        let (w, h) = (48, 32)
        let rgb = texture(width: w, height: h, components: 3, seed: 9)
        let stream = try LibJPEG.encode(rgb, width: w, height: h, components: 3, subsample420: true)
        let ds = dataSet([stream], width: w, height: h, components: 3)
        let before = try PixelData(dataSet: ds, transferSyntax: Self.baseline).frame(0)
        let result = try PixelMasker.apply([Mask(x: 17, y: 3, width: 4, height: 4)], to: ds, transferSyntax: Self.baseline)
        #expect(!result.syntaxChanged)
        #expect(result.appliedMasks == [Mask(x: 16, y: 0, width: 16, height: 16)])
        let after = try PixelData(dataSet: result.dataSet, transferSyntax: Self.baseline).frame(0)
        // Luma is 0 across the blanked MCU; chroma upsampling lets neighbouring colour bleed into its edge pixels.
        for y in 0..<16 {
            for x in 16..<32 {
                let interior = x >= 18 && x < 30 && y < 14
                for s in 0..<3 { #expect(after.value(x: x, y: y, sample: s) <= (interior ? 2 : 24)) }
            }
        }
        // Beyond the reach of chroma upsampling (one MCU away), pixels are unchanged.
        for y in 0..<h {
            for x in 0..<w where x < 8 || x >= 40 || y >= 24 {
                for s in 0..<3 { #expect(after.value(x: x, y: y, sample: s) == before.value(x: x, y: y, sample: s)) }
            }
        }
    }

    @Test func refusedStreamsFallBackToNativeWithAReason() throws {
        let (w, h) = (16, 16)
        var stream = try LibJPEG.encode(texture(width: w, height: h, components: 1, seed: 2), width: w, height: h, components: 1)
        // Hide the Huffman tables (DHT becomes a comment): redaction refuses; libjpeg still decodes with its
        // standard tables, so masking falls back to native data with the reason recorded.
        for i in 0..<(stream.count - 1) where stream[i] == 0xFF && stream[i + 1] == 0xC4 { stream[i + 1] = 0xFE }
        #expect(throws: PixelError.self) {
            try JPEGBlockRedaction.redact(stream[...], masks: [Mask(x: 0, y: 0, width: 4, height: 4)], photometric: .monochrome2, fill: .automatic)
        }
        let ds = dataSet([stream], width: w, height: h, components: 1)
        let result = try PixelMasker.apply([Mask(x: 0, y: 0, width: 4, height: 4)], to: ds, transferSyntax: Self.baseline)
        #expect(result.syntaxChanged && result.transferSyntax == "1.2.840.10008.1.2.1")
        #expect(result.reason?.contains("block-selective redaction impossible") == true)
        #expect(try PixelData(dataSet: result.dataSet, transferSyntax: result.transferSyntax).frame(0).value(x: 3, y: 3) == 0)
        // A progressive SOF is refused with a reason.
        var progressive = try LibJPEG.encode(texture(width: w, height: h, components: 1, seed: 2), width: w, height: h, components: 1)
        let sof = (0..<progressive.count - 1).first { progressive[$0] == 0xFF && progressive[$0 + 1] == 0xC0 }!
        progressive[sof + 1] = 0xC2
        #expect(throws: PixelError.self) { try JPEGBlockRedaction.redact(progressive[...], masks: [Mask(x: 0, y: 0, width: 4, height: 4)], photometric: .monochrome2, fill: .automatic) }
    }
}

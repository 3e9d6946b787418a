import DicomCore
import Testing
@testable import DicomPixels

@Suite struct RenderTests {
    func ds(_ s: String, _ tag: UInt32, _ vr: VR = .DS) -> DataElement { Fixture.text(tag, vr, s) }

    @Test func appliesRescaleAndFileWindow() throws {
        // CT-like: stored 0...4095, slope 1, intercept -1024; window 40/400 spans HU -160...240.
        let values = [0, 864, 1024, 1064, 1264, 4095]  // HU -1024, -160, 0, 40, 240, 3071
        let data = Fixture.dataSet(rows: 1, columns: 6, bitsAllocated: 16, bitsStored: 12, pixels: Fixture.le16(values),
                                   extra: [ds("1", 0x0028_1053), ds("-1024", 0x0028_1052), ds("40", 0x0028_1050), ds("400", 0x0028_1051)])
        let frame = try PixelData(dataSet: data, transferSyntax: Fixture.explicitLE).frame(0)
        let image = try FrameRenderer(dataSet: data).render(frame).grayscale
        #expect(image.pixels[0] == 0 && image.pixels[1] == 0)
        #expect(image.pixels[2] == 102)   // ((0 - 39.5) / 399 + 0.5) x 255 = 102.3
        #expect(image.pixels[3] == 128)
        #expect(image.pixels[4] == 255 && image.pixels[5] == 255)
    }

    @Test func monochrome1IsInvertedAndHistogramWindowWhenAbsent() throws {
        // 1000 pixels cycling 0...99 plus two outliers; the 1st-99th percentile window ignores outliers.
        var values = (0..<998).map { $0 % 100 }
        values += [5000, 60000]
        let data = Fixture.dataSet(rows: 20, columns: 50, bitsAllocated: 16, photometric: "MONOCHROME1", pixels: Fixture.le16(values))
        let frame = try PixelData(dataSet: data, transferSyntax: Fixture.explicitLE).frame(0)
        let renderer = try FrameRenderer(dataSet: data)
        let w = renderer.window(for: frame)
        #expect(w.center > 40 && w.center < 60 && w.width < 120)
        let image = try renderer.render(frame).grayscale
        #expect(image.pixels[0] == 255)           // lowest value, inverted
        #expect(image.pixels[999] == 0)            // outlier clipped to white, inverted to black
        #expect(image.pixels[10] > image.pixels[60])
    }

    @Test func ybrAndPaletteBecomeRGB() throws {
        let ybr = Fixture.dataSet(rows: 1, columns: 2, samples: 3, bitsAllocated: 8, photometric: "YBR_FULL",
                                  pixels: [76, 85, 255, 255, 128, 128])    // pure red, white
        let f = try PixelData(dataSet: ybr, transferSyntax: Fixture.explicitLE).frame(0)
        guard case .rgb(let rgb) = try FrameRenderer(dataSet: ybr).render(f) else { Issue.record("not rgb"); return }
        #expect(rgb[0, 0].0 >= 253 && rgb[0, 0].1 <= 2 && rgb[0, 0].2 <= 2)
        #expect(rgb[1, 0] == (255, 255, 255))

        let descriptor = Fixture.le16([4, 0, 16])
        let palette = Fixture.dataSet(rows: 1, columns: 4, bitsAllocated: 8, photometric: "PALETTE COLOR", pixels: [0, 1, 2, 3], extra: [
            DataElement(tag: Tag(0x0028_1101), vr: .US, bytes: descriptor[...]),
            DataElement(tag: Tag(0x0028_1102), vr: .US, bytes: descriptor[...]),
            DataElement(tag: Tag(0x0028_1103), vr: .US, bytes: descriptor[...]),
            DataElement(tag: Tag(0x0028_1201), vr: .OW, bytes: Fixture.le16([0xFFFF, 0, 0, 0x8000])[...]),
            DataElement(tag: Tag(0x0028_1202), vr: .OW, bytes: Fixture.le16([0, 0xFFFF, 0, 0x8000])[...]),
            DataElement(tag: Tag(0x0028_1203), vr: .OW, bytes: Fixture.le16([0, 0, 0xFFFF, 0x8000])[...]),
        ])
        let pf = try PixelData(dataSet: palette, transferSyntax: Fixture.explicitLE).frame(0)
        let display = try DisplayAttributes(dataSet: palette)
        #expect(display.palette?.darkestIndex == 0 || display.palette?.darkestIndex == 1)
        guard case .rgb(let p) = try FrameRenderer(display: display).render(pf) else { Issue.record("not rgb"); return }
        #expect(p.pixels == [255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128])
    }

    @Test func overlaysAreDrawnOnTop() throws {
        // A 2x3 overlay at origin (row 2, column 2), 1-based, bits: 1 0 1 / 0 1 0.
        var bits: UInt8 = 0
        for (i, b) in [1, 0, 1, 0, 1, 0].enumerated() where b == 1 { bits |= 1 << UInt8(i) }
        let data = Fixture.dataSet(rows: 4, columns: 4, bitsAllocated: 8, pixels: [UInt8](repeating: 0, count: 16), extra: [
            Fixture.us(0x6000_0010, 2), Fixture.us(0x6000_0011, 3),
            DataElement(tag: Tag(0x6000_0050), vr: .SS, bytes: Fixture.le16([2, 2])[...]),
            Fixture.us(0x6000_0100, 1), Fixture.us(0x6000_0102, 0),
            DataElement(tag: Tag(0x6000_3000), vr: .OW, bytes: [bits, 0]),
            ds("0", 0x0028_1050), ds("256", 0x0028_1051),
        ])
        let frame = try PixelData(dataSet: data, transferSyntax: Fixture.explicitLE).frame(0)
        let image = try FrameRenderer(dataSet: data).render(frame).grayscale
        let lit = (0..<16).filter { image.pixels[$0] == 255 }
        #expect(lit == [5, 7, 10])
        let off = try FrameRenderer(dataSet: data, options: RenderOptions(drawOverlays: false)).render(frame).grayscale
        #expect(off.pixels.allSatisfy { $0 < 255 })
    }
}

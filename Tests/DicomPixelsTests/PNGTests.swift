import Testing
@testable import DicomPixels

@Suite struct PNGTests {
    /// The chunks of a PNG stream: type and data.
    func chunks(_ png: [UInt8]) -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        var i = 8
        while i + 12 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
            out.append((type, Array(png[(i + 8)..<min(png.count, i + 8 + length)])))
            i += 12 + length
        }
        return out
    }

    @Test func writesGreyAndRGBWithOutlines() throws {
        let grey = GrayImage(width: 5, height: 3, pixels: (0..<15).map { UInt8($0 * 10) })
        let plain = try PNGWriter.write(grey)
        #expect(Array(plain.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let c = chunks(plain)
        #expect(c.first?.0 == "IHDR" && c.last?.0 == "IEND" && c.contains { $0.0 == "IDAT" })
        // IHDR: width 5, height 3, bit depth 8, colour type 0 (grey).
        #expect(c.first?.1[0..<10] == [0, 0, 0, 5, 0, 0, 0, 3, 8, 0])
        let boxed = try PNGWriter.write(grey, boxes: [OutlineBox(x: 1, y: 0, width: 3, height: 3, color: .red)])
        #expect(chunks(boxed).first?.1[9] == 2)   // colour type 2: RGB once boxes are drawn
        #expect(throws: PixelError.self) { try PNGWriter.write(GrayImage(width: 4, height: 4, pixels: [1, 2])) }
    }
}

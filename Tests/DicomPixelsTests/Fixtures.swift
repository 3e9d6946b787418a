import DicomCore
@testable import DicomPixels

/// Builds image data sets in memory for the tests.
enum Fixture {
    static func us(_ tag: UInt32, _ v: Int) -> DataElement {
        DataElement(tag: Tag(tag), vr: .US, bytes: [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)])
    }
    static func text(_ tag: UInt32, _ vr: VR, _ s: String) -> DataElement {
        var b = Array(s.utf8)
        if b.count % 2 == 1 { b.append(vr == .UI ? 0 : 0x20) }
        return DataElement(tag: Tag(tag), vr: vr, bytes: b[...])
    }

    /// A data set with the Image Pixel module and `pixels` as native Pixel Data (or encapsulated fragments).
    static func dataSet(rows: Int, columns: Int, samples: Int = 1, bitsAllocated: Int, bitsStored: Int? = nil,
                        highBit: Int? = nil, signed: Bool = false, photometric: String = "MONOCHROME2",
                        planar: Int = 0, frames: Int = 1, pixels: [UInt8] = [], fragments: [[UInt8]]? = nil,
                        offsetTable: [UInt8] = [], extra: [DataElement] = []) -> DataSet {
        let stored = bitsStored ?? bitsAllocated
        var ds = DataSet([
            us(0x0028_0002, samples),
            text(0x0028_0004, .CS, photometric),
            us(0x0028_0010, rows),
            us(0x0028_0011, columns),
            us(0x0028_0100, bitsAllocated),
            us(0x0028_0101, stored),
            us(0x0028_0102, highBit ?? stored - 1),
            us(0x0028_0103, signed ? 1 : 0),
        ])
        if samples > 1 { ds.set(us(0x0028_0006, planar)) }
        if frames > 1 { ds.set(text(0x0028_0008, .IS, String(frames))) }
        for e in extra { ds.set(e) }
        if let fragments {
            ds.set(DataElement(tag: .pixelData, vr: .OB, value: .encapsulated(
                EncapsulatedPixelData(offsetTable: offsetTable[...], fragments: fragments.map { $0[...] }))))
        } else {
            var p = pixels
            if p.count % 2 == 1 { p.append(0) }
            ds.set(DataElement(tag: .pixelData, vr: bitsAllocated > 8 ? .OW : .OB, bytes: p[...]))
        }
        return ds
    }

    /// Little-endian bytes of 16-bit values.
    static func le16(_ values: [Int]) -> [UInt8] {
        values.flatMap { [UInt8($0 & 0xFF), UInt8(($0 >> 8) & 0xFF)] }
    }
    static func le32(_ values: [Int]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    }

    static let explicitLE = "1.2.840.10008.1.2.1"
    static let rle = "1.2.840.10008.1.2.5"
}

/// A small deterministic generator for test data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 29)
    }
}

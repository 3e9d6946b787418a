import DicomCore

/// An overlay plane (60xx group, PS3.3 C.9.2): a 1-bit bitmap placed on the image, often holding text.
public struct Overlay: Sendable, Equatable {
    /// The group, 0x6000...0x601E.
    public var group: UInt16
    public var rows: Int
    public var columns: Int
    /// Zero-based image row and column of the overlay's top-left pixel (the file stores 1-based).
    public var originRow: Int
    public var originColumn: Int
    public var frames: Int
    /// Zero-based image frame the overlay's first frame applies to.
    public var firstImageFrame: Int
    /// Bit-packed data, least significant bit first.
    public var data: ArraySlice<UInt8>

    /// Every overlay in `ds` with data in (60xx,3000); malformed ones are skipped.
    static func all(in ds: DataSet) -> [Overlay] {
        var out: [Overlay] = []
        for g in stride(from: UInt16(0x6000), through: 0x601E, by: 2) {
            let t = { (e: UInt16) in Tag(group: g, element: e) }
            guard let data = ds[t(0x3000)]?.bytes, !data.isEmpty,
                  let rows = ds.int(t(0x0010)), let cols = ds.int(t(0x0011)), rows > 0, cols > 0 else { continue }
            if let bits = ds.int(t(0x0100)), bits != 1 { continue }
            var originRow = 1, originCol = 1
            if let o = ds[t(0x0050)]?.bytes {
                let v = o.littleEndianIntegers(UInt16.self).map { Int(Int16(bitPattern: $0)) }
                if v.count >= 2 { originRow = v[0]; originCol = v[1] }
            }
            let frames = max(1, ds.int(t(0x0015)) ?? 1)
            let first = max(1, ds.int(t(0x0051)) ?? 1)
            out.append(Overlay(group: g, rows: rows, columns: cols, originRow: originRow - 1, originColumn: originCol - 1,
                               frames: frames, firstImageFrame: first - 1, data: data))
        }
        return out
    }

    /// Calls `body(x, y)` with image coordinates of each set bit for image frame `frame`, inside width x height.
    func forEachSetPixel(frame: Int, width: Int, height: Int, _ body: (Int, Int) -> Void) {
        let f = frame - firstImageFrame
        guard f >= 0, f < frames else { return }
        let bitsPerFrame = rows * columns
        let start = f * bitsPerFrame
        let availableBits = data.count * 8
        data.withUnsafeBufferPointer { bytes in
            for r in 0..<rows {
                let y = originRow + r
                if y < 0 || y >= height { continue }
                for c in 0..<columns {
                    let x = originColumn + c
                    if x < 0 || x >= width { continue }
                    let bit = start + r * columns + c
                    if bit >= availableBits { return }
                    if bytes[bit >> 3] & (1 << UInt8(bit & 7)) != 0 { body(x, y) }
                }
            }
        }
    }
}

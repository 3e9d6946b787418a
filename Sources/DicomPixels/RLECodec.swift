/// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per
/// byte plane, most significant byte of each sample first, planes sample by sample.
public enum RLECodec {
    /// Decodes one frame's RLE data into native little-endian bytes, colour-by-plane
    /// (`planarConfiguration` 1 for colour), `bitsAllocated / 8` bytes per sample.
    public static func decode(_ data: ArraySlice<UInt8>, description d: PixelDescription) throws(PixelError) -> [UInt8] {
        guard d.bitsAllocated >= 8 else { throw PixelError(.unsupportedLayout, "RLE with \(d.bitsAllocated) bits allocated") }
        guard data.count >= 64 else { throw PixelError(.corruptStream, "RLE header needs 64 bytes, the frame has \(data.count)") }
        let bps = d.bitsAllocated / 8
        let expectedSegments = d.samplesPerPixel * bps
        let base = data.startIndex
        func u32(_ at: Int) -> Int {
            Int(data[base + at]) | Int(data[base + at + 1]) << 8 | Int(data[base + at + 2]) << 16 | Int(data[base + at + 3]) << 24
        }
        let segments = u32(0)
        guard segments == expectedSegments else {
            throw PixelError(.corruptStream, "RLE header declares \(segments) segments, the description needs \(expectedSegments)")
        }
        var offsets: [Int] = (0..<segments).map { u32(4 + 4 * $0) }
        offsets.append(data.count)
        for i in 0..<segments where offsets[i] < 64 || offsets[i] > offsets[i + 1] {
            throw PixelError(.corruptStream, "RLE segment \(i) offset \(offsets[i]) is out of order or inside the header")
        }
        let plane = d.pixelsPerFrame
        var out = [UInt8](repeating: 0, count: plane * expectedSegments)
        try out.withUnsafeMutableBufferPointer { (dst: inout UnsafeMutableBufferPointer<UInt8>) throws(PixelError) in
            try data.withUnsafeBufferPointer { (src: UnsafeBufferPointer<UInt8>) throws(PixelError) in
                for seg in 0..<segments {
                    let sample = seg / bps
                    let byteInSample = bps - 1 - seg % bps      // segment 0 of a sample is its most significant byte
                    let produced = unpackBits(src, from: offsets[seg], to: offsets[seg + 1], into: dst,
                                              start: sample * plane * bps + byteInSample, stride: bps, count: plane)
                    guard produced == plane else {
                        throw PixelError(.corruptStream, "RLE segment \(seg) decodes to \(produced) bytes, not \(plane)")
                    }
                }
            }
        }
        return out
    }

    /// PackBits-decodes src[from..<to] into every `stride`-th byte of dst from `start`, at most `count`
    /// bytes; returns how many were written. Extra decoded bytes past `count` are ignored.
    private static func unpackBits(_ src: UnsafeBufferPointer<UInt8>, from: Int, to: Int,
                                   into dst: UnsafeMutableBufferPointer<UInt8>, start: Int, stride: Int, count: Int) -> Int {
        var i = from
        var written = 0
        var o = start
        while i < to && written < count {
            let header = Int(Int8(bitPattern: src[i]))
            i += 1
            if header >= 0 {
                let n = min(header + 1, to - i, count - written)
                for k in 0..<n { dst[o] = src[i + k]; o += stride }
                written += n
                i += header + 1
            } else if header != -128 {
                guard i < to else { break }
                let value = src[i]
                i += 1
                let n = min(1 - header, count - written)
                for _ in 0..<n { dst[o] = value; o += stride }
                written += n
            }
        }
        return written
    }

    /// Encodes one frame of native little-endian bytes (colour-by-plane when `planar` is true, else
    /// interleaved) as RLE Lossless, each row of each segment packed separately.
    public static func encode(_ raw: UnsafeRawBufferPointer, description d: PixelDescription, planar: Bool) throws(PixelError) -> [UInt8] {
        guard d.bitsAllocated >= 8 else { throw PixelError(.unsupportedLayout, "RLE with \(d.bitsAllocated) bits allocated") }
        let bps = d.bitsAllocated / 8
        let spp = d.samplesPerPixel
        let segments = spp * bps
        guard segments <= 15 else { throw PixelError(.unsupportedLayout, "RLE allows 15 segments, \(segments) needed") }
        let plane = d.pixelsPerFrame
        guard raw.count >= plane * segments else {
            throw PixelError(.insufficientData, "frame has \(raw.count) bytes, RLE encoding needs \(plane * segments)")
        }
        var out = [UInt8](repeating: 0, count: 64)
        out.reserveCapacity(64 + plane * segments + plane * segments / 64)
        var row = [UInt8](repeating: 0, count: d.columns)
        for seg in 0..<segments {
            let offset = out.count
            out[4 + 4 * seg] = UInt8(truncatingIfNeeded: offset)
            out[5 + 4 * seg] = UInt8(truncatingIfNeeded: offset >> 8)
            out[6 + 4 * seg] = UInt8(truncatingIfNeeded: offset >> 16)
            out[7 + 4 * seg] = UInt8(truncatingIfNeeded: offset >> 24)
            let sample = seg / bps
            let byteInSample = bps - 1 - seg % bps
            for y in 0..<d.rows {
                for x in 0..<d.columns {
                    let p = y * d.columns + x
                    let sampleIndex = planar ? sample * plane + p : p * spp + sample
                    row[x] = raw[sampleIndex * bps + byteInSample]
                }
                packBits(row, into: &out)
            }
            if out.count % 2 == 1 { out.append(0) }
        }
        out[0] = UInt8(segments)
        return out
    }

    /// PackBits: runs of 3 or more equal bytes as replicate runs, the rest as literal runs of up to 128.
    static func packBits(_ row: [UInt8], into out: inout [UInt8]) {
        let n = row.count
        var i = 0
        var literalStart = 0
        func flushLiterals(_ end: Int) {
            var s = literalStart
            while s < end {
                let len = min(128, end - s)
                out.append(UInt8(len - 1))
                out.append(contentsOf: row[s..<(s + len)])
                s += len
            }
        }
        while i < n {
            var run = 1
            while i + run < n && row[i + run] == row[i] && run < 128 { run += 1 }
            if run >= 3 {
                flushLiterals(i)
                out.append(UInt8(bitPattern: Int8(1 - run)))
                out.append(row[i])
                i += run
                literalStart = i
            } else {
                i += run
            }
        }
        flushLiterals(n)
    }
}

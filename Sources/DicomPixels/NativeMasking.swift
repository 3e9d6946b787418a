/// Writes fill values into rectangles of native little-endian frame bytes, touching no byte outside
/// the rectangles (for YBR_FULL_422 the rectangle is widened to whole pixel pairs, which share chroma).
enum NativeMasking {
    /// The stored sample values a mask writes, one per sample per pixel.
    static func fillSamples(_ fill: MaskFill, layout d: PixelDescription, palette: Palette?) -> [Int] {
        if case .stored(let v) = fill { return [Int](repeating: v, count: d.samplesPerPixel) }
        switch d.photometric {
        case .monochrome2: return [d.storedRange.lowerBound]
        case .monochrome1: return [d.storedRange.upperBound]
        case .paletteColor: return [palette?.darkestIndex ?? 0]
        case .rgb, .ybrICT, .ybrRCT: return [0, 0, 0]
        case .ybrFull, .ybrFull422, .ybrPartial420:
            let mid = d.isSigned ? 0 : 1 << (d.bitsStored - 1)
            return [d.isSigned ? d.storedRange.lowerBound : 0, mid, mid]
        }
    }

    /// Fills `mask` (already clipped) in the frame starting at bit `frameBit` of `buffer`.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, frameBit: Int, layout d: PixelDescription,
                     mask m: Mask, samples fill: [Int]) {
        let cols = d.columns
        let plane = d.pixelsPerFrame
        let spp = d.samplesPerPixel
        let shift = d.highBit + 1 - d.bitsStored
        // Raw bit patterns to write, positioned at the high bit.
        let patterns: [UInt32] = fill.map { v in
            let storedMask: UInt32 = d.bitsStored == 32 ? .max : (1 << UInt32(d.bitsStored)) - 1
            let p = UInt32(truncatingIfNeeded: v) & storedMask
            return p << UInt32(shift)
        }
        switch d.bitsAllocated {
        case 1:
            let bit = patterns[0] & 1
            for y in m.y..<(m.y + m.height) {
                for x in m.x..<(m.x + m.width) {
                    let b = frameBit + y * cols + x
                    let mask = UInt8(1) << UInt8(b & 7)
                    if bit == 1 { buffer[b >> 3] |= mask } else { buffer[b >> 3] &= ~mask }
                }
            }
        case 8 where d.photometric == .ybrFull422:
            let base = frameBit >> 3
            let x0 = m.x & ~1, x1 = min(cols, (m.x + m.width + 1) & ~1)
            for y in m.y..<(m.y + m.height) {
                var x = x0
                while x < x1 {
                    let o = base + (y * cols + x) * 2
                    buffer[o] = UInt8(truncatingIfNeeded: patterns[0])
                    buffer[o + 1] = UInt8(truncatingIfNeeded: patterns[0])
                    buffer[o + 2] = UInt8(truncatingIfNeeded: patterns[1])
                    buffer[o + 3] = UInt8(truncatingIfNeeded: patterns[2])
                    x += 2
                }
            }
        default:
            let bps = d.bitsAllocated / 8
            let base = frameBit >> 3
            let planar = spp > 1 && d.planarConfiguration == 1
            for s in 0..<spp {
                let p = patterns[s]
                for y in m.y..<(m.y + m.height) {
                    for x in m.x..<(m.x + m.width) {
                        let pixel = y * cols + x
                        let index = planar ? s * plane + pixel : pixel * spp + s
                        let o = base + index * bps
                        for k in 0..<bps { buffer[o + k] = UInt8(truncatingIfNeeded: p >> UInt32(8 * k)) }
                    }
                }
            }
        }
    }
}

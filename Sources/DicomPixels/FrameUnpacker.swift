/// Turns native little-endian frame bytes into `FrameSamples`: shifts from High Bit, masks or
/// sign-extends to Bits Stored, interleaves colour-by-plane data and expands YBR_FULL_422.
enum FrameUnpacker {
    /// The description decoded samples carry: interleaved, one frame, 4:2:2 expanded.
    static func decodedDescription(_ d: PixelDescription) -> PixelDescription {
        var out = d
        out.planarConfiguration = 0
        out.numberOfFrames = 1
        if d.photometric == .ybrFull422 { out.photometric = .ybrFull }
        if d.bitsAllocated == 1 { out.bitsAllocated = 8; out.highBit = out.bitsStored - 1 }
        return out
    }

    /// Unpacks one frame whose bytes start at `byteOffset` (plus `bitOffset` bits for 1-bit data) in `raw`.
    /// `layout` gives bits allocated, planar configuration and photometric of the bytes; the caller has
    /// checked that `raw` holds the whole frame.
    static func unpack(_ raw: UnsafeRawBufferPointer, byteOffset: Int, bitOffset: Int = 0,
                       layout d: PixelDescription) -> FrameSamples {
        let n = d.samplesPerFrame
        switch d.bitsAllocated {
        case 1:
            let out = [UInt8](unsafeUninitializedCapacity: n) { buf, count in
                let base = byteOffset * 8 + bitOffset
                for i in 0..<n {
                    let bit = base + i
                    buf[i] = (raw[bit >> 3] >> UInt8(bit & 7)) & 1
                }
                count = n
            }
            return .uint8(out)
        case 8:
            if d.photometric == .ybrFull422 { return .uint8(expand422(raw, byteOffset: byteOffset, d)) }
            if d.isSigned { return .int8(unpackTyped(raw, byteOffset: byteOffset, d)) }
            return .uint8(unpackTyped(raw, byteOffset: byteOffset, d))
        case 16:
            if d.isSigned { return .int16(unpackTyped(raw, byteOffset: byteOffset, d)) }
            return .uint16(unpackTyped(raw, byteOffset: byteOffset, d))
        default:
            if d.isSigned { return .int32(unpackTyped(raw, byteOffset: byteOffset, d)) }
            return .uint32(unpackTyped(raw, byteOffset: byteOffset, d))
        }
    }

    /// Reads little-endian samples of T's width straight into T, then fixes the bits: signed types are
    /// sign-extended from Bits Stored (arithmetic shifts), unsigned ones shifted down from High Bit and masked.
    @inline(__always)
    private static func unpackTyped<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, byteOffset: Int, _ d: PixelDescription) -> [T] {
        let n = d.samplesPerFrame
        let size = MemoryLayout<T>.size
        let width = T.bitWidth
        let spp = d.samplesPerPixel
        let planar = spp > 1 && d.planarConfiguration == 1
        let plane = d.pixelsPerFrame
        return [T](unsafeUninitializedCapacity: n) { out, count in
            let src = UnsafeRawBufferPointer(rebasing: raw[byteOffset..<(byteOffset + n * size)])
            if planar {
                for s in 0..<spp {
                    for p in 0..<plane {
                        out[p * spp + s] = T(littleEndian: src.loadUnaligned(fromByteOffset: (s * plane + p) * size, as: T.self))
                    }
                }
            } else if let base = out.baseAddress, let from = src.baseAddress {
                UnsafeMutableRawPointer(base).copyMemory(from: from, byteCount: n * size)
                #if _endian(big)
                for i in 0..<n { out[i] = T(littleEndian: out[i]) }
                #endif
            }
            count = n
            if d.bitsStored == width { return }
            if T.isSigned {
                let up = width - 1 - d.highBit
                let down = width - d.bitsStored
                for i in 0..<n { out[i] = (out[i] << up) >> down }
            } else {
                let shift = d.highBit + 1 - d.bitsStored
                let mask: T = (T(1) << d.bitsStored) &- 1
                for i in 0..<n { out[i] = (out[i] >> shift) & mask }
            }
        }
    }

    /// YBR_FULL_422: each pair of pixels is stored Y1 Y2 Cb Cr; expand to Y Cb Cr per pixel.
    private static func expand422(_ raw: UnsafeRawBufferPointer, byteOffset: Int, _ d: PixelDescription) -> [UInt8] {
        let pixels = d.pixelsPerFrame
        return [UInt8](unsafeUninitializedCapacity: pixels * 3) { out, count in
            var src = byteOffset
            var p = 0
            while p + 1 < pixels {
                let y1 = raw[src], y2 = raw[src + 1], cb = raw[src + 2], cr = raw[src + 3]
                out[p * 3] = y1; out[p * 3 + 1] = cb; out[p * 3 + 2] = cr
                out[p * 3 + 3] = y2; out[p * 3 + 4] = cb; out[p * 3 + 5] = cr
                src += 4
                p += 2
            }
            if p < pixels {  // odd pixel count: a last half pair
                out[p * 3] = raw[src]; out[p * 3 + 1] = raw[src + 2]; out[p * 3 + 2] = raw[src + 3]
            }
            count = pixels * 3
        }
    }
}

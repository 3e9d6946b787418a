/// Turns decoded JPEG component planes into interleaved output samples, as libjpeg does by default:
/// chroma upsampled with its "fancy" (triangle) filters for 2x1, 2x2 and 1x2 sampling (plain
/// replication for components two samples wide or less, and for other integer ratios), then YCbCr
/// converted to RGB with libjpeg's 16-bit fixed-point tables when the stream is YCbCr-coded.
enum JPEGColourOutput {
    /// A decoded component: `width` x `height` real samples in a plane `stride` wide (block padded).
    struct Plane {
        var samples: [UInt16]
        var stride: Int
        var width: Int
        var height: Int
    }

    /// Upsamples `plane` by integer factors (`hx`, `vy`) to exactly `width` x `height` samples.
    static func upsample(_ p: Plane, hx: Int, vy: Int, width: Int, height: Int) -> [UInt16] {
        var out = [UInt16](repeating: 0, count: width * height)
        let w = p.width, h = p.height, stride = p.stride
        p.samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                @inline(__always) func s(_ x: Int, _ y: Int) -> Int { Int(src[y * stride + x]) }
                // Rows above the first and below the last real row repeat it (libjpeg's context rows).
                @inline(__always) func clampRow(_ y: Int) -> Int { min(h - 1, max(0, y)) }
                if hx == 1 && vy == 1 {
                    for y in 0..<height { for x in 0..<width { dst[y * width + x] = src[y * stride + x] } }
                } else if hx == 2 && vy == 1 && w > 2 {
                    var row = [Int](repeating: 0, count: 2 * w)
                    for y in 0..<height {
                        row[0] = s(0, y)
                        row[1] = (s(0, y) * 3 + s(1, y) + 2) >> 2
                        for x in 1..<(w - 1) {
                            let v = s(x, y) * 3
                            row[2 * x] = (v + s(x - 1, y) + 1) >> 2
                            row[2 * x + 1] = (v + s(x + 1, y) + 2) >> 2
                        }
                        row[2 * w - 2] = (s(w - 1, y) * 3 + s(w - 2, y) + 1) >> 2
                        row[2 * w - 1] = s(w - 1, y)
                        for x in 0..<width { dst[y * width + x] = UInt16(truncatingIfNeeded: row[x]) }
                    }
                } else if hx == 2 && vy == 2 && w > 2 {
                    var sums = [Int](repeating: 0, count: w)
                    var row = [Int](repeating: 0, count: 2 * w)
                    for y in 0..<height {
                        let near = y >> 1
                        let far = clampRow(y & 1 == 0 ? near - 1 : near + 1)
                        for x in 0..<w { sums[x] = s(x, near) * 3 + s(x, far) }
                        row[0] = (sums[0] * 4 + 8) >> 4
                        row[1] = (sums[0] * 3 + sums[1] + 7) >> 4
                        for x in 1..<(w - 1) {
                            row[2 * x] = (sums[x] * 3 + sums[x - 1] + 8) >> 4
                            row[2 * x + 1] = (sums[x] * 3 + sums[x + 1] + 7) >> 4
                        }
                        row[2 * w - 2] = (sums[w - 1] * 3 + sums[w - 2] + 8) >> 4
                        row[2 * w - 1] = (sums[w - 1] * 4 + 7) >> 4
                        for x in 0..<width { dst[y * width + x] = UInt16(truncatingIfNeeded: row[x]) }
                    }
                } else if hx == 1 && vy == 2 {
                    for y in 0..<height {
                        let near = y >> 1
                        let far = clampRow(y & 1 == 0 ? near - 1 : near + 1)
                        let bias = y & 1 == 0 ? 1 : 2
                        for x in 0..<width { dst[y * width + x] = UInt16(truncatingIfNeeded: (s(x, near) * 3 + s(x, far) + bias) >> 2) }
                    }
                } else {
                    for y in 0..<height {
                        let sy = min(h - 1, y / vy)
                        for x in 0..<width { dst[y * width + x] = src[sy * stride + min(w - 1, x / hx)] }
                    }
                }
            }
        }
        return out
    }

    /// Interleaves three full-size planes, converting YCbCr to RGB when `ycc` (libjpeg's ycc_rgb_convert:
    /// R = Y + 1.402 Cr', G = Y - 0.34414 Cb' - 0.71414 Cr', B = Y + 1.772 Cb', with 16-bit fixed point).
    static func interleave(_ planes: [[UInt16]], count: Int, ycc: Bool, precision: Int) -> [UInt16] {
        var out = [UInt16](repeating: 0, count: count * 3)
        let maxSample = (1 << precision) - 1, center = 1 << (precision - 1)
        guard ycc else {
            for i in 0..<count { for c in 0..<3 { out[i * 3 + c] = planes[c][i] } }
            return out
        }
        let scale = 16, half = 1 << (scale - 1)
        func fix(_ x: Double) -> Int { Int(x * Double(1 << scale) + 0.5) }
        let n = maxSample + 1
        var crR = [Int](repeating: 0, count: n), cbB = crR, crG = crR, cbG = crR
        for i in 0..<n {
            let x = i - center
            crR[i] = (fix(1.40200) * x + half) >> scale
            cbB[i] = (fix(1.77200) * x + half) >> scale
            crG[i] = -fix(0.71414) * x
            cbG[i] = -fix(0.34414) * x + half
        }
        @inline(__always) func clamp(_ v: Int) -> UInt16 { UInt16(truncatingIfNeeded: min(maxSample, max(0, v))) }
        planes[0].withUnsafeBufferPointer { yp in
            planes[1].withUnsafeBufferPointer { cbp in
                planes[2].withUnsafeBufferPointer { crp in
                    for i in 0..<count {
                        let y = Int(yp[i]), cb = min(maxSample, Int(cbp[i])), cr = min(maxSample, Int(crp[i]))
                        out[i * 3] = clamp(y + crR[cr])
                        out[i * 3 + 1] = clamp(y + ((cbG[cb] + crG[cr]) >> scale))
                        out[i * 3 + 2] = clamp(y + cbB[cb])
                    }
                }
            }
        }
        return out
    }
}

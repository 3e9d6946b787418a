import Foundation

/// A small sequential DCT JPEG encoder for the tests (8 or 12 bits): a floating-point forward DCT,
/// quantization by a given table, and Huffman tables that code every symbol (5-bit DC codes, 8-bit AC
/// codes), so that any coefficient of either precision can be written. Options cover what the decoder
/// must handle: SOF0/SOF1 (or another SOF marker for refusal tests), 8- or 16-bit DQT, restart
/// intervals, table ids 0...3, sampling factors of the first component, and one scan per component.
/// It returns the quantized coefficients too, so that a test can compute the exact expected samples.
struct JPEGTestEncoder {
    var precision = 12
    var sof: UInt8 = 0xC1
    /// Quantization table in natural (row-major) order.
    var quant = [Int](repeating: 1, count: 64)
    var quant16 = false
    var restartInterval = 0
    /// Sampling factors of component 0; the others are 1x1.
    var sampling = (h: 1, v: 1)
    var interleaved = true
    var dcTableID = 0
    var acTableID = 0
    var quantTableID = 0
    var componentIDs = [1, 2, 3]
    var jfif = false
    /// The DC table holds only the categories the image uses, as optimized tables do (5-bit codes).
    var sparseDC = false

    struct Output {
        var stream: [UInt8]
        /// Per component: quantized coefficients in natural order, 64 per block, blocks row-major.
        var coefficients: [[Int]]
        var blocksPerLine: [Int]
        /// Per component: its real width and height in samples.
        var sizes: [(width: Int, height: Int)]
    }

    static let zigzag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ]

    /// The JPEG Annex K luminance table scaled like libjpeg's quality setting, in natural order.
    static func scaledQuant(quality: Int, scale: Int = 1) -> [Int] {
        let base = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
                    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
                    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
        let s = quality < 50 ? 5000 / quality : 200 - 2 * quality
        return base.map { max(1, min(32767, ($0 * s + 50) / 100 * scale)) }
    }

    /// Encodes `planes` (each `width` x `height`, in the coded colour space, values 0..<2^precision).
    func encode(_ planes: [[Int]], width: Int, height: Int) -> Output {
        let n = planes.count
        let center = 1 << (precision - 1)
        let hs = (0..<n).map { $0 == 0 ? sampling.h : 1 }, vs = (0..<n).map { $0 == 0 ? sampling.v : 1 }
        let hMax = hs.max()!, vMax = vs.max()!
        let mcusX = (width + 8 * hMax - 1) / (8 * hMax), mcusY = (height + 8 * vMax - 1) / (8 * vMax)
        var coefficients: [[Int]] = [], blocksPerLine: [Int] = [], sizes: [(width: Int, height: Int)] = []
        for c in 0..<n {
            let cw = (width * hs[c] + hMax - 1) / hMax, ch = (height * vs[c] + vMax - 1) / vMax
            let fx = hMax / hs[c], fy = vMax / vs[c]
            // Downsample by averaging, then pad by repeating the last real sample.
            var comp = [Double](repeating: 0, count: cw * ch)
            for y in 0..<ch {
                for x in 0..<cw {
                    var sum = 0, count = 0
                    for dy in 0..<fy { for dx in 0..<fx {
                        let sx = min(width - 1, x * fx + dx), sy = min(height - 1, y * fy + dy)
                        sum += planes[c][sy * width + sx]; count += 1
                    } }
                    comp[y * cw + x] = Double(sum) / Double(count)
                }
            }
            let bw = n == 1 ? (cw + 7) / 8 : mcusX * hs[c], bh = n == 1 ? (ch + 7) / 8 : mcusY * vs[c]
            var out = [Int](repeating: 0, count: bw * bh * 64)
            var block = [Double](repeating: 0, count: 64)
            for by in 0..<bh {
                for bx in 0..<bw {
                    for y in 0..<8 { for x in 0..<8 {
                        let sx = min(cw - 1, bx * 8 + x), sy = min(ch - 1, by * 8 + y)
                        block[y * 8 + x] = comp[sy * cw + sx] - Double(center)
                    } }
                    let f = Self.forwardDCT(block)
                    for k in 0..<64 { out[(by * bw + bx) * 64 + k] = Int((f[k] / Double(quant[k])).rounded()) }
                }
            }
            coefficients.append(out); blocksPerLine.append(bw); sizes.append((cw, ch))
        }
        var w = Writer()
        w.bytes([0xFF, 0xD8])
        if jfif { w.segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]) }
        w.segment(0xDB, [UInt8((quant16 ? 0x10 : 0) | quantTableID)] + Self.zigzag.flatMap { k -> [UInt8] in
            quant16 ? [UInt8(quant[k] >> 8), UInt8(quant[k] & 0xFF)] : [UInt8(min(255, quant[k]))]
        })
        var sofBody: [UInt8] = [UInt8(precision), UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), UInt8(n)]
        for c in 0..<n { sofBody += [UInt8(componentIDs[c]), UInt8(hs[c] << 4 | vs[c]), UInt8(quantTableID)] }
        w.segment(sof, sofBody)
        let scans: [[Int]] = interleaved || n == 1 ? [Array(0..<n)] : (0..<n).map { [$0] }
        // DC category -> index of its 5-bit code; with sparseDC, a first pass finds the categories used.
        var dcValues = Self.dcValues
        if sparseDC {
            var probe = Writer()
            var used = Set<Int>()
            emitScans(&probe, scans, coefficients, blocksPerLine, sizes, hs, vs, mcusX, mcusY, dcIndex: Array(0..<16), used: &used)
            dcValues = used.sorted().map { UInt8($0) }
        }
        var dcIndex = [Int](repeating: 0, count: 16)
        for (i, v) in dcValues.enumerated() { dcIndex[Int(v)] = i }
        var dcCounts = [UInt8](repeating: 0, count: 16)
        dcCounts[4] = UInt8(dcValues.count)
        w.segment(0xC4, [UInt8(dcTableID)] + dcCounts + dcValues + [UInt8(0x10 | acTableID)] + Self.acCounts + Self.acValues)
        if restartInterval > 0 { w.segment(0xDD, [UInt8(restartInterval >> 8), UInt8(restartInterval & 0xFF)]) }
        var used = Set<Int>()
        emitScans(&w, scans, coefficients, blocksPerLine, sizes, hs, vs, mcusX, mcusY, dcIndex: dcIndex, used: &used)
        w.bytes([0xFF, 0xD9])
        return Output(stream: w.out, coefficients: coefficients, blocksPerLine: blocksPerLine, sizes: sizes)
    }

    private func emitScans(_ w: inout Writer, _ scans: [[Int]], _ coefficients: [[Int]], _ blocksPerLine: [Int],
                           _ sizes: [(width: Int, height: Int)], _ hs: [Int], _ vs: [Int], _ mcusX: Int, _ mcusY: Int,
                           dcIndex: [Int], used: inout Set<Int>) {
        let n = coefficients.count
        for scan in scans {
            var sos: [UInt8] = [UInt8(scan.count)]
            for c in scan { sos += [UInt8(componentIDs[c]), UInt8(dcTableID << 4 | acTableID)] }
            w.segment(0xDA, sos + [0, 63, 0])
            let single = scan.count == 1
            let unitsX = single ? (sizes[scan[0]].width + 7) / 8 : mcusX, unitsY = single ? (sizes[scan[0]].height + 7) / 8 : mcusY
            var pred = [Int](repeating: 0, count: n)
            var restarts = 0
            for mcu in 0..<(unitsX * unitsY) {
                if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                    w.flush()
                    w.bytes([0xFF, UInt8(0xD0 + restarts % 8)])
                    restarts += 1
                    pred = [Int](repeating: 0, count: n)
                }
                let mx = mcu % unitsX, my = mcu / unitsX
                for c in scan {
                    let (bh, bv) = single ? (1, 1) : (hs[c], vs[c])
                    for y in 0..<bv { for x in 0..<bh {
                        let base = ((my * bv + y) * blocksPerLine[c] + mx * bh + x) * 64
                        let blk = coefficients[c][base..<(base + 64)]
                        let diff = blk[base] - pred[c]
                        pred[c] = blk[base]
                        let t = Self.category(diff)
                        used.insert(t)
                        w.bits(dcIndex[t], 5)
                        w.bits(diff < 0 ? diff + (1 << t) - 1 : diff, t)
                        var run = 0
                        for k in 1..<64 {
                            let v = blk[base + Self.zigzag[k]]
                            if v == 0 { run += 1; continue }
                            while run > 15 { w.bits(Self.acCode(0xF0), 8); run -= 16 }
                            let s = Self.category(v)
                            w.bits(Self.acCode(run << 4 | s), 8)
                            w.bits(v < 0 ? v + (1 << s) - 1 : v, s)
                            run = 0
                        }
                        if run > 0 { w.bits(Self.acCode(0), 8) }
                    } }
                }
            }
            w.flush()
        }
    }

    static func category(_ v: Int) -> Int { v == 0 ? 0 : Int.bitWidth - abs(v).leadingZeroBitCount }

    // DC: 16 categories, 5-bit codes. AC: EOB, ZRL and every run/size pair, 8-bit codes.
    static let dcCounts: [UInt8] = [0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    static let dcValues: [UInt8] = (0..<16).map { UInt8($0) }
    static let acValues: [UInt8] = [0x00, 0xF0] + (0..<16).flatMap { r in (1..<16).map { UInt8(r << 4 | $0) } }
    static let acCounts: [UInt8] = [0, 0, 0, 0, 0, 0, 0, UInt8(acValues.count), 0, 0, 0, 0, 0, 0, 0, 0]
    static let acCodes: [Int] = {
        var codes = [Int](repeating: 0, count: 256)
        for (i, v) in acValues.enumerated() { codes[Int(v)] = i }
        return codes
    }()
    static func acCode(_ symbol: Int) -> Int { acCodes[symbol] }

    static func forwardDCT(_ f: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: 64)
        for v in 0..<8 { for u in 0..<8 {
            var sum = 0.0
            for y in 0..<8 { for x in 0..<8 {
                sum += f[y * 8 + x] * cos(Double(2 * x + 1) * Double(u) * .pi / 16) * cos(Double(2 * y + 1) * Double(v) * .pi / 16)
            } }
            let cu = u == 0 ? 1 / 2.0.squareRoot() : 1, cv = v == 0 ? 1 / 2.0.squareRoot() : 1
            out[v * 8 + u] = sum * cu * cv / 4
        } }
        return out
    }

    /// The exact inverse DCT in floating point (the reference the decoder's integer IDCT approximates).
    static func inverseDCT(_ F: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: 64)
        for y in 0..<8 { for x in 0..<8 {
            var sum = 0.0
            for v in 0..<8 { for u in 0..<8 {
                let cu = u == 0 ? 1 / 2.0.squareRoot() : 1, cv = v == 0 ? 1 / 2.0.squareRoot() : 1
                sum += cu * cv * F[v * 8 + u] * cos(Double(2 * x + 1) * Double(u) * .pi / 16) * cos(Double(2 * y + 1) * Double(v) * .pi / 16)
            } }
            out[y * 8 + x] = sum / 4
        } }
        return out
    }

    struct Writer {
        var out: [UInt8] = []
        var acc = 0, count = 0
        mutating func bytes(_ b: [UInt8]) { out += b }
        mutating func segment(_ marker: UInt8, _ body: [UInt8]) {
            out += [0xFF, marker, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        }
        mutating func bits(_ value: Int, _ n: Int) {
            guard n > 0 else { return }
            acc = (acc << n) | (value & ((1 << n) - 1))
            count += n
            while count >= 8 {
                let byte = UInt8((acc >> (count - 8)) & 0xFF)
                out.append(byte)
                if byte == 0xFF { out.append(0) }
                count -= 8
            }
            acc &= (1 << count) - 1
        }
        mutating func flush() { if count > 0 { bits((1 << (8 - count)) - 1, 8 - count) } }
    }
}

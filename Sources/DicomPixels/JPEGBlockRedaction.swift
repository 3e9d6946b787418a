/// Block-selective redaction of baseline JPEG in the compressed domain (after Clunie & Gebow 2015):
/// the scan is Huffman-decoded to quantized DCT coefficients, only the 8x8 blocks touching a mask are
/// replaced by flat blocks of the fill level, and the scan is Huffman-coded again with the file's own
/// tables. Every other block keeps its coefficients exactly; nothing is dequantized or requantized.
/// Supports a single sequential Huffman scan (SOF0 or SOF1, 8- or 12-bit samples: DC categories up to
/// 15, AC sizes up to 14), any sampling factors and restart intervals. Anything else returns a reason,
/// and the caller decodes and writes native data.
enum JPEGBlockRedaction {
    struct Component {
        var id: Int
        var h: Int
        var v: Int
        var tq: Int
        var dcTable = 0
        var acTable = 0
        var blocksPerLine = 0
        var blocksPerColumn = 0
        /// Quantized coefficients in zigzag order, 64 per block, blocks row-major.
        var coefficients: [Int16] = []
    }

    /// Redacts `masks` (in image pixels) in one sequential DCT JPEG frame. Returns the new stream and the
    /// rectangles actually blanked (whole MCUs), or throws `.unsupportedLayout` with the reason. `photometric`
    /// and `fill` choose the level of the blanked blocks: black (Y 0, Cb/Cr at half range, or R=G=B=0) for
    /// colour, the fill for grey (a stored value of `bitsStored` bits, two's complement when `signed`).
    static func redact(_ stream: ArraySlice<UInt8>, masks: [Mask], photometric: Photometric,
                       fill: MaskFill, signed: Bool = false, bitsStored: Int? = nil) throws(PixelError) -> (stream: [UInt8], blanked: [Mask]) {
        let data = Array(stream)
        var pos = 2
        guard data.count > 4, data[0] == 0xFF, data[1] == 0xD8 else { throw PixelError(.unsupportedLayout, "no SOI") }
        var quant: [Int: [Int]] = [:]
        var dcTables: [Int: JPEGHuffmanTable] = [:], acTables: [Int: JPEGHuffmanTable] = [:]
        var dcCodes: [Int: [UInt8: (code: Int, length: Int)]] = [:], acCodes: [Int: [UInt8: (code: Int, length: Int)]] = [:]
        // The BITS and HUFFVAL of each table, to extend one when a blank block needs a symbol it lacks.
        var dcSpecs: [Int: (counts: [Int], values: [UInt8])] = [:], acSpecs: [Int: (counts: [Int], values: [UInt8])] = [:]
        var sosAt = -1
        var components: [Component] = []
        var width = 0, height = 0, precision = 8
        var restartInterval = 0
        var scanStart = -1
        var sawJFIF = false, sawAdobe = false
        func u16(_ at: Int) throws(PixelError) -> Int {
            guard at + 1 < data.count else { throw PixelError(.unsupportedLayout, "truncated") }
            return Int(data[at]) << 8 | Int(data[at + 1])
        }
        while scanStart < 0 {
            guard pos + 3 < data.count, data[pos] == 0xFF else { throw PixelError(.unsupportedLayout, "malformed marker at \(pos)") }
            let marker = data[pos + 1]
            if marker == 0xFF { pos += 1; continue }
            let length = try u16(pos + 2)
            let seg = pos + 4, end = pos + 2 + length
            guard length >= 2, end <= data.count else { throw PixelError(.unsupportedLayout, "segment runs past the data") }
            switch marker {
            case 0xC0, 0xC1:
                guard length >= 8 else { throw PixelError(.unsupportedLayout, "SOF too short") }
                precision = Int(data[seg])
                guard precision == 8 || precision == 12 else { throw PixelError(.unsupportedLayout, "\(precision)-bit JPEG") }
                height = try u16(seg + 1); width = try u16(seg + 3)
                let n = Int(data[seg + 5])
                guard n >= 1, n <= 4, length >= 8 + 3 * n, width > 0, height > 0 else { throw PixelError(.unsupportedLayout, "bad SOF") }
                components = (0..<n).map { i in
                    Component(id: Int(data[seg + 6 + 3 * i]), h: Int(data[seg + 7 + 3 * i] >> 4),
                              v: Int(data[seg + 7 + 3 * i] & 15), tq: Int(data[seg + 8 + 3 * i]))
                }
                guard components.allSatisfy({ (1...4).contains($0.h) && (1...4).contains($0.v) }) else { throw PixelError(.unsupportedLayout, "bad sampling factors") }
            case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
                throw PixelError(.unsupportedLayout, "JPEG process SOF FF\(String(marker, radix: 16, uppercase: true)) is not baseline sequential Huffman")
            case 0xDB:
                var p = seg
                while p < end {
                    let pq = Int(data[p] >> 4), tq = Int(data[p] & 15)
                    let size = pq == 0 ? 64 : 128
                    guard p + 1 + size <= end else { throw PixelError(.unsupportedLayout, "DQT truncated") }
                    quant[tq] = (0..<64).map { k in pq == 0 ? Int(data[p + 1 + k]) : Int(data[p + 1 + 2 * k]) << 8 | Int(data[p + 2 + 2 * k]) }
                    p += 1 + size
                }
            case 0xC4:
                var p = seg
                while p < end {
                    guard p + 17 <= end else { throw PixelError(.unsupportedLayout, "DHT truncated") }
                    let tc = Int(data[p] >> 4), th = Int(data[p] & 15)
                    let counts = (0..<16).map { Int(data[p + 1 + $0]) }
                    let total = counts.reduce(0, +)
                    guard p + 17 + total <= end else { throw PixelError(.unsupportedLayout, "DHT truncated") }
                    let values = Array(data[(p + 17)..<(p + 17 + total)])
                    let table: JPEGHuffmanTable
                    do { table = try JPEGHuffmanTable(counts: counts, values: values) } catch { throw PixelError(.unsupportedLayout, error.message) }
                    let codes = JPEGHuffmanTable.canonicalCodes(counts: counts, values: values)
                    if tc == 0 {
                        dcTables[th] = table; dcCodes[th] = codes; dcSpecs[th] = (counts, values)
                    } else {
                        acTables[th] = table; acCodes[th] = codes; acSpecs[th] = (counts, values)
                    }
                    p += 17 + total
                }
            case 0xE0:
                sawJFIF = sawJFIF || (length >= 7 && Array(data[seg..<(seg + 4)]) == Array("JFIF".utf8))
            case 0xEE:
                sawAdobe = sawAdobe || (length >= 7 && Array(data[seg..<(seg + 5)]) == Array("Adobe".utf8))
            case 0xDD:
                restartInterval = try u16(seg)
            case 0xDA:
                guard !components.isEmpty else { throw PixelError(.unsupportedLayout, "SOS before SOF") }
                let ns = Int(data[seg])
                guard length >= 6 + 2 * ns else { throw PixelError(.unsupportedLayout, "SOS too short") }
                guard ns == components.count else { throw PixelError(.unsupportedLayout, "scan covers \(ns) of \(components.count) components (multi-scan JPEG)") }
                for i in 0..<ns {
                    let id = Int(data[seg + 1 + 2 * i])
                    guard let c = components.firstIndex(where: { $0.id == id }) else { throw PixelError(.unsupportedLayout, "unknown component") }
                    components[c].dcTable = Int(data[seg + 2 + 2 * i] >> 4)
                    components[c].acTable = Int(data[seg + 2 + 2 * i] & 15)
                }
                guard data[seg + 1 + 2 * ns] == 0, data[seg + 2 + 2 * ns] == 63, data[seg + 3 + 2 * ns] == 0 else {
                    throw PixelError(.unsupportedLayout, "scan is not sequential (Ss, Se, Ah/Al)")
                }
                scanStart = end
                sosAt = pos
                continue
            default:
                break
            }
            pos = end
        }
        let hMax = components.map(\.h).max() ?? 1, vMax = components.map(\.v).max() ?? 1
        let single = components.count == 1
        let mcusX = single ? (width + 7) / 8 : (width + 8 * hMax - 1) / (8 * hMax)
        let mcusY = single ? (height + 7) / 8 : (height + 8 * vMax - 1) / (8 * vMax)
        for i in components.indices {
            if single {
                components[i].blocksPerLine = mcusX; components[i].blocksPerColumn = mcusY
            } else {
                components[i].blocksPerLine = mcusX * components[i].h
                components[i].blocksPerColumn = mcusY * components[i].v
            }
            let blocks = components[i].blocksPerLine * components[i].blocksPerColumn
            guard blocks <= (data.count - scanStart) * 8 + 64 else { throw PixelError(.unsupportedLayout, "frame too large for its data") }
            components[i].coefficients = [Int16](repeating: 0, count: blocks * 64)
            guard dcTables[components[i].dcTable] != nil, acTables[components[i].acTable] != nil, quant[components[i].tq] != nil else {
                throw PixelError(.unsupportedLayout, "scan uses an undefined table")
            }
        }

        // Decode the scan to coefficients.
        let totalMCUs = mcusX * mcusY
        var scanEnd = data.count
        do {
            try data.withUnsafeBufferPointer { (buf: UnsafeBufferPointer<UInt8>) throws(PixelError) in
                var reader = JPEGBitReader(buf, at: scanStart)
                var pred = [Int](repeating: 0, count: components.count)
                for mcu in 0..<totalMCUs {
                    if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                        try reader.restart()
                        pred = [Int](repeating: 0, count: components.count)
                    }
                    let mx = mcu % mcusX, my = mcu / mcusX
                    for c in components.indices {
                        let comp = components[c]
                        let dc = dcTables[comp.dcTable]!, ac = acTables[comp.acTable]!
                        let (bh, bv) = single ? (1, 1) : (comp.h, comp.v)
                        for by in 0..<bv {
                            for bx in 0..<bh {
                                let block = (my * bv + by) * comp.blocksPerLine + mx * bh + bx
                                let base = block * 64
                                let t = try reader.decode(dc)
                                guard t <= 15 else { throw PixelError(.corruptStream, "DC category \(t)") }
                                pred[c] += extend(reader.bits(t), t)
                                components[c].coefficients[base] = Int16(truncatingIfNeeded: pred[c])
                                var k = 1
                                while k < 64 {
                                    let rs = try reader.decode(ac)
                                    let r = rs >> 4, s = rs & 15
                                    if s == 0 {
                                        if r == 15 { k += 16; continue }
                                        break
                                    }
                                    k += r
                                    guard k < 64 else { throw PixelError(.corruptStream, "AC run past the block") }
                                    components[c].coefficients[base + k] = Int16(truncatingIfNeeded: extend(reader.bits(s), s))
                                    k += 1
                                }
                            }
                        }
                    }
                }
                scanEnd = reader.position
            }
        } catch {
            throw PixelError(.unsupportedLayout, "scan does not decode: \(error.message)")
        }
        _ = scanEnd

        // Component levels: RGB-coded streams (DICOM RGB without JFIF/Adobe markers, as the decoder reads
        // them) are black at 0 in every component; YCbCr is Y 0 with neutral chroma.
        let rgbCoded = photometric == .rgb && !sawJFIF && !sawAdobe
        let maxSample = (1 << precision) - 1, center = 1 << (precision - 1)
        let bits = min(precision, max(1, bitsStored ?? precision))
        func levels(_ c: Int) -> Int {
            var stored: Int
            if case .stored(let v) = fill {
                stored = v
            } else {
                switch photometric {
                case .monochrome1: stored = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1
                case .monochrome2, .paletteColor: stored = signed ? -(1 << (bits - 1)) : 0
                default: return rgbCoded || c == 0 ? 0 : center
                }
            }
            // A signed stored value is coded as its two's complement bit pattern.
            return signed ? stored & ((1 << bits) - 1) : max(0, min(maxSample, stored))
        }
        /// The quantized DC of a flat block at `level`; the extremes round outwards so that they decode exactly.
        func flatDC(_ level: Int, _ q: Int) -> Int16 {
            let exact = Double((level - center) * 8) / Double(q)
            let rounded = level == 0 ? exact.rounded(.down) : level == maxSample ? exact.rounded(.up) : exact.rounded()
            return Int16(clamping: Int(rounded))
        }

        // Blank the blocks that touch each mask, per component, on the MCU grid.
        var blanked: [Mask] = []
        let mcuW = single ? 8 : 8 * hMax, mcuH = single ? 8 : 8 * vMax
        for m in masks {
            let x0 = (m.x / mcuW) * mcuW, y0 = (m.y / mcuH) * mcuH
            let x1 = min(width, ((m.x + m.width + mcuW - 1) / mcuW) * mcuW), y1 = min(height, ((m.y + m.height + mcuH - 1) / mcuH) * mcuH)
            blanked.append(Mask(frame: m.frame, x: x0, y: y0, width: x1 - x0, height: y1 - y0))
            for c in components.indices {
                let comp = components[c]
                let sx = single ? 1 : comp.h, sy = single ? 1 : comp.v
                let sxm = single ? 1 : hMax, sym = single ? 1 : vMax
                // Component sample coordinates of the MCU-aligned rectangle, then blocks.
                let bx0 = x0 * sx / sxm / 8, by0 = y0 * sy / sym / 8
                let bx1 = min(comp.blocksPerLine, (x1 * sx / sxm + 7) / 8), by1 = min(comp.blocksPerColumn, (y1 * sy / sym + 7) / 8)
                let q0 = max(1, quant[comp.tq]![0])
                let dc = flatDC(levels(c), q0)
                guard bx0 < bx1, by0 < by1 else { continue }
                for by in by0..<by1 {
                    for bx in bx0..<bx1 {
                        let base = (by * comp.blocksPerLine + bx) * 64
                        components[c].coefficients[base] = dc
                        for k in 1..<64 { components[c].coefficients[base + k] = 0 }
                    }
                }
            }
        }

        // Re-encode the scan with the same tables and restart interval. A symbol a blank block needs but a
        // table lacks (optimized tables hold only the DC categories the image used) is collected instead.
        var missingDC: [Int: Set<UInt8>] = [:], missingAC: [Int: Set<UInt8>] = [:]
        func encodeScan() -> [UInt8] {
            var writer = JPEGBitWriter(reservingCapacity: data.count - scanStart + 64)
            func put(_ value: Int, _ length: Int) { writer.put(value, length) }
            var pred = [Int](repeating: 0, count: components.count)
            var restartNumber = 0
            for mcu in 0..<totalMCUs {
                if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                    writer.restart(restartNumber)
                    restartNumber = (restartNumber + 1) & 7
                    pred = [Int](repeating: 0, count: components.count)
                }
                let mx = mcu % mcusX, my = mcu / mcusX
                for c in components.indices {
                    let comp = components[c]
                    let dcCode = dcCodes[comp.dcTable] ?? [:], acCode = acCodes[comp.acTable] ?? [:]
                    let (bh, bv) = single ? (1, 1) : (comp.h, comp.v)
                    let coefficients = components[c].coefficients
                    for by in 0..<bv {
                        for bx in 0..<bh {
                            let base = ((my * bv + by) * comp.blocksPerLine + mx * bh + bx) * 64
                            let dc = Int(coefficients[base])
                            let diff = dc - pred[c]
                            pred[c] = dc
                            let t = magnitudeCategory(diff)
                            if let code = dcCode[UInt8(truncatingIfNeeded: t)], t <= 15 {
                                put(code.code, code.length)
                                put(diff < 0 ? diff + (1 << t) - 1 : diff, t)
                            } else {
                                missingDC[comp.dcTable, default: []].insert(UInt8(truncatingIfNeeded: t))
                            }
                            var run = 0
                            for k in 1..<64 {
                                let v = Int(coefficients[base + k])
                                if v == 0 { run += 1; continue }
                                while run > 15 {
                                    if let zrl = acCode[0xF0] { put(zrl.code, zrl.length) } else { missingAC[comp.acTable, default: []].insert(0xF0) }
                                    run -= 16
                                }
                                let s = magnitudeCategory(v)
                                if s <= 15, let code = acCode[UInt8(run << 4 | s)] {
                                    put(code.code, code.length)
                                    put(v < 0 ? v + (1 << s) - 1 : v, s)
                                } else {
                                    missingAC[comp.acTable, default: []].insert(UInt8(truncatingIfNeeded: min(255, run << 4 | s)))
                                }
                                run = 0
                            }
                            if run > 0 {
                                if let eob = acCode[0x00] { put(eob.code, eob.length) } else { missingAC[comp.acTable, default: []].insert(0x00) }
                            }
                        }
                    }
                }
            }
            writer.padToByte()
            return writer.bytes
        }
        var scan = encodeScan()
        var extraTables: [UInt8] = []
        if !missingDC.isEmpty || !missingAC.isEmpty {
            // Redefine each table that lacks symbols with those symbols appended after its longest codes, in a
            // DHT just before the scan: every existing code keeps its bits, so untouched blocks code as before.
            var body: [UInt8] = []
            for (tc, missing) in [(0, missingDC), (1, missingAC)] {
                for (th, symbols) in missing.sorted(by: { $0.key < $1.key }) {
                    let symbolsSorted = symbols.sorted()
                    guard let spec = tc == 0 ? dcSpecs[th] : acSpecs[th], symbolsSorted.allSatisfy({ tc == 1 || $0 <= 15 }),
                          let extended = extendTable(counts: spec.counts, values: spec.values, adding: symbolsSorted) else {
                        let what = tc == 0 ? "the DC table has no code for category \(symbolsSorted.map(String.init).joined(separator: ", "))"
                                           : "the AC table has no code for symbol(s) \(symbolsSorted.map { String($0, radix: 16) }.joined(separator: ", "))"
                        throw PixelError(.unsupportedLayout, what + " and no free code space to add one")
                    }
                    let codes = JPEGHuffmanTable.canonicalCodes(counts: extended.counts, values: extended.values)
                    if tc == 0 { dcCodes[th] = codes } else { acCodes[th] = codes }
                    body += [UInt8(tc << 4 | th)] + extended.counts.map { UInt8($0) } + extended.values
                }
            }
            extraTables = [0xFF, 0xC4, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
            missingDC = [:]; missingAC = [:]
            scan = encodeScan()
            guard missingDC.isEmpty && missingAC.isEmpty else { throw PixelError(.unsupportedLayout, "the extended Huffman tables still lack a symbol") }
        }
        var out = Array(data[0..<sosAt])
        out += extraTables
        out += data[sosAt..<scanStart]
        out += scan
        out += [0xFF, 0xD9]
        return (out, blanked)
    }

    /// Adds `symbols` to a canonical Huffman table (BITS, HUFFVAL) without changing any existing code: the
    /// k-th new symbol gets a code k bits longer than the longest existing ones, which canonical ordering
    /// places in the code space the table left free (libjpeg's optimized tables always leave the all-ones
    /// code free). Nil when there is no free space, a code would pass 16 bits, or one would be all ones.
    static func extendTable(counts: [Int], values: [UInt8], adding symbols: [UInt8]) -> (counts: [Int], values: [UInt8])? {
        guard counts.count == 16, let longest = counts.lastIndex(where: { $0 > 0 }) else { return nil }
        var c = counts, v = values
        for (i, symbol) in symbols.enumerated() {
            let length = longest + 2 + i
            guard length <= 16, !v.contains(symbol) else { return nil }
            c[length - 1] += 1
            v.append(symbol)
        }
        guard (try? JPEGHuffmanTable(counts: c, values: v)) != nil else { return nil }
        let codes = JPEGHuffmanTable.canonicalCodes(counts: c, values: v)
        for symbol in symbols {
            guard let code = codes[symbol], code.code != (1 << code.length) - 1 else { return nil }
        }
        return (c, v)
    }

    @inline(__always)
    static func extend(_ v: Int, _ t: Int) -> Int {
        t == 0 ? 0 : (v < 1 << (t - 1) ? v - (1 << t) + 1 : v)
    }

    @inline(__always)
    static func magnitudeCategory(_ v: Int) -> Int {
        v == 0 ? 0 : Int.bitWidth - abs(v).leadingZeroBitCount
    }
}

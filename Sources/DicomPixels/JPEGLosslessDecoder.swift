/// JPEG Lossless, Process 14 (ITU T.81 Annex H): Huffman-coded differences from predictors 1–7, with
/// point transform and restart intervals; SV1 is predictor 1. Pure Swift (libjpeg-turbo 2.1 lacks it).
public enum JPEGLosslessDecoder {
    /// The header facts of a lossless JPEG stream.
    public struct Header: Sendable, Equatable {
        public var precision: Int
        public var rows: Int
        public var columns: Int
        public var components: Int
    }

    struct Component {
        var id: Int
        var h: Int
        var v: Int
    }

    /// Decodes a stream to samples (component-interleaved, row-major, `components` per pixel).
    public static func decode(_ stream: ArraySlice<UInt8>) throws(PixelError) -> (header: Header, samples: [UInt16]) {
        var result: Result<(Header, [UInt16]), PixelError> = .failure(PixelError(.corruptStream, "empty"))
        stream.withUnsafeBufferPointer { p in
            result = Result { () throws(PixelError) in try decode(p) }
        }
        let (h, s) = try result.get()
        return (h, s)
    }

    static func decode(_ data: UnsafeBufferPointer<UInt8>) throws(PixelError) -> (Header, [UInt16]) {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw PixelError(.corruptStream, "JPEG stream does not start with SOI") }
        var pos = 2
        var tables: [Int: JPEGHuffmanTable] = [:]
        var header: Header?
        var components: [Component] = []
        var restartInterval = 0
        var samples: [UInt16] = []
        var decodedAnyScan = false

        func u16(_ at: Int) throws(PixelError) -> Int {
            guard at + 1 < data.count else { throw PixelError(.corruptStream, "JPEG stream truncated at \(at)") }
            return Int(data[at]) << 8 | Int(data[at + 1])
        }

        while pos + 1 < data.count {
            guard data[pos] == 0xFF else { pos += 1; continue }   // tolerate junk between segments
            let marker = data[pos + 1]
            pos += 2
            switch marker {
            case 0xFF: pos -= 1; continue                            // fill byte
            case 0xD8, 0x01, 0xD0...0xD7: continue                   // standalone markers
            case 0xD9:                                               // EOI
                guard let header, decodedAnyScan else { throw PixelError(.corruptStream, "JPEG stream ends before any scan") }
                return (header, samples)
            default: break
            }
            let length = try u16(pos)
            guard length >= 2, pos + length <= data.count else { throw PixelError(.corruptStream, "JPEG segment FF\(String(marker, radix: 16)) length \(length) runs past the data") }
            let seg = pos + 2, end = pos + length
            switch marker {
            case 0xC3:  // SOF3, lossless Huffman
                guard length >= 8 else { throw PixelError(.corruptStream, "SOF3 too short") }
                let precision = Int(data[seg])
                let rows = try u16(seg + 1), cols = try u16(seg + 3)
                let n = Int(data[seg + 5])
                guard (2...16).contains(precision), rows > 0, cols > 0, (1...4).contains(n), length >= 8 + 3 * n else {
                    throw PixelError(.corruptStream, "SOF3 with precision \(precision), \(cols) x \(rows), \(n) components")
                }
                components = (0..<n).map { i in
                    Component(id: Int(data[seg + 6 + 3 * i]), h: Int(data[seg + 7 + 3 * i] >> 4), v: Int(data[seg + 7 + 3 * i] & 15))
                }
                guard components.allSatisfy({ $0.h == 1 && $0.v == 1 }) else {
                    throw PixelError(.unsupportedLayout, "lossless JPEG with subsampled components")
                }
                let (pixels, o1) = rows.multipliedReportingOverflow(by: cols)
                guard !o1, pixels <= PixelDescription.maxPixelsPerFrame else { throw PixelError(.sizeOverflow, "JPEG frame \(cols) x \(rows) is too large") }
                // Entropy-coded data needs at least one bit per sample... in practice far more; a guard against
                // headers that promise far more samples than the stream could hold (1 bit per sample minimum).
                guard pixels * n <= data.count * 8 + 64 else {
                    throw PixelError(.insufficientData, "JPEG frame \(cols) x \(rows) cannot fit in \(data.count) bytes")
                }
                header = Header(precision: precision, rows: rows, columns: cols, components: n)
                samples = [UInt16](repeating: 0, count: pixels * n)
            case 0xC0, 0xC1, 0xC2, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                throw PixelError(.unsupportedSyntax, "JPEG process with SOF marker FF\(String(marker, radix: 16, uppercase: true)) is not lossless Huffman")
            case 0xC4:  // DHT
                var p = seg
                while p < end {
                    let tc = Int(data[p] >> 4), th = Int(data[p] & 15)
                    guard p + 17 <= end else { throw PixelError(.corruptStream, "DHT truncated") }
                    let counts = (0..<16).map { Int(data[p + 1 + $0]) }
                    let total = counts.reduce(0, +)
                    guard p + 17 + total <= end else { throw PixelError(.corruptStream, "DHT values truncated") }
                    let values = Array(data[(p + 17)..<(p + 17 + total)])
                    tables[tc << 4 | th] = try JPEGHuffmanTable(counts: counts, values: values)
                    p += 17 + total
                }
            case 0xDD:  // DRI
                restartInterval = try u16(seg)
            case 0xDA:  // SOS
                guard let h = header else { throw PixelError(.corruptStream, "SOS before SOF3") }
                let ns = Int(data[seg])
                guard (1...h.components).contains(ns), length >= 6 + 2 * ns else { throw PixelError(.corruptStream, "SOS with \(ns) components") }
                var scanComponents: [(index: Int, table: JPEGHuffmanTable)] = []
                for i in 0..<ns {
                    let id = Int(data[seg + 1 + 2 * i]), td = Int(data[seg + 2 + 2 * i] >> 4)
                    guard let index = components.firstIndex(where: { $0.id == id }) else { throw PixelError(.corruptStream, "SOS names unknown component \(id)") }
                    guard let table = tables[td] else { throw PixelError(.corruptStream, "SOS uses undefined Huffman table \(td)") }
                    scanComponents.append((index, table))
                }
                let predictor = Int(data[seg + 1 + 2 * ns])
                let pointTransform = Int(data[seg + 3 + 2 * ns] & 15)
                guard (1...7).contains(predictor) else { throw PixelError(.unsupportedLayout, "lossless JPEG predictor \(predictor)") }
                guard pointTransform < h.precision else { throw PixelError(.corruptStream, "point transform \(pointTransform) >= precision") }
                pos = end
                pos = try decodeScan(data, at: pos, header: h, scan: scanComponents, predictor: predictor,
                                     pointTransform: pointTransform, restartInterval: restartInterval, into: &samples)
                decodedAnyScan = true
                continue
            default:
                break  // APPn, COM, DQT, DNL and others: skipped
            }
            pos = end
        }
        guard let header, decodedAnyScan else { throw PixelError(.corruptStream, "JPEG stream has no complete scan") }
        return (header, samples)  // missing EOI tolerated
    }

    /// Decodes one scan and returns the byte position after its entropy-coded data.
    private static func decodeScan(_ data: UnsafeBufferPointer<UInt8>, at start: Int, header h: Header,
                                   scan: [(index: Int, table: JPEGHuffmanTable)], predictor: Int, pointTransform pt: Int,
                                   restartInterval: Int, into samples: inout [UInt16]) throws(PixelError) -> Int {
        var reader = JPEGBitReader(data, at: start)
        let nc = h.components
        let cols = h.columns
        let mask = (1 << h.precision) - 1
        let initial = 1 << (h.precision - pt - 1)
        let totalMCUs = h.rows * cols
        var mcu = 0
        // Row at which prediction last reset (start of scan or restart): that row predicts from the left only.
        var resetAt = 0
        let scanTables = scan.map(\.table)
        let scanIndices = scan.map(\.index)
        let ns = scan.count
        try samples.withUnsafeMutableBufferPointer { (out: inout UnsafeMutableBufferPointer<UInt16>) throws(PixelError) in
            for y in 0..<h.rows {
                for x in 0..<cols {
                    if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                        try reader.restart()
                        resetAt = mcu
                    }
                    for k in 0..<ns {
                        let c = scanIndices[k]
                        let ssss = try reader.decode(scanTables[k])
                        var diff: Int
                        switch ssss {
                        case 0: diff = 0
                        case 16: diff = 32768
                        case 1...15:
                            diff = reader.bits(ssss)
                            if diff < 1 << (ssss - 1) { diff -= (1 << ssss) - 1 }
                        default: throw PixelError(.corruptStream, "lossless JPEG difference category \(ssss)")
                        }
                        let i = (y * cols + x) * nc + c
                        let prediction: Int
                        if mcu == resetAt {
                            prediction = initial
                        } else if y * cols + x - resetAt < cols {     // first line after a reset: left neighbour
                            prediction = Int(out[i - nc])
                        } else if x == 0 {
                            prediction = Int(out[i - cols * nc])
                        } else {
                            let ra = Int(out[i - nc]), rb = Int(out[i - cols * nc]), rc = Int(out[i - cols * nc - nc])
                            switch predictor {
                            case 1: prediction = ra
                            case 2: prediction = rb
                            case 3: prediction = rc
                            case 4: prediction = ra + rb - rc
                            case 5: prediction = ra + ((rb - rc) >> 1)
                            case 6: prediction = rb + ((ra - rc) >> 1)
                            default: prediction = (ra + rb) >> 1
                            }
                        }
                        out[i] = UInt16(truncatingIfNeeded: (prediction + diff) & 0xFFFF)
                    }
                    mcu += 1
                }
            }
            _ = totalMCUs
            // Apply the point transform and precision mask.
            if pt > 0 || h.precision < 16 {
                for (c, _) in scan {
                    var k = c
                    while k < out.count {
                        out[k] = UInt16(truncatingIfNeeded: (Int(out[k]) << pt) & mask)
                        k += nc
                    }
                }
            }
        }
        // Find the next marker after the scan's data.
        var p = max(start, reader.position - 2)
        while p + 1 < data.count {
            if data[p] == 0xFF && data[p + 1] != 0x00 && !(0xD0...0xD7).contains(data[p + 1]) && data[p + 1] != 0xFF { return p }
            p += 1
        }
        return data.count
    }
}

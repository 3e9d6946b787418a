/// Sequential DCT JPEG with Huffman coding (ITU T.81 processes 1, 2 and 4: SOF0 and SOF1), at 8 or
/// 12 bits per sample, in Swift. It exists for 12-bit JPEG Extended (1.2.840.10008.1.2.4.51), which
/// Debian 12's libjpeg-turbo 2.1 (8-bit API only) cannot decode; 8-bit streams stored in 8 bits go
/// to libjpeg-turbo. Covers 8- and 16-bit quantization tables, restart intervals, interleaved and
/// non-interleaved scans, one or three components with any integer sampling ratio, libjpeg's ISLOW
/// inverse DCT, fancy upsampling and YCbCr to RGB conversion. Progressive, lossless, hierarchical and
/// arithmetic-coded frames are refused with a reason. Every malformed stream throws a `PixelError`
/// carrying the byte offset (in the frame's stream) where it was found.
public enum JPEGDCTDecoder {
    /// The frame header facts of a DCT JPEG stream.
    public struct Header: Sendable, Equatable {
        /// Sample precision P: 8 or 12.
        public var precision: Int
        public var rows: Int
        public var columns: Int
        public var components: Int
        /// The SOF marker (0xC0 baseline, 0xC1 extended sequential).
        public var sofMarker: UInt8
    }

    /// A decoded frame: samples interleaved by pixel, rows top to bottom; colour comes out as RGB when
    /// `colourTransformed` (the stream was YCbCr-coded), else as the stream's components.
    public struct Decoded: Sendable {
        public var header: Header
        public var samples: [UInt16]
        public var colourTransformed: Bool
    }

    struct Component {
        var id: Int
        var h: Int
        var v: Int
        var tq: Int
        var blocksPerLine = 0
        var blocksPerColumn = 0
        /// Real samples of this component (ceil(X * h / hmax) x ceil(Y * v / vmax)).
        var width = 0
        var height = 0
        var coefficients: [Int16] = []
        var scanned = false
        /// The quantization table in force when the component's scan began (natural order), as libjpeg latches it.
        var quantTable: [Int32] = []
    }

    /// ITU T.81 figure A.6: the natural (row-major) position of the k-th coefficient in zigzag order.
    static let naturalOrder: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ]

    /// Reads only the frame header (SOF) of `stream`, or nil when there is none before the first scan.
    public static func header(_ stream: ArraySlice<UInt8>) -> Header? {
        stream.withUnsafeBufferPointer { data -> Header? in
            guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { return nil }
            var pos = 2
            while pos + 3 < data.count {
                guard data[pos] == 0xFF else { return nil }
                let marker = data[pos + 1]
                if marker == 0xFF { pos += 1; continue }
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { pos += 2; continue }
                if marker == 0xDA || marker == 0xD9 { return nil }
                let length = Int(data[pos + 2]) << 8 | Int(data[pos + 3])
                if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                    guard length >= 8, pos + 2 + length <= data.count else { return nil }
                    let s = pos + 4
                    return Header(precision: Int(data[s]), rows: Int(data[s + 1]) << 8 | Int(data[s + 2]),
                                  columns: Int(data[s + 3]) << 8 | Int(data[s + 4]), components: Int(data[s + 5]), sofMarker: marker)
                }
                guard length >= 2 else { return nil }
                pos += 2 + length
            }
            return nil
        }
    }

    /// Decodes one frame. `expected` (rows, columns, components), when given, is checked against the
    /// frame header before anything is allocated. Three components are R, G, B (no conversion) when the
    /// data set says RGB and the stream has neither a JFIF nor an Adobe marker (as the libjpeg path
    /// decodes DICOM RGB); otherwise they are YCbCr unless an Adobe marker says no transform or the
    /// component ids are 'R', 'G', 'B' (libjpeg's rule).
    public static func decode(_ stream: ArraySlice<UInt8>, expected: (rows: Int, columns: Int, components: Int)? = nil,
                              photometricIsRGB: Bool = false) throws(PixelError) -> Decoded {
        var result: Result<Decoded, PixelError> = .failure(PixelError(.corruptStream, "empty JPEG stream", offset: 0))
        stream.withUnsafeBufferPointer { p in
            result = Result { () throws(PixelError) in try decode(p, expected: expected, photometricIsRGB: photometricIsRGB) }
        }
        return try result.get()
    }

    static func decode(_ data: UnsafeBufferPointer<UInt8>, expected: (rows: Int, columns: Int, components: Int)?,
                       photometricIsRGB: Bool) throws(PixelError) -> Decoded {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else {
            throw PixelError(.corruptStream, "JPEG stream does not start with SOI", offset: 0)
        }
        var pos = 2
        var quant: [[Int32]?] = [nil, nil, nil, nil]          // natural order
        var dcTables: [JPEGHuffmanTable?] = [nil, nil, nil, nil]
        var acTables: [JPEGHuffmanTable?] = [nil, nil, nil, nil]
        var header: Header?
        var components: [Component] = []
        var hMax = 1, vMax = 1
        var restartInterval = 0
        var sawJFIF = false, adobeTransform: Int?

        func u16(_ at: Int) throws(PixelError) -> Int {
            guard at + 1 < data.count else { throw PixelError(.corruptStream, "JPEG stream truncated", offset: at) }
            return Int(data[at]) << 8 | Int(data[at + 1])
        }

        while true {
            guard pos + 1 < data.count else {
                // A missing EOI is tolerated once every component has had its scan.
                if header != nil && components.allSatisfy(\.scanned) { break }
                throw PixelError(.corruptStream, header == nil ? "JPEG stream ends before a frame header" : "JPEG stream ends before its scans",
                                 offset: pos)
            }
            guard data[pos] == 0xFF else {
                throw PixelError(.corruptStream, "expected a JPEG marker, found byte \(data[pos])", offset: pos)
            }
            let markerAt = pos
            let marker = data[pos + 1]
            if marker == 0xFF { pos += 1; continue }                    // fill byte
            pos += 2
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            if marker == 0xD9 { break }                                // EOI
            let length = try u16(pos)
            guard length >= 2, pos + length <= data.count else {
                throw PixelError(.corruptStream, "JPEG segment FF\(hex(marker)) of length \(length) runs past the data", offset: markerAt)
            }
            let seg = pos + 2, end = pos + length
            func bad(_ message: String, _ kind: PixelError.Kind = .corruptStream) -> PixelError {
                PixelError(kind, message, offset: markerAt)
            }
            switch marker {
            case 0xC0, 0xC1:
                guard header == nil else { throw bad("a second frame header (SOF)") }
                guard length >= 8 else { throw bad("SOF segment too short") }
                let precision = Int(data[seg])
                let rows = try u16(seg + 1), columns = try u16(seg + 3)
                let n = Int(data[seg + 5])
                guard precision == 8 || precision == 12 else {
                    throw bad("DCT JPEG with \(precision)-bit samples (only 8 and 12 exist)")
                }
                guard rows > 0 else { throw bad("frame height 0 (height set by a DNL marker) is not supported", .unsupportedLayout) }
                guard columns > 0 else { throw bad("frame width 0") }
                guard n == 1 || n == 3 else { throw bad("JPEG frame with \(n) components (DICOM has 1 or 3)", .unsupportedLayout) }
                guard length == 8 + 3 * n else { throw bad("SOF length \(length) does not fit \(n) components") }
                if let e = expected, e.rows != rows || e.columns != columns || e.components != n {
                    throw bad("JPEG frame is \(columns) x \(rows) x \(n), the data set says \(e.columns) x \(e.rows) x \(e.components)", .inconsistent)
                }
                let (pixels, overflow) = rows.multipliedReportingOverflow(by: columns)
                guard !overflow, pixels <= PixelDescription.maxPixelsPerFrame else {
                    throw bad("JPEG frame \(columns) x \(rows) is too large", .sizeOverflow)
                }
                for i in 0..<n {
                    let id = Int(data[seg + 6 + 3 * i]), hv = Int(data[seg + 7 + 3 * i]), tq = Int(data[seg + 8 + 3 * i])
                    guard (1...4).contains(hv >> 4), (1...4).contains(hv & 15) else { throw bad("component \(id) has sampling factors \(hv >> 4)x\(hv & 15)") }
                    guard tq <= 3 else { throw bad("component \(id) uses quantization table \(tq) (0...3 exist)") }
                    guard !components.contains(where: { $0.id == id }) else { throw bad("component id \(id) appears twice") }
                    components.append(Component(id: id, h: hv >> 4, v: hv & 15, tq: tq))
                }
                hMax = components.map(\.h).max() ?? 1
                vMax = components.map(\.v).max() ?? 1
                for c in components where hMax % c.h != 0 || vMax % c.v != 0 {
                    throw bad("component \(c.id) sampling \(c.h)x\(c.v) is not an integer fraction of \(hMax)x\(vMax)", .unsupportedLayout)
                }
                let mcusX = (columns + 8 * hMax - 1) / (8 * hMax), mcusY = (rows + 8 * vMax - 1) / (8 * vMax)
                var blocks = 0
                for i in components.indices {
                    components[i].blocksPerLine = mcusX * components[i].h
                    components[i].blocksPerColumn = mcusY * components[i].v
                    components[i].width = (columns * components[i].h + hMax - 1) / hMax
                    components[i].height = (rows * components[i].v + vMax - 1) / vMax
                    blocks += components[i].blocksPerLine * components[i].blocksPerColumn
                }
                // Every block costs at least two bits (a DC and an AC code); refuse headers the data cannot fill.
                guard blocks <= (data.count * 8) / 2 + 64 else {
                    throw bad("JPEG frame \(columns) x \(rows) x \(n) cannot fit in \(data.count) bytes", .insufficientData)
                }
                for i in components.indices {
                    components[i].coefficients = [Int16](repeating: 0, count: components[i].blocksPerLine * components[i].blocksPerColumn * 64)
                }
                header = Header(precision: precision, rows: rows, columns: columns, components: n, sofMarker: marker)
            case 0xC2, 0xC6, 0xCA, 0xCE:
                throw bad("progressive JPEG (SOF FF\(hex(marker))) is not supported\(data.count > seg && data[seg] == 12 ? " at 12 bits (libjpeg-turbo 2.1 decodes progressive 8-bit only)" : "")",
                          .unsupportedSyntax)
            case 0xC3, 0xC7, 0xCB, 0xCF:
                throw bad("lossless JPEG (SOF FF\(hex(marker))) in a lossy JPEG transfer syntax", .unsupportedSyntax)
            case 0xC5:
                throw bad("hierarchical JPEG (SOF FFC5) is not supported", .unsupportedSyntax)
            case 0xC9:
                throw bad("arithmetic-coded JPEG (SOF FFC9) is not supported", .unsupportedSyntax)
            case 0xCC:
                throw bad("arithmetic-coded JPEG (DAC) is not supported", .unsupportedSyntax)
            case 0xDB:
                var p = seg
                while p < end {
                    let pq = Int(data[p] >> 4), tq = Int(data[p] & 15)
                    guard pq <= 1 else { throw PixelError(.corruptStream, "DQT precision \(pq) (0 or 1 exist)", offset: p) }
                    guard tq <= 3 else { throw PixelError(.corruptStream, "DQT table id \(tq) (0...3 exist)", offset: p) }
                    let size = pq == 0 ? 64 : 128
                    guard p + 1 + size <= end else { throw PixelError(.corruptStream, "DQT table \(tq) truncated", offset: p) }
                    var table = [Int32](repeating: 0, count: 64)
                    for k in 0..<64 {
                        table[naturalOrder[k]] = pq == 0 ? Int32(data[p + 1 + k]) : Int32(data[p + 1 + 2 * k]) << 8 | Int32(data[p + 2 + 2 * k])
                    }
                    quant[tq] = table
                    p += 1 + size
                }
            case 0xC4:
                var p = seg
                while p < end {
                    let tc = Int(data[p] >> 4), th = Int(data[p] & 15)
                    guard tc <= 1 else { throw PixelError(.corruptStream, "DHT table class \(tc) (0 or 1 exist)", offset: p) }
                    guard th <= 3 else { throw PixelError(.corruptStream, "DHT table id \(th) (0...3 exist)", offset: p) }
                    guard p + 17 <= end else { throw PixelError(.corruptStream, "DHT truncated", offset: p) }
                    let counts = (0..<16).map { Int(data[p + 1 + $0]) }
                    let total = counts.reduce(0, +)
                    guard p + 17 + total <= end else { throw PixelError(.corruptStream, "DHT values truncated", offset: p) }
                    let values = Array(data[(p + 17)..<(p + 17 + total)])
                    if tc == 0, let v = values.first(where: { $0 > 15 }) {
                        throw PixelError(.corruptStream, "DC Huffman table \(th) holds category \(v) (at most 15)", offset: p)
                    }
                    let table: JPEGHuffmanTable
                    do { table = try JPEGHuffmanTable(counts: counts, values: values) } catch { throw error.at(p) }
                    if tc == 0 { dcTables[th] = table } else { acTables[th] = table }
                    p += 17 + total
                }
            case 0xDD:
                guard length == 4 else { throw bad("DRI length \(length)") }
                restartInterval = try u16(seg)
            case 0xE0:
                if length >= 7 && data[seg] == 0x4A && data[seg + 1] == 0x46 && data[seg + 2] == 0x49 && data[seg + 3] == 0x46 && data[seg + 4] == 0 {
                    sawJFIF = true
                }
            case 0xEE:
                if length >= 14 && data[seg] == 0x41 && data[seg + 1] == 0x64 && data[seg + 2] == 0x6F && data[seg + 3] == 0x62 && data[seg + 4] == 0x65 {
                    adobeTransform = Int(data[seg + 11])
                }
            case 0xDA:
                guard let h = header else { throw bad("scan (SOS) before the frame header") }
                guard length >= 6 else { throw bad("SOS segment too short") }
                let ns = Int(data[seg])
                guard (1...4).contains(ns), length == 6 + 2 * ns else { throw bad("SOS with \(ns) components and length \(length)") }
                var scan: [(index: Int, dc: JPEGHuffmanTable, ac: JPEGHuffmanTable)] = []
                for i in 0..<ns {
                    let id = Int(data[seg + 1 + 2 * i]), td = Int(data[seg + 2 + 2 * i] >> 4), ta = Int(data[seg + 2 + 2 * i] & 15)
                    guard let index = components.firstIndex(where: { $0.id == id }) else { throw bad("scan names component \(id), not in the frame") }
                    guard !components[index].scanned, !scan.contains(where: { $0.index == index }) else {
                        throw bad("component \(id) appears in more than one scan")
                    }
                    guard td <= 3, ta <= 3 else { throw bad("scan uses Huffman table ids DC \(td) AC \(ta) (0...3 exist)") }
                    guard let dc = dcTables[td] else { throw bad("scan uses DC Huffman table \(td), which is not defined") }
                    guard let ac = acTables[ta] else { throw bad("scan uses AC Huffman table \(ta), which is not defined") }
                    guard quant[components[index].tq] != nil else {
                        throw bad("component \(id) uses quantization table \(components[index].tq), which is not defined")
                    }
                    scan.append((index, dc, ac))
                }
                let ss = Int(data[seg + 1 + 2 * ns]), se = Int(data[seg + 2 + 2 * ns]), ahal = Int(data[seg + 3 + 2 * ns])
                guard ss == 0, se == 63, ahal == 0 else {
                    throw bad("scan with Ss \(ss), Se \(se), Ah/Al \(ahal) is not sequential")
                }
                if ns > 1 {
                    let units = scan.reduce(0) { $0 + components[$1.index].h * components[$1.index].v }
                    guard units <= 10 else { throw bad("interleaved scan with \(units) blocks per MCU (at most 10)") }
                }
                let dataEnd = try decodeScan(data, at: end, header: h, components: &components, scan: scan, hMax: hMax, vMax: vMax,
                                             restartInterval: restartInterval)
                for s in scan {
                    components[s.index].scanned = true
                    components[s.index].quantTable = quant[components[s.index].tq] ?? []
                }
                pos = dataEnd
                continue
            default:
                break  // APPn, COM, DNL and others
            }
            pos = end
        }
        guard let header else { throw PixelError(.corruptStream, "JPEG stream has no frame header", offset: pos) }
        if let c = components.first(where: { !$0.scanned }) {
            throw PixelError(.corruptStream, "component \(c.id) has no scan before EOI", offset: pos)
        }
        // Samples: inverse DCT per component, then upsampling and colour conversion.
        let idct = JPEGInverseDCT(precision: header.precision)
        var planes: [JPEGColourOutput.Plane] = []
        for c in components {
            let quantTable = c.quantTable.count == 64 ? c.quantTable : [Int32](repeating: 1, count: 64)
            let stride = c.blocksPerLine * 8
            var plane = [UInt16](repeating: 0, count: stride * c.blocksPerColumn * 8)
            c.coefficients.withUnsafeBufferPointer { coef in
                quantTable.withUnsafeBufferPointer { q in
                    plane.withUnsafeMutableBufferPointer { out in
                        let ws = UnsafeMutablePointer<Int>.allocate(capacity: 64)
                        defer { ws.deallocate() }
                        guard let coefBase = coef.baseAddress, let qBase = q.baseAddress, let outBase = out.baseAddress else { return }
                        // Only the blocks that cover real samples matter to the output.
                        let usedLines = min(c.blocksPerColumn, (c.height + 7) / 8), usedPerLine = min(c.blocksPerLine, (c.width + 7) / 8)
                        for by in 0..<usedLines {
                            for bx in 0..<usedPerLine {
                                idct.transform(coefBase + (by * c.blocksPerLine + bx) * 64, quant: qBase, workspace: ws,
                                               out: outBase + by * 8 * stride + bx * 8, stride: stride)
                            }
                        }
                    }
                }
            }
            planes.append(JPEGColourOutput.Plane(samples: plane, stride: stride, width: c.width, height: c.height))
        }
        let width = header.columns, height = header.rows
        if components.count == 1 {
            let samples = JPEGColourOutput.upsample(planes[0], hx: 1, vy: 1, width: width, height: height)
            return Decoded(header: header, samples: samples, colourTransformed: false)
        }
        let full = components.indices.map { i in
            JPEGColourOutput.upsample(planes[i], hx: hMax / components[i].h, vy: vMax / components[i].v, width: width, height: height)
        }
        // libjpeg's guess of the colour space of three components (jdapimin.c default_decompress_parms).
        var ycc: Bool
        if sawJFIF { ycc = true }
        else if let t = adobeTransform { ycc = t != 0 }
        else { ycc = !(components[0].id == 0x52 && components[1].id == 0x47 && components[2].id == 0x42) }
        if photometricIsRGB && !sawJFIF && adobeTransform == nil { ycc = false }
        let samples = JPEGColourOutput.interleave(full, count: width * height, ycc: ycc, precision: header.precision)
        return Decoded(header: header, samples: samples, colourTransformed: ycc)
    }

    /// Decodes one scan's entropy-coded data starting at `start`; returns the offset of the marker after it.
    private static func decodeScan(_ data: UnsafeBufferPointer<UInt8>, at start: Int, header h: Header, components: inout [Component],
                                   scan: [(index: Int, dc: JPEGHuffmanTable, ac: JPEGHuffmanTable)], hMax: Int, vMax: Int,
                                   restartInterval: Int) throws(PixelError) -> Int {
        var reader = JPEGBitReader(data, at: start)
        var predictions = [Int](repeating: 0, count: scan.count)
        let single = scan.count == 1
        let first = components[scan[0].index]
        // A non-interleaved scan covers the component's own blocks; an interleaved one whole MCUs.
        let mcusX = single ? (first.width + 7) / 8 : (h.columns + 8 * hMax - 1) / (8 * hMax)
        let mcusY = single ? (first.height + 7) / 8 : (h.rows + 8 * vMax - 1) / (8 * vMax)
        let totalMCUs = mcusX * mcusY
        var expectedRestart = 0
        // Move each component's coefficients out so that they can be written through one pointer each.
        var buffers = scan.map { components[$0.index].coefficients }
        for s in scan { components[s.index].coefficients = [] }
        defer { for (k, s) in scan.enumerated() { components[s.index].coefficients = buffers[k] } }
        let geometry = scan.map { s in
            let c = components[s.index]
            return (line: c.blocksPerLine, h: single ? 1 : c.h, v: single ? 1 : c.v)
        }
        let dcTables = scan.map(\.dc), acTables = scan.map(\.ac)
        try naturalOrder.withUnsafeBufferPointer { (natural: UnsafeBufferPointer<Int>) throws(PixelError) in
            for mcu in 0..<totalMCUs {
                if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                    if reader.readPastData { throw PixelError(.corruptStream, "JPEG scan data ends early (before MCU \(mcu))", offset: reader.position) }
                    let at = reader.position
                    let n = try reader.restart()
                    guard n == expectedRestart else {
                        throw PixelError(.corruptStream, "restart marker RST\(n) where RST\(expectedRestart) was due", offset: at)
                    }
                    expectedRestart = (expectedRestart + 1) & 7
                    for k in predictions.indices { predictions[k] = 0 }
                }
                let mx = mcu % mcusX, my = mcu / mcusX
                for k in 0..<scan.count {
                    let g = geometry[k]
                    try buffers[k].withUnsafeMutableBufferPointer { (coef: inout UnsafeMutableBufferPointer<Int16>) throws(PixelError) in
                        guard let base = coef.baseAddress else { return }
                        for by in 0..<g.v {
                            for bx in 0..<g.h {
                                let block = (my * g.v + by) * g.line + mx * g.h + bx
                                do throws(PixelError) {
                                    try decodeBlock(&reader, dc: dcTables[k], ac: acTables[k], prediction: &predictions[k],
                                                    into: base + block * 64, natural: natural)
                                } catch {
                                    throw error.at(reader.position)
                                }
                            }
                        }
                    }
                }
                if reader.readPastData {
                    throw PixelError(.corruptStream, "JPEG scan data ends early (in MCU \(mcu) of \(totalMCUs))", offset: reader.position)
                }
            }
        }
        // The marker after the entropy-coded data (the reader never moves past a marker).
        var p = reader.position
        while p + 1 < data.count {
            if data[p] == 0xFF && data[p + 1] != 0x00 && data[p + 1] != 0xFF && !(0xD0...0xD7).contains(data[p + 1]) { return p }
            p += 1
        }
        return data.count
    }

    /// One block's Huffman-coded DC difference and AC run/size pairs, into natural order.
    @inline(__always)
    private static func decodeBlock(_ r: inout JPEGBitReader, dc: JPEGHuffmanTable, ac: JPEGHuffmanTable, prediction: inout Int,
                                    into out: UnsafeMutablePointer<Int16>, natural: UnsafeBufferPointer<Int>) throws(PixelError) {
        let t = try r.decode(dc)
        guard t <= 15 else { throw PixelError(.corruptStream, "DC difference category \(t)") }
        prediction += extend(r.bits(t), t)
        out[0] = Int16(truncatingIfNeeded: prediction)
        var k = 1
        while k < 64 {
            let rs = try r.decode(ac)
            let run = rs >> 4, size = rs & 15
            if size == 0 {
                if run == 15 { k += 16; continue }
                break
            }
            k += run
            guard k < 64 else { throw PixelError(.corruptStream, "AC coefficients run past the end of the block") }
            out[natural[k]] = Int16(truncatingIfNeeded: extend(r.bits(size), size))
            k += 1
        }
    }

    @inline(__always)
    static func extend(_ v: Int, _ t: Int) -> Int {
        t == 0 ? 0 : (v < 1 << (t - 1) ? v - (1 << t) + 1 : v)
    }

    private static func hex(_ b: UInt8) -> String { String(b, radix: 16, uppercase: true) }
}

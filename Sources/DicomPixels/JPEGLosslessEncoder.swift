/// A JPEG Lossless SV1 encoder (Process 14, first-order prediction, no point transform): one
/// interleaved scan, one Huffman table built from the image's difference categories.
public enum JPEGLosslessEncoder {
    /// Encodes `samples` (component-interleaved, row-major) of `precision` bits (2...16).
    /// `restartRows` > 0 writes a restart marker every that many rows (prediction restarts there).
    public static func encode(_ samples: [UInt16], rows: Int, columns: Int, components: Int, precision: Int,
                              predictor: Int = 1, restartRows: Int = 0) throws(PixelError) -> [UInt8] {
        let restartInterval = restartRows * columns
        guard restartRows >= 0, restartInterval <= 65535 else {
            throw PixelError(.unsupportedLayout, "restart interval of \(restartRows) rows x \(columns) columns exceeds 65535")
        }
        guard (2...16).contains(precision), (1...4).contains(components), (1...7).contains(predictor),
              rows > 0, columns > 0, rows <= 65535, columns <= 65535, samples.count == rows * columns * components else {
            throw PixelError(.unsupportedLayout, "cannot encode \(columns) x \(rows) x \(components) at \(precision) bits as lossless JPEG")
        }
        // Differences and their categories.
        let n = samples.count
        var diffs = [Int32](repeating: 0, count: n)
        var frequency = [Int](repeating: 0, count: 17)
        let initial = 1 << (precision - 1)
        for y in 0..<rows {
            for x in 0..<columns {
                for c in 0..<components {
                    let i = (y * columns + x) * components + c
                    let prediction: Int
                    let rowInInterval = restartRows > 0 ? y % restartRows : y
                    if rowInInterval == 0 && x == 0 { prediction = initial }
                    else if rowInInterval == 0 { prediction = Int(samples[i - components]) }
                    else if x == 0 { prediction = Int(samples[i - columns * components]) }
                    else {
                        let ra = Int(samples[i - components]), rb = Int(samples[i - columns * components])
                        let rc = Int(samples[i - columns * components - components])
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
                    // Modulo 2^16, read as a signed difference in -32767...32768.
                    var d = (Int(samples[i]) - prediction) & 0xFFFF
                    if d > 32768 { d -= 65536 }
                    diffs[i] = Int32(d)
                    frequency[category(d)] += 1
                }
            }
        }
        let (counts, values) = huffmanTable(frequency)
        let codes = JPEGHuffmanTable.canonicalCodes(counts: counts, values: values)
        var out: [UInt8] = [0xFF, 0xD8]
        func u16(_ v: Int) { out.append(UInt8(v >> 8)); out.append(UInt8(v & 0xFF)) }
        // SOF3
        out += [0xFF, 0xC3]; u16(8 + 3 * components); out.append(UInt8(precision)); u16(rows); u16(columns)
        out.append(UInt8(components))
        for c in 0..<components { out += [UInt8(c + 1), 0x11, 0] }
        // DHT
        out += [0xFF, 0xC4]; u16(2 + 17 + values.count); out.append(0x00)
        out += counts.map { UInt8($0) }; out += values
        if restartInterval > 0 { out += [0xFF, 0xDD, 0, 4]; u16(restartInterval) }
        // SOS
        out += [0xFF, 0xDA]; u16(6 + 2 * components); out.append(UInt8(components))
        for c in 0..<components { out += [UInt8(c + 1), 0x00] }
        out += [UInt8(predictor), 0, 0]
        // Entropy-coded data with byte stuffing.
        var writer = JPEGBitWriter(appendingTo: out)
        var lookup = [(code: Int, length: Int)](repeating: (0, 0), count: 17)
        for (k, v) in codes { lookup[Int(k)] = v }
        var restartNumber = 0
        for (k, d32) in diffs.enumerated() {
            if restartInterval > 0 && k > 0 && k % (restartInterval * components) == 0 {
                writer.restart(restartNumber)
                restartNumber = (restartNumber + 1) & 7
            }
            let d = Int(d32)
            let cat = category(d)
            writer.put(lookup[cat].code, lookup[cat].length)
            if cat > 0 && cat < 16 { writer.put(d < 0 ? d + (1 << cat) - 1 : d, cat) }
        }
        writer.padToByte()
        out = writer.bytes
        out += [0xFF, 0xD9]
        return out
    }

    @inline(__always)
    static func category(_ d: Int) -> Int {
        if d == 0 { return 0 }
        if d == 32768 { return 16 }
        return Int.bitWidth - abs(d).leadingZeroBitCount
    }

    /// Code lengths from frequencies (Huffman, then lengths limited to 16 as in T.81 K.2), as BITS and HUFFVAL.
    static func huffmanTable(_ frequency: [Int]) -> (counts: [Int], values: [UInt8]) {
        // Every symbol gets a code so the table is always complete enough; one reserved all-ones slot (K.2).
        var freq = frequency.map { max($0, 1) }
        freq.append(0)   // reserved symbol 17 with lowest frequency, removed afterwards
        var nodes: [(weight: Int, symbols: [Int])] = freq.enumerated().map { ($0.element, [$0.offset]) }
        var lengths = [Int](repeating: 0, count: freq.count)
        while nodes.count > 1 {
            nodes.sort { $0.weight < $1.weight }
            let a = nodes.removeFirst(), b = nodes.removeFirst()
            for s in a.symbols + b.symbols { lengths[s] += 1 }
            nodes.append((a.weight + b.weight, a.symbols + b.symbols))
        }
        // Limit to 16 bits (K.2 adjustment over counts per length).
        var bitsCount = [Int](repeating: 0, count: 33)
        for l in lengths { bitsCount[l] += 1 }
        var i = 32
        while i > 16 {
            while bitsCount[i] > 0 {
                var j = i - 2
                while bitsCount[j] == 0 { j -= 1 }
                bitsCount[i] -= 2
                bitsCount[i - 1] += 1
                bitsCount[j + 1] += 2
                bitsCount[j] -= 1
            }
            i -= 1
        }
        // Remove the reserved symbol from the longest length.
        i = 16
        while bitsCount[i] == 0 { i -= 1 }
        bitsCount[i] -= 1
        // Assign symbols by frequency, most frequent shortest.
        let order = (0..<17).sorted { frequency[$0] != frequency[$1] ? frequency[$0] > frequency[$1] : $0 < $1 }
        return (Array(bitsCount[1...16]), order.map { UInt8($0) })
    }
}

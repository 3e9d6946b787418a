/// A JPEG Huffman table (ITU T.81 Annex C) with a 9-bit lookup for short codes and the
/// MAXCODE/VALPTR procedure of F.2.2.3 for longer ones.
struct JPEGHuffmanTable {
    var maxCode = [Int](repeating: -1, count: 18)
    var valPtr = [Int](repeating: 0, count: 17)
    var minCode = [Int](repeating: 0, count: 17)
    var values: [UInt8] = []
    /// Indexed by the next 9 bits: (length << 8 | value), 0 when the code is longer than 9 bits.
    var fast = [UInt16](repeating: 0, count: 512)

    /// Builds from BITS (16 counts) and HUFFVAL.
    init(counts: [Int], values: [UInt8]) throws(PixelError) {
        guard counts.count == 16, counts.reduce(0, +) == values.count, values.count <= 256 else {
            throw PixelError(.corruptStream, "JPEG Huffman table counts do not match its values")
        }
        self.values = values
        var code = 0, k = 0
        for length in 1...16 {
            let n = counts[length - 1]
            valPtr[length] = k
            minCode[length] = code
            // Checked before any code of this length is placed: an over-subscribed table from a hostile
            // stream would otherwise index past the lookup table.
            guard code + n <= (1 << length) else { throw PixelError(.corruptStream, "JPEG Huffman table is over-subscribed") }
            if n > 0 {
                for _ in 0..<n {
                    if length <= 9 {
                        let shift = 9 - length
                        for fill in 0..<(1 << shift) { fast[(code << shift) | fill] = UInt16(length << 8) | UInt16(values[k]) }
                    }
                    code += 1
                    k += 1
                }
                maxCode[length] = code - 1
            }
            guard code <= (1 << length) else { throw PixelError(.corruptStream, "JPEG Huffman table is over-subscribed") }
            code <<= 1
        }
        maxCode[17] = Int.max
    }

    /// The code lengths of a canonical table (for the encoder): code and length of each symbol.
    static func canonicalCodes(counts: [Int], values: [UInt8]) -> [UInt8: (code: Int, length: Int)] {
        var out: [UInt8: (code: Int, length: Int)] = [:]
        var code = 0, k = 0
        for length in 1...16 {
            for _ in 0..<counts[length - 1] {
                out[values[k]] = (code, length)
                code += 1
                k += 1
            }
            code <<= 1
        }
        return out
    }
}

/// Reads entropy-coded bits, removing stuffed zero bytes and stopping at markers.
struct JPEGBitReader {
    let data: UnsafeBufferPointer<UInt8>
    var position: Int
    var buffer: UInt64 = 0
    var count = 0
    /// Set when a marker (other than a stuffed FF00) was reached; reads then yield zero bits.
    var hitMarker = false
    /// Zero bits appended past a marker or the end of the data. While `count >= padding` every bit
    /// consumed came from the stream; `count < padding` means a decoder read past its data (truncation).
    var padding = 0

    init(_ data: UnsafeBufferPointer<UInt8>, at position: Int) {
        self.data = data
        self.position = position
    }

    @inline(__always)
    mutating func fill() {
        while count <= 56 {
            var byte: UInt8 = 0
            if !hitMarker && position < data.count {
                byte = data[position]
                if byte == 0xFF {
                    // A lone FF at the very end is not data (stuffing needs its 00): treat it as the end.
                    let next = position + 1 < data.count ? data[position + 1] : 0xD9
                    if next == 0x00 {
                        position += 2
                    } else {
                        hitMarker = true
                        byte = 0
                        padding += 8
                    }
                } else {
                    position += 1
                }
            } else {
                padding += 8
            }
            buffer |= UInt64(byte) << UInt64(56 - count)
            count += 8
        }
    }

    @inline(__always)
    mutating func peek(_ n: Int) -> Int {
        if count < n { fill() }
        return Int(buffer >> UInt64(64 - n))
    }

    @inline(__always)
    mutating func skip(_ n: Int) {
        buffer <<= UInt64(n)
        count -= n
    }

    @inline(__always)
    mutating func bits(_ n: Int) -> Int {
        if n == 0 { return 0 }
        let v = peek(n)
        skip(n)
        return v
    }

    /// Decodes one Huffman symbol.
    @inline(__always)
    mutating func decode(_ t: JPEGHuffmanTable) throws(PixelError) -> Int {
        let entry = t.fast[peek(9)]
        if entry != 0 {
            skip(Int(entry >> 8))
            return Int(entry & 0xFF)
        }
        var code = 0
        for length in 1...16 {
            code = (code << 1) | bits(1)
            if code <= t.maxCode[length] && t.maxCode[length] >= 0 {
                return Int(t.values[t.valPtr[length] + code - t.minCode[length]])
            }
        }
        throw PixelError(.corruptStream, "JPEG Huffman code not in table")
    }

    /// True when more bits were consumed than the stream held before its marker or end.
    var readPastData: Bool { count < padding }

    /// Discards buffered bits and moves past a restart marker FFD0...FFD7 at the current position;
    /// returns the marker's number (0...7).
    @discardableResult
    mutating func restart() throws(PixelError) -> Int {
        buffer = 0
        count = 0
        padding = 0
        hitMarker = false
        // Skip fill bytes up to the marker.
        while position < data.count && data[position] != 0xFF { position += 1 }
        while position + 1 < data.count && data[position] == 0xFF && data[position + 1] == 0xFF { position += 1 }
        guard position + 1 < data.count, data[position] == 0xFF, (0xD0...0xD7).contains(data[position + 1]) else {
            throw PixelError(.corruptStream, "JPEG restart marker missing", offset: position)
        }
        position += 2
        return Int(data[position - 1] & 7)
    }

    /// Byte position after the entropy-coded data read so far (for finding the next marker).
    var nextMarkerSearchStart: Int { position }
}

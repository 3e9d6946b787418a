/// Writes JPEG entropy-coded data: bits most significant first, a zero byte stuffed after every
/// 0xFF, and the last byte padded with one bits (ITU-T T.81 F.1.2.3 and B.1.1.5).
struct JPEGBitWriter {
    /// The bytes written so far (any header the caller put before them included).
    var bytes: [UInt8]
    private var accumulator: UInt64 = 0
    private var count = 0

    /// Starts after `bytes`, with room for `capacity` more.
    init(appendingTo bytes: [UInt8] = [], reservingCapacity capacity: Int = 0) {
        self.bytes = bytes
        self.bytes.reserveCapacity(bytes.count + capacity)
    }

    /// Appends the low `length` bits of `value` (nothing when `length` is 0).
    @inline(__always)
    mutating func put(_ value: Int, _ length: Int) {
        guard length > 0 else { return }
        accumulator = (accumulator << UInt64(length)) | UInt64(value & ((1 << length) - 1))
        count += length
        while count >= 8 {
            let byte = UInt8(truncatingIfNeeded: accumulator >> UInt64(count - 8))
            bytes.append(byte)
            if byte == 0xFF { bytes.append(0) }
            count -= 8
        }
    }

    /// Fills the last byte with one bits, as before a marker.
    mutating func padToByte() {
        if count > 0 { put((1 << (8 - count)) - 1, 8 - count) }
    }

    /// Pads to a byte, then writes restart marker RSTn (`n` taken modulo 8).
    mutating func restart(_ n: Int) {
        padToByte()
        bytes += [0xFF, UInt8(0xD0 + (n & 7))]
    }
}

import DicomCore

/// An immutable array copied once into memory that is never freed, for the process-lifetime lookup
/// tables: reading it takes no reference count, which on the per-element path of a reader costs more
/// than the lookup itself. Only `static let` tables may hold one (each is built once and lives as long
/// as the process); it is Sendable because nothing writes to it after `init`.
struct FrozenArray<Element: Sendable>: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        base = UnsafeMutableBufferPointer.allocate(capacity: elements.count)
        _ = base.initialize(from: elements)
    }

    var count: Int { base.count }

    @inline(__always)
    subscript(i: Int) -> Element { base[i] }
}

/// A fixed hash map from tag to row number, built once: open addressing with a multiplicative hash.
struct TagIndex: Sendable {
    private let keys: FrozenArray<UInt32>
    /// Row number per slot; -1 for an empty slot.
    private let rows: FrozenArray<Int32>
    private let shift: UInt32
    private let slotMask: Int

    /// Indexes `(tag, row)` pairs; a tag listed twice keeps its first row.
    init(_ pairs: [(tag: UInt32, row: Int)]) {
        var bits: UInt32 = 4
        while (1 << bits) < pairs.count * 2 { bits += 1 }
        let size = 1 << Int(bits)
        var keys = [UInt32](repeating: 0, count: size)
        var rows = [Int32](repeating: -1, count: size)
        let shift = 32 - bits
        for (t, row) in pairs {
            var slot = Int((t &* 0x9E37_79B1) >> shift)
            while rows[slot] >= 0 && keys[slot] != t { slot = (slot + 1) & (size - 1) }
            if rows[slot] < 0 {
                keys[slot] = t
                rows[slot] = Int32(row)
            }
        }
        self.keys = FrozenArray(keys)
        self.rows = FrozenArray(rows)
        self.shift = shift
        self.slotMask = size - 1
    }

    /// The row of `tag`, or nil.
    @inline(__always)
    func row(_ tag: UInt32) -> Int? {
        var slot = Int((tag &* 0x9E37_79B1) >> shift)
        while true {
            let r = rows[slot]
            if r < 0 { return nil }
            if keys[slot] == tag { return Int(r) }
            slot = (slot + 1) & slotMask
        }
    }
}

/// The repeating-group patterns of a table, most specific first, with the set of groups any of them
/// can match (65,536 bits) so that a tag outside those groups skips the scan.
struct RepeatingPatterns: Sendable {
    private let values: FrozenArray<UInt32>
    private let masks: FrozenArray<UInt32>
    private let rows: FrozenArray<Int32>
    private let groups: FrozenArray<UInt64>

    /// `patterns` are (value, mask, row); they are tried in order of decreasing mask bits, then given order.
    init(_ patterns: [(value: UInt32, mask: UInt32, row: Int)]) {
        let sorted = patterns.enumerated().sorted {
            let a = $0.element.mask.nonzeroBitCount, b = $1.element.mask.nonzeroBitCount
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
        values = FrozenArray(sorted.map(\.value))
        masks = FrozenArray(sorted.map(\.mask))
        rows = FrozenArray(sorted.map { Int32($0.row) })
        var groupPatterns = Set<UInt32>()
        for p in sorted {
            let gm = p.mask >> 16
            groupPatterns.insert((p.value >> 16 & gm) << 16 | gm)
        }
        var words = [UInt64](repeating: 0, count: 1024)
        for p in groupPatterns {
            let gv = UInt16(truncatingIfNeeded: p >> 16), gm = UInt16(truncatingIfNeeded: p)
            for g in 0...Int(UInt16.max) where UInt16(g) & gm == gv {
                words[g >> 6] |= 1 << UInt64(g & 63)
            }
        }
        groups = FrozenArray(words)
    }

    /// The row of the first pattern matching `tag`, or nil.
    @inline(__always)
    func row(_ tag: Tag) -> Int? {
        let g = Int(tag.group)
        guard groups[g >> 6] & (1 << UInt64(g & 63)) != 0 else { return nil }
        for i in 0..<values.count where TagMask.matches(tag, value: values[i], mask: masks[i]) { return Int(rows[i]) }
        return nil
    }
}

import DicomCore

/// Matching of repeating-group patterns such as `(60XX,3000)`: a value with the `X` digits zeroed and a
/// mask with `0` in those digits and `F` elsewhere. A pattern with `X` in its group matches even groups
/// only (odd groups are private), so `(60XX,3000)` matches (6000,3000)…(60FE,3000) but not (6001,3000).
enum TagMask {
    /// The mask of a tag without `X` digits.
    static let exact: UInt32 = 0xFFFF_FFFF

    /// True when `tag` is matched by the pattern (`value`, `mask`).
    @inline(__always)
    static func matches(_ tag: Tag, value: UInt32, mask: UInt32) -> Bool {
        guard tag.raw & mask == value & mask else { return false }
        return mask & 0xFFFF_0000 == 0xFFFF_0000 || tag.group & 1 == 0
    }

    /// Parses eight characters `GGGGEEEE` of hex digits or `X` (as written by dcmveil-generate).
    static func parse<S: Collection<UInt8>>(_ text: S) -> (value: UInt32, mask: UInt32)? {
        guard text.count == 8 else { return nil }
        var value: UInt32 = 0
        var mask: UInt32 = 0
        for c in text {
            value <<= 4
            mask <<= 4
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(c - UInt8(ascii: "0")); mask |= 0xF
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(c - UInt8(ascii: "A") + 10); mask |= 0xF
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(c - UInt8(ascii: "a") + 10); mask |= 0xF
            case UInt8(ascii: "X"), UInt8(ascii: "x"): break
            default: return nil
            }
        }
        return (value, mask)
    }
}

/// Splitting of the generated tab-separated tables.
enum TableText {
    /// The lines of `text`, each split at tabs into exactly `columns` fields; lines of another shape are
    /// skipped (the generator never writes them; tests compare the row count with the generated one).
    static func rows(_ text: String, columns: Int) -> [[Substring]] {
        var out: [[Substring]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == columns { out.append(fields) }
        }
        return out
    }

    /// The VRs of a slash-separated field, skipping unknown codes.
    static func vrs(_ field: Substring) -> [VR] {
        field.split(separator: "/").compactMap { VR(rawValue: String($0)) }
    }
}

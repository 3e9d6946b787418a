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

/// Splitting of the generated tab-separated tables, on their UTF-8 bytes.
enum TableText {
    typealias Field = Slice<UnsafeBufferPointer<UInt8>>

    /// Calls `body` with the fields of each line of `text` that has exactly `columns` tab-separated
    /// fields; other lines are skipped (the generator never writes them; tests compare the row count
    /// with the generated one). The fields are valid only during the call.
    static func forEachRow(_ text: String, columns: Int, _ body: ([Field]) -> Void) {
        var text = text
        text.withUTF8 { buf in
            var fields: [Field] = []
            fields.reserveCapacity(columns)
            var start = 0
            for i in 0..<buf.count {
                switch buf[i] {
                case UInt8(ascii: "\t"):
                    fields.append(buf[start..<i])
                    start = i + 1
                case UInt8(ascii: "\n"):
                    fields.append(buf[start..<i])
                    if fields.count == columns { body(fields) }
                    fields.removeAll(keepingCapacity: true)
                    start = i + 1
                default:
                    break
                }
            }
            if start < buf.count {
                fields.append(buf[start..<buf.count])
                if fields.count == columns { body(fields) }
            }
        }
    }

    static func string(_ field: Field) -> String { String(decoding: field, as: UTF8.self) }

    /// The VRs of a slash-separated field, skipping unknown codes.
    static func vrs(_ field: Field) -> [VR] {
        field.split(separator: UInt8(ascii: "/")).compactMap { code in
            code.count == 2 ? VR(byte0: code[code.startIndex], byte1: code[code.startIndex + 1]) : nil
        }
    }
}

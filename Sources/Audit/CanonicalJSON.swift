/// The canonical JSON form of a `JSONValue`, used for every audit entry, manifest row and profile hash.
///
/// The form, byte for byte:
/// - UTF-8, no byte-order mark, no whitespace outside strings.
/// - Object members sorted by the UTF-8 bytes of their keys (that is, by Unicode scalar value).
/// - Strings escape only what JSON requires: `"` as `\"`, `\` as `\\`, the controls U+0008, U+0009,
///   U+000A, U+000C, U+000D as `\b \t \n \f \r`, other controls below U+0020 as `\u00xx` (lowercase
///   hex). Every other character, including U+007F and U+2028, is written as its own UTF-8 bytes.
/// - Integers in decimal, `-` for negatives, no leading zeros, no `+`.
/// - Doubles as the shortest text that reads back to the same value, as Swift's `description` writes
///   it: `0.1`, `1.0`, `-0.0`, `1e-07`, `1e+16`. Such text always has a `.` or an `e`, so it reads back
///   as a double, never an integer. NaN and infinities have no JSON form and are refused.
///
/// Because the parser is strict and this form is unique, a line is canonical exactly when
/// `encode(parse(line)) == line`; the verifier checks that for every entry.
public enum CanonicalJSON {
    /// The canonical bytes of `value`. Throws `.notCanonical` for a NaN or an infinity.
    public static func encode(_ value: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out)
        return out
    }

    /// The canonical text of `value`.
    public static func string(_ value: JSONValue) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null:
            out.append(contentsOf: nullBytes)
        case .bool(let b):
            out.append(contentsOf: b ? trueBytes : falseBytes)
        case .int(let i):
            writeInt(i, into: &out)
        case .double(let d):
            guard d.isFinite else {
                throw AuditError(.notCanonical, "JSON has no form for the number \(d)")
            }
            out.append(contentsOf: d.description.utf8)
        case .string(let s):
            writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            var first = true
            for e in elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                try write(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for key in sortedKeys(members) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                // The key came from the dictionary, so the lookup cannot fail.
                if let v = members[key] { try write(v, into: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The keys of an object in canonical order: by their UTF-8 bytes.
    public static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Appends a string in canonical form, quotes included.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = s.utf8
        let needsEscape = utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        if !needsEscape {
            out.append(contentsOf: utf8)
        } else {
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
                case 0x00..<0x20:
                    out.append(contentsOf: Array("\\u00".utf8))
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0x0F)])
                default:
                    out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func writeInt(_ i: Int64, into out: inout [UInt8]) {
        if i == 0 { out.append(UInt8(ascii: "0")); return }
        // Work in the magnitude as UInt64 so Int64.min needs no special case.
        var m = i.magnitude
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        while m > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        }
        if i < 0 { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: digits.reversed())
    }

    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension CanonicalJSON {
    /// The canonical bytes of an object, and of the same object without the members in `excluded`,
    /// in one pass. The verifier uses this to get an entry's line and hashed body together.
    static func encodeObject(_ members: [String: JSONValue], excluding excluded: Set<String>) throws -> (
        full: [UInt8], partial: [UInt8]
    ) {
        var full: [UInt8] = []
        var partial: [UInt8] = []
        full.reserveCapacity(1024)
        partial.reserveCapacity(1024)
        full.append(UInt8(ascii: "{"))
        partial.append(UInt8(ascii: "{"))
        var firstFull = true
        var firstPartial = true
        for key in sortedKeys(members) {
            guard let v = members[key] else { continue }
            if !firstFull { full.append(UInt8(ascii: ",")) }
            firstFull = false
            let start = full.count
            writeString(key, into: &full)
            full.append(UInt8(ascii: ":"))
            try write(v, into: &full)
            if !excluded.contains(key) {
                if !firstPartial { partial.append(UInt8(ascii: ",")) }
                firstPartial = false
                partial.append(contentsOf: full[start...])
            }
        }
        full.append(UInt8(ascii: "}"))
        partial.append(UInt8(ascii: "}"))
        return (full, partial)
    }
}

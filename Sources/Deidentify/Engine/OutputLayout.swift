import Crypto
import DicomCore

/// Where a de-identified instance goes in an export folder: `<pseudonym>/<study>/<series>/<SOPInstanceUID>.dcm`,
/// where study and series are the first 16 hex digits of SHA-256 of the new (already keyed) Study and
/// Series Instance UIDs. Every component comes from de-identified values only.
public enum OutputLayout {
    /// The relative path for a de-identified data set, or nil when it has no SOPInstanceUID.
    public static func relativePath(pseudonym: String, dataSet: DataSet) -> String? {
        // UIDs are ASCII: read as bytes, without decoding through the character set.
        let sop = uid(dataSet, .sopInstanceUID)
        guard !sop.isEmpty, let s = String(validating: sop, as: UTF8.self), UIDRemapper.isValid(s) else { return nil }
        let study = short(uid(dataSet, Tag(0x0020_000D)))
        let series = short(uid(dataSet, Tag(0x0020_000E)))
        return "\(safeComponent(pseudonym))/\(study)/\(series)/\(s).dcm"
    }

    /// The first value of a UI element without padding; empty when absent.
    static func uid(_ ds: DataSet, _ tag: Tag) -> ArraySlice<UInt8> {
        guard var b = ds[tag]?.bytes else { return [] }
        if let bs = b.firstIndex(of: 0x5C) { b = b[..<bs] }
        return DateShift.trim(b)
    }

    /// The first 16 hex digits of SHA-256 of a UID; `none` for an empty one.
    static func short(_ uid: ArraySlice<UInt8>) -> String {
        if uid.isEmpty { return "none" }
        let digest = uid.withUnsafeBytes { SHA256.hash(data: $0) }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        for (i, b) in digest.prefix(8).enumerated() {
            out[2 * i] = hex[Int(b >> 4)]
            out[2 * i + 1] = hex[Int(b & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A path component made only of letters, digits, '-', '_' and '.', never `.` or `..`.
    static func safeComponent(_ s: String) -> String {
        if s.utf8.allSatisfy(isSafe), s != ".", s != "..", !s.isEmpty { return s }
        let mapped = String(s.map { c -> Character in
            (c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")) ? c : "_"
        })
        if mapped.isEmpty || mapped == "." || mapped == ".." { return "_" + mapped }
        return mapped
    }

    private static func isSafe(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
    }
}

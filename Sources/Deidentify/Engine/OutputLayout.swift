import Crypto
import DicomCore

/// Where a de-identified instance goes in an export folder: `<pseudonym>/<study>/<series>/<SOPInstanceUID>.dcm`,
/// where study and series are the first 16 hex digits of SHA-256 of the new (already keyed) Study and
/// Series Instance UIDs. Every component comes from de-identified values only.
public enum OutputLayout {
    /// The relative path for a de-identified data set, or nil when it has no SOPInstanceUID.
    public static func relativePath(pseudonym: String, dataSet: DataSet) -> String? {
        guard let sop = dataSet.string(.sopInstanceUID), UIDRemapper.isValid(sop) else { return nil }
        let study = dataSet.string(Tag(0x0020_000D)) ?? ""
        let series = dataSet.string(Tag(0x0020_000E)) ?? ""
        return "\(safeComponent(pseudonym))/\(short(study))/\(short(series))/\(sop).dcm"
    }

    static func short(_ uid: String) -> String {
        if uid.isEmpty { return "none" }
        return SHA256.hash(data: Array(uid.utf8)).prefix(8).map { KeyFiles.hex2($0) }.joined()
    }

    /// A path component made only of letters, digits, '-', '_' and '.', never `.` or `..`.
    static func safeComponent(_ s: String) -> String {
        let mapped = String(s.map { c -> Character in
            (c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")) ? c : "_"
        })
        if mapped.isEmpty || mapped == "." || mapped == ".." { return "_" + mapped }
        return mapped
    }
}

/// A lookup table of subject IDs given by a trial coordinator: original PatientID → subject ID.
///
/// Read from CSV: one `PatientID,SubjectID` pair per line; blank lines and lines starting with `#` are
/// ignored; a first line whose first field is `PatientID` or `patient_id` (any case) is a header. Fields
/// may be double-quoted (a doubled quote inside stands for one). Duplicate PatientIDs are an error.
public struct PseudonymTable: Sendable, Equatable {
    public private(set) var subjects: [String: String]

    public init(_ subjects: [String: String]) { self.subjects = subjects }

    /// The subject ID of a PatientID (compared without padding).
    public func subject(for patientID: String) -> String? { subjects[patientID] }

    /// Parses CSV text; errors name the line and what was expected.
    public init(csv text: String, file: String? = nil) throws(ProfileError) {
        var map: [String: String] = [:]
        var lineNo = 0
        var sawRow = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            var line = Substring(raw)
            if line.last == "\r" { line.removeLast() }
            let trimmed = String(line).trimmed(" \t")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let fields = Self.fields(trimmed), fields.count == 2 else {
                throw ProfileError(file: file, line: lineNo, key: nil, message: "expected two fields: PatientID,SubjectID")
            }
            let id = fields[0].trimmed(" \t"), subject = fields[1].trimmed(" \t")
            defer { sawRow = true }
            if !sawRow && ["patientid", "patient_id"].contains(id.lowercased()) { continue }
            guard !id.isEmpty, !subject.isEmpty else {
                throw ProfileError(file: file, line: lineNo, key: nil, message: "expected a non-empty PatientID and SubjectID")
            }
            guard subject.utf8.count <= 64, !subject.contains("\\") else {
                throw ProfileError(file: file, line: lineNo, key: nil, message: "expected a subject ID of at most 64 characters without backslash")
            }
            if map[id] != nil {
                throw ProfileError(file: file, line: lineNo, key: nil, message: "PatientID listed twice; expected each patient once")
            }
            map[id] = subject
        }
        subjects = map
    }

    /// Splits one CSV line; nil on an unterminated quote.
    static func fields(_ line: String) -> [String]? {
        var out: [String] = []
        var cur = ""
        var quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { cur.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { cur.append(c) }
            } else if c == "\"" && cur.trimmed(" \t").isEmpty {
                cur = ""
                quoted = true
            } else if c == "," {
                out.append(cur)
                cur = ""
            } else {
                cur.append(c)
            }
        }
        if quoted { return nil }
        out.append(cur)
        return out
    }
}

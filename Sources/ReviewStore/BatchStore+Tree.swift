import GRDB

/// One node of the browser's tree (a patient, study or series) with its counts.
public struct GroupSummary: Sendable, Hashable {
    /// The original key (patient ID, study or series UID): what the store filters on.
    public var key: String
    /// The pseudonymous key shown by default.
    public var pseudonym: String
    public var count: Int
    public var byState: [InstanceState: Int]
    /// Modalities present, sorted.
    public var modalities: [String]

    /// True when some instance under the node still needs review.
    public var needsReview: Bool { (byState[.needsReview] ?? 0) > 0 }
}

extension BatchStore {
    /// The patients with instances matching `filter`, ordered by original patient ID.
    public func patients(matching filter: InstanceFilter = .all) throws -> [GroupSummary] {
        try groups(key: "patient_id", pseudonym: "pseudo_patient_id", filter)
    }

    /// The studies of a patient with instances matching `filter`.
    public func studies(patientID: String, matching filter: InstanceFilter = .all) throws -> [GroupSummary] {
        var f = filter
        f.patientID = patientID
        return try groups(key: "study_uid", pseudonym: "pseudo_study_uid", f)
    }

    /// The series of a study with instances matching `filter`.
    public func series(studyUID: String, matching filter: InstanceFilter = .all) throws -> [GroupSummary] {
        var f = filter
        f.studyUID = studyUID
        return try groups(key: "series_uid", pseudonym: "pseudo_series_uid", f)
    }

    private func groups(key: String, pseudonym: String, _ filter: InstanceFilter) throws -> [GroupSummary] {
        let (cond, args) = Self.whereClause(filter)
        let sql = """
            SELECT \(key) AS k, MIN(\(pseudonym)) AS p, state, COUNT(*) AS n, GROUP_CONCAT(DISTINCT modality) AS m
            FROM instance WHERE \(cond) GROUP BY \(key), state ORDER BY \(key)
            """
        return try read("listing groups") { db in
            var out: [GroupSummary] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: args) {
                let k: String = row["k"]
                let n: Int = row["n"]
                let state = InstanceState(rawValue: row["state"]) ?? .quarantined
                let mods = ((row["m"] as String?) ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
                if var last = out.last, last.key == k {
                    last.count += n
                    last.byState[state, default: 0] += n
                    last.modalities = Array(Set(last.modalities + mods)).sorted()
                    out[out.count - 1] = last
                } else {
                    out.append(GroupSummary(key: k, pseudonym: row["p"] ?? "", count: n, byState: [state: n], modalities: Array(Set(mods)).sorted()))
                }
            }
            return out
        }
    }
}

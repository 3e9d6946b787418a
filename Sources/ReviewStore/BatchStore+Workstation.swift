import Foundation
import GRDB

/// What a positional search looks for inside a filtered list (see `BatchStore.firstPosition`).
public enum InstancePositionTarget: Sendable, Hashable {
    /// An instance whose pseudonymous keys or modality contain the text (case-insensitive).
    case text(String)
    /// An instance in this state.
    case state(InstanceState)
    /// An instance with a mask edit or an override waiting for a curator.
    case pendingEdit
}

extension BatchStore {
    /// Instances `offset..<offset+limit` of the filtered list, in browser order.
    ///
    /// For a browser that pages by index. `LIMIT … OFFSET` costs in proportion to the offset, which is
    /// fine for the few pages a screen holds; `instances(matching:after:limit:)` stays the cheap way to
    /// walk a whole batch.
    public func instances(matching filter: InstanceFilter, offset: Int, limit: Int) throws -> [InstanceSummary] {
        let (cond, args) = Self.whereClause(filter)
        let sql = "SELECT \(Self.instanceColumns) FROM instance WHERE \(cond) ORDER BY \(Self.browserOrder) LIMIT ? OFFSET ?"
        return try read("listing instances by position") { db in
            try Row.fetchAll(db, sql: sql, arguments: args + [min(max(1, limit), 100_000), max(0, offset)]).map(Self.summary)
        }
    }

    /// The position (0-based, in browser order, within `filter`'s list) of the first instance at or
    /// after `from` that matches `target`, wrapping around to the start; nil when none does.
    public func firstPosition(matching filter: InstanceFilter, target: InstancePositionTarget, from: Int) throws -> Int? {
        let (cond, args) = Self.whereClause(filter)
        var extra: String
        var extraArgs = StatementArguments()
        switch target {
        case .state(let state):
            extra = "state = ?"
            extraArgs += [state.rawValue]
        case .pendingEdit:
            extra = """
                (id IN (SELECT instance_id FROM mask WHERE status = 'awaiting-curator')
                 OR id IN (SELECT instance_id FROM override WHERE status = 'awaiting-curator'))
                """
        case .text(let text):
            let pattern = "%" + text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            let columns = ["pseudo_patient_id", "pseudo_study_uid", "pseudo_series_uid", "pseudo_sop_uid", "modality"]
            extra = "(" + columns.map { "lower(\($0)) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"
            extraArgs += StatementArguments(Array(repeating: pattern, count: columns.count))
        }
        // Number the filtered list, then pick the first hit at or after `from`, else the first hit at all.
        let sql = """
            SELECT position FROM (
                SELECT id, state, pseudo_patient_id, pseudo_study_uid, pseudo_series_uid, pseudo_sop_uid, modality,
                       ROW_NUMBER() OVER (ORDER BY \(Self.browserOrder)) - 1 AS position
                FROM instance WHERE \(cond))
            WHERE \(extra)
            ORDER BY position < ?, position
            LIMIT 1
            """
        return try read("searching instances") { db in
            try Int.fetchOne(db, sql: sql, arguments: args + extraArgs + [max(0, from)])
        }
    }

    /// The original series (or study) UID behind a pseudonymous one: the workstation names series and
    /// studies by their pseudonymous keys, the store decides on them by the original ones.
    public func originalUID(forPseudonymous pseudonymousUID: String, series: Bool) throws -> String? {
        let (pseudo, original) = series ? ("pseudo_series_uid", "series_uid") : ("pseudo_study_uid", "study_uid")
        return try read("mapping a pseudonymous UID") { db in
            try String.fetchOne(db, sql: "SELECT \(original) FROM instance WHERE \(pseudo) = ? LIMIT 1", arguments: [pseudonymousUID])
        }
    }

    /// Which of these instances carry an approved override (the workstation shows them as overridden).
    public func overriddenInstanceIDs(among ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try read("reading overrides") { db in
            Set(try Int64.fetchAll(
                db, sql: "SELECT DISTINCT instance_id FROM override WHERE status = 'approved' AND instance_id IN (\(marks))",
                arguments: StatementArguments(ids)))
        }
    }

    /// The finding classes present on each of these instances.
    public func findingClasses(among ids: [Int64]) throws -> [Int64: Set<String>] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try read("reading finding classes") { db in
            var out: [Int64: Set<String>] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT DISTINCT instance_id, class FROM finding WHERE instance_id IN (\(marks))", arguments: StatementArguments(ids))
            {
                out[row["instance_id"], default: []].insert(row["class"])
            }
            return out
        }
    }

    /// Proposed masks nobody has accepted or rejected yet, on instances that may still be exported
    /// (not rejected, not quarantined): what the workstation shows as "proposed".
    public func openProposedMaskCount() throws -> Int {
        try read("counting proposed masks") { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM mask JOIN instance ON instance.id = mask.instance_id
                WHERE mask.status = 'proposed' AND instance.state NOT IN ('rejected', 'quarantined')
                """) ?? 0
        }
    }
}

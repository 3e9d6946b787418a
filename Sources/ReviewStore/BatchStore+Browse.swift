import DicomCore
import Foundation
import GRDB

/// What the browser shows: any combination narrows the list (empty sets mean "all").
public struct InstanceFilter: Sendable, Hashable {
    public var states: Set<InstanceState>
    /// Compared exactly with the stored modality.
    public var modalities: Set<String>
    /// Only instances with at least one finding of this class.
    public var findingClass: String?
    /// Original keys, to list one patient, study or series.
    public var patientID: String?
    public var studyUID: String?
    public var seriesUID: String?
    /// A case-insensitive substring of the path or a pseudonymous key (never an original key).
    public var search: String?

    public init(
        states: Set<InstanceState> = [], modalities: Set<String> = [], findingClass: String? = nil,
        patientID: String? = nil, studyUID: String? = nil, seriesUID: String? = nil, search: String? = nil
    ) {
        self.states = states
        self.modalities = modalities
        self.findingClass = findingClass
        self.patientID = patientID
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.search = search
    }

    /// Everything.
    public static let all = InstanceFilter()
    /// Only instances waiting for a reviewer.
    public static let needsReview = InstanceFilter(states: [.needsReview])
}

/// A position in the browser's order (patient, study, series, instance number, path), to page on.
public struct InstanceCursor: Sendable, Hashable {
    public var patientID: String
    public var studyUID: String
    public var seriesUID: String
    public var instanceNumber: Int
    public var path: String

    /// The position just after `instance`.
    public init(after instance: InstanceSummary) {
        patientID = instance.original.patientID
        studyUID = instance.original.studyUID
        seriesUID = instance.original.seriesUID
        instanceNumber = instance.instanceNumber
        path = instance.path
    }
}

/// One page of instances and the cursor for the next page (nil at the end).
public struct InstancePage: Sendable, Hashable {
    public var instances: [InstanceSummary]
    public var next: InstanceCursor?
}

/// Counts for the overview and `dcmveil status`.
public struct BatchStatistics: Sendable, Hashable {
    public var total: Int
    public var byState: [InstanceState: Int]
    /// Modality → state → count.
    public var byModality: [String: [InstanceState: Int]]
    public var findingsByClass: [String: Int]
    public var masksByStatus: [MaskStatus: Int]
    public var overridesByStatus: [OverrideStatus: Int]
    /// `.singlePerson` while no roles are configured.
    public var mode: DecisionMode
    public var decisions: Int
}

extension BatchStore {
    static let instanceColumns = """
        id, path, size, sha256, patient_id, study_uid, series_uid, sop_uid, pseudo_patient_id, pseudo_study_uid,
        pseudo_series_uid, pseudo_sop_uid, instance_number, modality, rows, columns, frames, transfer_syntax, state,
        review_reasons, quarantine_reason, finding_count, scanned_at
        """
    static let browserOrder = "patient_id, study_uid, series_uid, instance_number, path"

    static func summary(_ row: Row) -> InstanceSummary {
        let reasons: String = row["review_reasons"]
        return InstanceSummary(
            id: row["id"], path: row["path"], size: row["size"], sha256: row["sha256"],
            original: InstanceKeys(patientID: row["patient_id"], studyUID: row["study_uid"], seriesUID: row["series_uid"], sopUID: row["sop_uid"]),
            pseudonymous: InstanceKeys(
                patientID: row["pseudo_patient_id"], studyUID: row["pseudo_study_uid"],
                seriesUID: row["pseudo_series_uid"], sopUID: row["pseudo_sop_uid"]),
            instanceNumber: row["instance_number"], modality: row["modality"], rows: row["rows"], columns: row["columns"],
            frames: row["frames"], transferSyntax: row["transfer_syntax"],
            state: InstanceState(rawValue: row["state"]) ?? .quarantined,
            reviewReasons: reasons.split(separator: ",").compactMap { ReviewReason(rawValue: String($0)) },
            quarantineReason: row["quarantine_reason"], findingCount: row["finding_count"], scannedAt: row["scanned_at"])
    }

    static func whereClause(_ f: InstanceFilter) -> (String, StatementArguments) {
        var conds: [String] = []
        var args = StatementArguments()
        if !f.states.isEmpty {
            let states = f.states.map(\.rawValue).sorted()
            conds.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ",")))")
            args += StatementArguments(states)
        }
        if !f.modalities.isEmpty {
            let m = f.modalities.sorted()
            conds.append("modality IN (\(Array(repeating: "?", count: m.count).joined(separator: ",")))")
            args += StatementArguments(m)
        }
        if let c = f.findingClass {
            conds.append("EXISTS (SELECT 1 FROM finding WHERE finding.instance_id = instance.id AND finding.class = ?)")
            args += [c]
        }
        if let p = f.patientID { conds.append("patient_id = ?"); args += [p] }
        if let s = f.studyUID { conds.append("study_uid = ?"); args += [s] }
        if let s = f.seriesUID { conds.append("series_uid = ?"); args += [s] }
        if let q = f.search, !q.isEmpty {
            let pattern = "%" + q.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            conds.append("""
                (path LIKE ? ESCAPE '\\' OR pseudo_patient_id LIKE ? ESCAPE '\\' OR pseudo_study_uid LIKE ? ESCAPE '\\'
                 OR pseudo_series_uid LIKE ? ESCAPE '\\' OR pseudo_sop_uid LIKE ? ESCAPE '\\')
                """)
            args += [pattern, pattern, pattern, pattern, pattern]
        }
        return (conds.isEmpty ? "1" : conds.joined(separator: " AND "), args)
    }

    /// One page of instances matching `filter`, in browser order (patient, study, series, instance
    /// number, path), starting after `cursor`. Keyset paging: every page costs the same.
    public func instances(matching filter: InstanceFilter = .all, after cursor: InstanceCursor? = nil, limit: Int = 100) throws -> InstancePage {
        let limit = min(max(1, limit), 100_000)
        var (cond, args) = Self.whereClause(filter)
        if let c = cursor {
            cond += " AND (\(Self.browserOrder)) > (?, ?, ?, ?, ?)"
            args += [c.patientID, c.studyUID, c.seriesUID, c.instanceNumber, c.path]
        }
        args += [limit + 1]
        let sql = "SELECT \(Self.instanceColumns) FROM instance WHERE \(cond) ORDER BY \(Self.browserOrder) LIMIT ?"
        return try read("listing instances") { db in
            var items = try Row.fetchAll(db, sql: sql, arguments: args).map(Self.summary)
            var next: InstanceCursor? = nil
            if items.count > limit {
                items.removeLast()
                next = items.last.map { InstanceCursor(after: $0) }
            }
            return InstancePage(instances: items, next: next)
        }
    }

    /// How many instances match `filter`.
    public func count(matching filter: InstanceFilter = .all) throws -> Int {
        let (cond, args) = Self.whereClause(filter)
        return try read("counting instances") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM instance WHERE \(cond)", arguments: args) ?? 0
        }
    }

    /// The next instance matching `filter` after `cursor` (e.g. the `n` key: next needing review).
    public func nextInstance(matching filter: InstanceFilter = .needsReview, after cursor: InstanceCursor?) throws -> InstanceSummary? {
        try instances(matching: filter, after: cursor, limit: 1).instances.first
    }

    /// The instance with this id.
    public func instance(id: Int64) throws -> InstanceSummary? {
        try read("reading an instance") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.instanceColumns) FROM instance WHERE id = ?", arguments: [id]).map(Self.summary)
        }
    }

    /// The instance scanned from this relative path.
    public func instance(path: String) throws -> InstanceSummary? {
        try read("reading an instance") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.instanceColumns) FROM instance WHERE path = ?", arguments: [path]).map(Self.summary)
        }
    }

    /// The planned tag actions of an instance, in the order the engine gave them.
    public func plannedActions(instance id: Int64) throws -> [PlannedAction] {
        let json = try read("reading planned actions") { db in
            try String.fetchOne(db, sql: "SELECT actions FROM planned_actions WHERE instance_id = ?", arguments: [id])
        }
        guard let json else { return [] }
        let rows: [[String?]]
        do {
            rows = try JSONDecoder().decode([[String?]].self, from: Data(json.utf8))
        } catch {
            throw ReviewStoreError(.database, "planned actions of instance \(id) are not readable: \(error)", file: path)
        }
        return rows.compactMap { r in
            guard r.count == 7 else { return nil }
            return PlannedAction(path: r[0] ?? "", keyword: r[1] ?? "", vr: r[2] ?? "", action: r[3] ?? "", old: r[4], new: r[5], rule: r[6] ?? "")
        }
    }

    static func finding(_ row: Row) -> FindingRecord {
        FindingRecord(
            id: row["id"], instanceID: row["instance_id"],
            finding: TextFinding(
                frame: row["frame"], rect: PixelRect(x: row["x"], y: row["y"], width: row["w"], height: row["h"]),
                text: row["text"], confidence: row["confidence"], findingClass: row["class"]))
    }

    /// The OCR findings of an instance, by frame.
    public func findings(instance id: Int64) throws -> [FindingRecord] {
        try read("reading findings") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE instance_id = ? ORDER BY frame, id", arguments: [id]).map(Self.finding)
        }
    }

    static func mask(_ row: Row) -> MaskRecord {
        MaskRecord(
            id: row["id"], instanceID: row["instance_id"], findingID: row["finding_id"], frame: row["frame"],
            rect: PixelRect(x: row["x"], y: row["y"], width: row["w"], height: row["h"]),
            origin: MaskOrigin(rawValue: row["origin"]) ?? .manual,
            status: MaskStatus(rawValue: row["status"]) ?? .awaitingCurator,
            pending: (row["pending"] as String?).flatMap(PendingEdit.init(rawValue:)),
            editedBy: row["edited_by"], createdBy: row["created_by"], createdAt: row["created_at"])
    }

    /// The masks of an instance (deleted ones included, for the record), by frame.
    public func masks(instance id: Int64) throws -> [MaskRecord] {
        try read("reading masks") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mask WHERE instance_id = ? ORDER BY frame, id", arguments: [id]).map(Self.mask)
        }
    }

    /// The mask with this id.
    public func mask(id: Int64) throws -> MaskRecord? {
        try read("reading a mask") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mask WHERE id = ?", arguments: [id]).map(Self.mask)
        }
    }

    /// The masks painted into the output at commit (accepted or approved) of an instance.
    public func appliedMasks(instance id: Int64) throws -> [MaskRecord] {
        try masks(instance: id).filter { $0.status.isApplied }
    }

    static func overrideRecord(_ row: Row) -> OverrideRecord {
        OverrideRecord(
            id: row["id"], instanceID: row["instance_id"], subject: row["subject"], payload: row["payload"],
            reason: row["reason"], status: OverrideStatus(rawValue: row["status"]) ?? .awaitingCurator,
            createdBy: row["created_by"], createdAt: row["created_at"])
    }

    /// The overrides of an instance.
    public func overrides(instance id: Int64) throws -> [OverrideRecord] {
        try read("reading overrides") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM override WHERE instance_id = ? ORDER BY id", arguments: [id]).map(Self.overrideRecord)
        }
    }

    /// Counts per state and modality, findings per class, masks and overrides per status.
    public func statistics() throws -> BatchStatistics {
        try read("counting") { db in
            var byState: [InstanceState: Int] = [:]
            var byModality: [String: [InstanceState: Int]] = [:]
            var total = 0
            for row in try Row.fetchAll(db, sql: "SELECT modality, state, COUNT(*) AS n FROM instance GROUP BY modality, state") {
                guard let s = InstanceState(rawValue: row["state"]) else { continue }
                let n: Int = row["n"]
                byState[s, default: 0] += n
                byModality[row["modality"], default: [:]][s, default: 0] += n
                total += n
            }
            var findings: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT class, COUNT(*) AS n FROM finding GROUP BY class") {
                findings[row["class"]] = row["n"]
            }
            var masks: [MaskStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM mask GROUP BY status") {
                if let s = MaskStatus(rawValue: row["status"]) { masks[s] = row["n"] }
            }
            var overrides: [OverrideStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM override GROUP BY status") {
                if let s = OverrideStatus(rawValue: row["status"]) { overrides[s] = row["n"] }
            }
            let roles = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM role") ?? 0
            let decisions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decision") ?? 0
            return BatchStatistics(
                total: total, byState: byState, byModality: byModality, findingsByClass: findings, masksByStatus: masks,
                overridesByStatus: overrides, mode: roles == 0 ? .singlePerson : .roles, decisions: decisions)
        }
    }
}

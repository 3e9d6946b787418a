import Foundation
import GRDB

/// Size and hash of a scanned file, for resuming a scan and for detecting changed files.
public struct ScannedFile: Sendable, Hashable {
    public var instanceID: Int64
    public var size: Int64
    public var sha256: String
    public var state: InstanceState
}

/// How a file on disk compares with what was scanned.
public enum FileCheck: Sendable, Hashable {
    /// The hash matches the scanned one.
    case unchanged
    /// The file differs from the scanned one (its scanned hash is given): refuse or re-scan.
    case changed(scannedSHA256: String)
    /// The path was never scanned.
    case unknown
}

extension BatchStore {
    /// Stores one scanned file with its planned actions, findings and proposed masks in one transaction.
    ///
    /// Keyed by relative path: the same path and hash again changes nothing (a resumed scan never
    /// duplicates rows); the same path with another hash replaces the old instance and everything
    /// attached to it. The state comes from `policy` (or `quarantined` when the record says so).
    @discardableResult
    public func upsertScanned(_ record: ScanRecord, policy: ReviewPolicy = .standard) throws -> UpsertOutcome {
        try upsertScanned([record], policy: policy)[0]
    }

    /// Stores several scanned files in ONE transaction (all or none), as `upsertScanned(_:policy:)`.
    /// Batching a few dozen files per transaction makes a scan faster.
    @discardableResult
    public func upsertScanned(_ records: [ScanRecord], policy: ReviewPolicy = .standard) throws -> [UpsertOutcome] {
        for r in records {
            guard !r.path.isEmpty, !r.path.hasPrefix("/") else {
                throw ReviewStoreError(.invalidInput, "a scanned path must be relative to the batch input: \(r.path)")
            }
            guard r.sha256.count == 64 else {
                throw ReviewStoreError(.invalidInput, "expected the 64 hex digits of a SHA-256", file: r.path)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let now = Timestamp.now()
        return try write("storing scanned files") { db in
            var outcomes: [UpsertOutcome] = []
            var changed = false
            for r in records {
                var old: Int64? = nil
                if let row = try Row.fetchOne(db, sql: "SELECT id, sha256 FROM instance WHERE path = ?", arguments: [r.path]) {
                    let id: Int64 = row["id"]
                    if (row["sha256"] as String) == r.sha256 {
                        outcomes.append(.unchanged(id))
                        continue
                    }
                    try db.execute(sql: "DELETE FROM instance WHERE id = ?", arguments: [id])
                    old = id
                }
                let id = try Self.insert(r, policy: policy, now: now, encoder: encoder, db: db)
                outcomes.append(old.map { .replaced(old: $0, new: id) } ?? .inserted(id))
                changed = true
            }
            if changed { try Self.bumpRevision(db) }
            return outcomes
        }
    }

    private static func insert(_ r: ScanRecord, policy: ReviewPolicy, now: String, encoder: JSONEncoder, db: Database) throws -> Int64 {
        let state: InstanceState
        var reasons: [ReviewReason] = []
        if r.quarantineReason != nil {
            state = .quarantined
        } else {
            let a = policy.assess(r.signals)
            state = a.state
            reasons = a.reasons
        }
        try db.cachedStatement(sql: """
            INSERT INTO instance (path, size, sha256, patient_id, study_uid, series_uid, sop_uid,
                pseudo_patient_id, pseudo_study_uid, pseudo_series_uid, pseudo_sop_uid, instance_number,
                modality, rows, columns, frames, transfer_syntax, state, review_reasons, quarantine_reason,
                finding_count, scanned_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                r.path, r.size, r.sha256, r.original.patientID, r.original.studyUID, r.original.seriesUID, r.original.sopUID,
                r.pseudonymous.patientID, r.pseudonymous.studyUID, r.pseudonymous.seriesUID, r.pseudonymous.sopUID,
                r.instanceNumber, r.modality, r.rows, r.columns, r.frames, r.transferSyntax, state.rawValue,
                reasons.map(\.rawValue).joined(separator: ","), r.quarantineReason, r.findings.count, now,
            ])
        let id = db.lastInsertedRowID
        if !r.actions.isEmpty {
            let rows: [[String?]] = r.actions.map { [$0.path, $0.keyword, $0.vr, $0.action, $0.old, $0.new, $0.rule] }
            let json = String(decoding: try encoder.encode(rows), as: UTF8.self)
            try db.cachedStatement(sql: "INSERT INTO planned_actions (instance_id, actions) VALUES (?, ?)")
                .execute(arguments: [id, json])
        }
        var findingIDs: [Int64] = []
        let insertFinding = try db.cachedStatement(sql: """
            INSERT INTO finding (instance_id, frame, x, y, w, h, text, confidence, class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for f in r.findings {
            try insertFinding.execute(arguments: [
                id, f.frame, f.rect.x, f.rect.y, f.rect.width, f.rect.height, f.text, f.confidence, f.findingClass,
            ])
            findingIDs.append(db.lastInsertedRowID)
        }
        let insertMask = try db.cachedStatement(sql: """
            INSERT INTO mask (instance_id, finding_id, frame, x, y, w, h, origin, status, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', 'proposed', 'scan', ?)
            """)
        for m in r.proposedMasks {
            let fid = m.findingIndex.flatMap { findingIDs.indices.contains($0) ? findingIDs[$0] : nil }
            try insertMask.execute(arguments: [id, fid, m.frame, m.rect.x, m.rect.y, m.rect.width, m.rect.height, now])
        }
        return id
    }

    /// Every scanned path with its size, hash and state, so a resumed scan skips finished files
    /// (and re-scans those whose hash changed).
    public func scannedFiles() throws -> [String: ScannedFile] {
        try read("listing scanned files") { db in
            var out: [String: ScannedFile] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, path, size, sha256, state FROM instance")
            while let row = try rows.next() {
                out[row["path"]] = ScannedFile(
                    instanceID: row["id"], size: row["size"], sha256: row["sha256"],
                    state: InstanceState(rawValue: row["state"]) ?? .quarantined)
            }
            return out
        }
    }

    /// The scanned paths.
    public func scannedPaths() throws -> Set<String> { Set(try scannedFiles().keys) }

    /// Compares a file's current hash with the scanned one.
    public func verifyUnchanged(path: String, sha256: String) throws -> FileCheck {
        let stored = try read("reading a file hash") { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM instance WHERE path = ?", arguments: [path])
        }
        guard let stored else { return .unknown }
        return stored == sha256 ? .unchanged : .changed(scannedSHA256: stored)
    }

    /// Removes a path (gone from the input) with everything attached to it. Returns false when absent.
    @discardableResult
    public func removeScanned(path: String) throws -> Bool {
        try write("removing a scanned file") { db in
            try db.execute(sql: "DELETE FROM instance WHERE path = ?", arguments: [path])
            let removed = db.changesCount > 0
            if removed { try Self.bumpRevision(db) }
            return removed
        }
    }
}

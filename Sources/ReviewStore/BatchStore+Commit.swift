import Foundation
import GRDB

/// What stops a commit. Empty when the batch may be committed.
public struct CommitBlockers: Sendable, Hashable {
    /// Instances still `needs-review` (total), and the first few of them in browser order.
    public var needsReviewCount: Int
    public var needsReview: [InstanceSummary]
    /// Mask edits and overrides awaiting a curator.
    public var masksAwaitingCurator: [MaskRecord]
    public var overridesAwaitingCurator: [OverrideRecord]
    /// Proposed masks nobody accepted or rejected, on instances that would be exported.
    public var undecidedProposedMaskCount: Int
    public var undecidedProposedMasks: [MaskRecord]

    public var isEmpty: Bool {
        needsReviewCount == 0 && masksAwaitingCurator.isEmpty && overridesAwaitingCurator.isEmpty && undecidedProposedMaskCount == 0
    }
}

/// One output file of a commit.
public struct CommittedOutput: Sendable, Hashable {
    public var instanceID: Int64
    /// Relative path of the input (the output keeps the layout the pipeline chose).
    public var path: String
    public var inputSHA256: String
    public var outputSHA256: String

    public init(instanceID: Int64, path: String, inputSHA256: String, outputSHA256: String) {
        self.instanceID = instanceID
        self.path = path
        self.inputSHA256 = inputSHA256
        self.outputSHA256 = outputSHA256
    }
}

/// A recorded commit.
public struct CommitRecord: Sendable, Hashable {
    public var id: Int64
    public var committedAt: String
    public var operatorName: String
    public var auditEntryHash: String
    /// The batch revision committed; a later scan or decision makes the commit stale.
    public var revision: Int
    public var outputCount: Int
}

extension BatchStore {
    /// What blocks a commit; lists at most `sampleLimit` of each kind (counts are complete).
    public func commitBlockers(sampleLimit: Int = 50) throws -> CommitBlockers {
        try read("listing commit blockers") { db in try Self.blockers(db, sampleLimit: min(max(0, sampleLimit), 100_000)) }
    }

    static func blockers(_ db: Database, sampleLimit: Int) throws -> CommitBlockers {
        let needs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM instance WHERE state = 'needs-review'") ?? 0
        let sample = try Row.fetchAll(
            db, sql: "SELECT \(instanceColumns) FROM instance WHERE state = 'needs-review' ORDER BY \(browserOrder) LIMIT ?",
            arguments: [sampleLimit]
        ).map(summary)
        let masks = try Row.fetchAll(db, sql: "SELECT * FROM mask WHERE status = 'awaiting-curator' ORDER BY id").map(mask)
        let overrides = try Row.fetchAll(db, sql: "SELECT * FROM override WHERE status = 'awaiting-curator' ORDER BY id").map(overrideRecord)
        let undecidedWhere = """
            FROM mask JOIN instance ON instance.id = mask.instance_id
            WHERE mask.status = 'proposed' AND instance.state IN ('auto-clear', 'approved')
            """
        let undecided = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(undecidedWhere)") ?? 0
        let undecidedSample = try Row.fetchAll(db, sql: "SELECT mask.* \(undecidedWhere) ORDER BY mask.id LIMIT ?", arguments: [sampleLimit])
            .map(mask)
        return CommitBlockers(
            needsReviewCount: needs, needsReview: sample, masksAwaitingCurator: masks, overridesAwaitingCurator: overrides,
            undecidedProposedMaskCount: undecided, undecidedProposedMasks: undecidedSample)
    }

    /// The instances a commit writes (`auto-clear` and `approved`), in browser order, one page at a time.
    public func committableInstances(after cursor: InstanceCursor? = nil, limit: Int = 1000) throws -> InstancePage {
        try instances(matching: InstanceFilter(states: [.autoClear, .approved]), after: cursor, limit: limit)
    }

    /// Records a commit: the output hash of every committable instance and the audit entry's hash.
    ///
    /// Refused while anything blocks commit, when `operatorName` may not commit (roles mode), when an
    /// output names an instance that is not committable, or when a committable instance has no output.
    /// One transaction; the batch revision is stored so export can refuse a batch changed since.
    @discardableResult
    public func markCommitted(outputs: [(instanceID: Int64, outputSHA256: String)], auditEntryHash: String, operator operatorName: String) throws -> CommitRecord {
        try Self.validate(name: operatorName)
        return try write("recording the commit") { db in
            try Self.authorize(operatorName, .commit, db)
            let blockers = try Self.blockers(db, sampleLimit: 5)
            guard blockers.isEmpty else {
                throw ReviewStoreError(
                    .refused,
                    "the batch cannot be committed: \(blockers.needsReviewCount) need review, "
                        + "\(blockers.masksAwaitingCurator.count + blockers.overridesAwaitingCurator.count) edits await a curator, "
                        + "\(blockers.undecidedProposedMaskCount) proposed masks are undecided")
            }
            var expected: [Int64: (path: String, sha: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, path, sha256 FROM instance WHERE state IN ('auto-clear', 'approved')") {
                expected[row["id"]] = (row["path"], row["sha256"])
            }
            var seen = Set<Int64>()
            for o in outputs {
                guard expected[o.instanceID] != nil else {
                    throw ReviewStoreError(.refused, "instance \(o.instanceID) is not approved or auto-clear and cannot be committed")
                }
                guard o.outputSHA256.count == 64, seen.insert(o.instanceID).inserted else {
                    throw ReviewStoreError(.invalidInput, "output of instance \(o.instanceID) is listed twice or its SHA-256 is malformed")
                }
            }
            if let missing = expected.keys.first(where: { !seen.contains($0) }), let e = expected[missing] {
                throw ReviewStoreError(.refused, "no output was given for the committable instance \(missing)", file: e.path)
            }
            let revision = try Self.revision(db)
            let now = Timestamp.now()
            try db.execute(
                sql: "INSERT INTO batch_commit (committed_at, operator, audit_entry_hash, revision) VALUES (?, ?, ?, ?)",
                arguments: [now, operatorName, auditEntryHash, revision])
            let id = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: """
                INSERT INTO committed_output (commit_id, instance_id, path, input_sha256, output_sha256) VALUES (?, ?, ?, ?, ?)
                """)
            for o in outputs {
                guard let e = expected[o.instanceID] else { continue }
                try insert.execute(arguments: [id, o.instanceID, e.path, e.sha, o.outputSHA256])
            }
            return CommitRecord(
                id: id, committedAt: now, operatorName: operatorName, auditEntryHash: auditEntryHash, revision: revision,
                outputCount: outputs.count)
        }
    }

    /// The most recent commit, or nil.
    public func latestCommit() throws -> CommitRecord? {
        try read("reading the commit") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM batch_commit ORDER BY id DESC LIMIT 1") else { return nil }
            let id: Int64 = row["id"]
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM committed_output WHERE commit_id = ?", arguments: [id]) ?? 0
            return CommitRecord(
                id: id, committedAt: row["committed_at"], operatorName: row["operator"], auditEntryHash: row["audit_entry_hash"],
                revision: row["revision"], outputCount: n)
        }
    }

    /// The outputs of a commit (the latest by default), by path.
    public func committedOutputs(commit id: Int64? = nil) throws -> [CommittedOutput] {
        try read("reading committed outputs") { db in
            guard let cid = try id ?? Int64.fetchOne(db, sql: "SELECT MAX(id) FROM batch_commit") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM committed_output WHERE commit_id = ? ORDER BY path", arguments: [cid]).map {
                CommittedOutput(instanceID: $0["instance_id"], path: $0["path"], inputSHA256: $0["input_sha256"], outputSHA256: $0["output_sha256"])
            }
        }
    }

    /// True when a scan or decision happened after the latest commit (or nothing was committed).
    public func changedSinceCommit() throws -> Bool {
        guard let c = try latestCommit() else { return true }
        return try revision() != c.revision
    }

    /// Everything export needs, or a refusal: `operatorName` must hold the exporter role (roles
    /// mode), the batch must be committed, and nothing may have changed since the commit.
    public func exportPlan(operator operatorName: String) throws -> (commit: CommitRecord, outputs: [CommittedOutput]) {
        try authorize(operatorName, for: .export)
        guard let c = try latestCommit() else { throw ReviewStoreError(.refused, "the batch has not been committed") }
        let now = try revision()
        guard now == c.revision else {
            throw ReviewStoreError(.refused, "the batch changed after commit \(c.id) (\(now - c.revision) scans or decisions since); commit again")
        }
        return (c, try committedOutputs(commit: c.id))
    }
}

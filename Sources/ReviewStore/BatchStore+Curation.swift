import GRDB

/// What a curator's pass over one instance did (see `BatchStore.curatePending`).
public struct CurationOutcome: Sendable, Hashable {
    /// Mask edits and overrides decided.
    public var masks: Int
    public var overrides: Int
    /// Pending edits left alone because `who` made them (a curator never decides their own edit).
    public var ownEdits: Int
}

extension BatchStore {
    /// How many edits wait for a curator on each of these instances (mask edits plus overrides).
    public func pendingEditCounts(among ids: [Int64]) throws -> [Int64: Int] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let sql = """
            SELECT instance_id, COUNT(*) AS n FROM (
                SELECT instance_id FROM mask WHERE status = 'awaiting-curator' AND instance_id IN (\(marks))
                UNION ALL
                SELECT instance_id FROM override WHERE status = 'awaiting-curator' AND instance_id IN (\(marks)))
            GROUP BY instance_id
            """
        return try read("counting edits awaiting a curator") { db in
            var out: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(ids + ids)) {
                out[row["instance_id"]] = row["n"]
            }
            return out
        }
    }

    /// Approved instances that carry an approved override: the workstation counts them as
    /// "overridden" rather than plainly approved.
    public func overriddenInstanceCount() throws -> Int {
        try read("counting overridden instances") { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM instance
                WHERE state = 'approved'
                  AND id IN (SELECT instance_id FROM override WHERE status = 'approved')
                """) ?? 0
        }
    }

    /// A curator approves (or turns down) every edit on an instance that waits for a curator and
    /// that someone else made, each as its own signed decision. Edits `who` made are left for
    /// another curator and counted in `ownEdits`. Throws when nothing was decided, saying why.
    @discardableResult
    public func curatePending(instance id: Int64, approve: Bool, by who: Reviewer, reason: String = "") throws -> CurationOutcome {
        let singlePerson = try roles().isEmpty
        var outcome = CurationOutcome(masks: 0, overrides: 0, ownEdits: 0)
        for mask in try masks(instance: id) where mask.status == .awaitingCurator {
            if !singlePerson && (mask.editedBy ?? mask.createdBy) == who.name {
                outcome.ownEdits += 1
                continue
            }
            if approve { try curatorApprove(.mask(mask.id), by: who, reason: reason) } else { try curatorReject(.mask(mask.id), by: who, reason: reason) }
            outcome.masks += 1
        }
        for o in try overrides(instance: id) where o.status == .awaitingCurator {
            if !singlePerson && o.createdBy == who.name {
                outcome.ownEdits += 1
                continue
            }
            if approve { try curatorApprove(.override(o.id), by: who, reason: reason) } else { try curatorReject(.override(o.id), by: who, reason: reason) }
            outcome.overrides += 1
        }
        if outcome.masks + outcome.overrides == 0 {
            if outcome.ownEdits > 0 {
                throw ReviewStoreError(.notPermitted, "\(who.name) made the \(outcome.ownEdits == 1 ? "edit" : "\(outcome.ownEdits) edits") waiting on this instance; another curator must decide")
            }
            throw ReviewStoreError(.invalidState, "no edit on this instance is waiting for a curator")
        }
        return outcome
    }
}

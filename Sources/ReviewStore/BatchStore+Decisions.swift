import Foundation
import GRDB

/// What a decision's body reports back to the recording machinery.
struct DecisionEffect {
    var target: String
    var instanceID: Int64?
    var payload: [String: PayloadValue] = [:]
    /// Replaces the kind given to `decide` when the body learns it only from the rows (move or resize).
    var kind: DecisionKind? = nil
}

/// A problem found when re-verifying stored decisions.
public struct DecisionIssue: Sendable, Hashable, CustomStringConvertible {
    public var decisionID: Int64
    public var problem: String
    public var description: String { "decision \(decisionID): \(problem)" }
}

extension BatchStore {
    /// Records one decision in one IMMEDIATE transaction: checks the person's permission (roles mode),
    /// applies `body`, signs the canonical message, verifies the signature against the registered key
    /// and stores the decision with its undo data. Anything that fails rolls the whole decision back.
    func decide(
        _ who: Reviewer, kind: DecisionKind, scope: DecisionScope, permission: Permission, reason: String,
        _ body: (Database, DecisionMode, inout UndoLog) throws -> DecisionEffect
    ) throws -> Decision {
        try Self.validate(name: who.name)
        let batchID = self.batchID
        return try write("recording a \(kind.rawValue) decision") { db in
            let mode = try Self.mode(db)
            var registered: [UInt8]? = nil
            if mode == .roles {
                try Self.authorize(who.name, permission, db)
                registered = try Self.registeredKey(who.name, db)
                guard who.signer != nil else {
                    throw ReviewStoreError(.badSignature, "roles are configured: \(who.name)'s decisions must be signed with their key")
                }
            }
            var undo = UndoLog()
            let effect = try body(db, mode, &undo)
            undo.touched = Array(Set(undo.touched)).sorted()
            let kind = effect.kind ?? kind
            let message = DecisionMessage(
                batchID: batchID, scope: scope, target: effect.target, kind: kind, reviewer: who.name,
                time: Timestamp.now(), reason: reason, payload: try PayloadValue.json(effect.payload), mode: mode)
            var signature: [UInt8]? = nil
            var signerKey: [UInt8]? = nil
            if let signer = who.signer {
                let bytes = message.canonicalBytes
                let sig = try signer.signature(for: bytes)
                let key = registered ?? signer.publicKey
                guard DecisionKeys.verify(signature: sig, message: bytes, publicKey: key) else {
                    throw ReviewStoreError(
                        .badSignature,
                        "the signature of \(who.name)'s \(kind.rawValue) decision does not verify against "
                            + "\(mode == .roles ? "their registered key" : "the signer's key") \(DecisionKeys.fingerprint(key))")
                }
                signature = sig
                signerKey = key
            }
            try db.execute(
                sql: """
                    INSERT INTO decision (batch_id, scope, target, instance_id, kind, reviewer, time, reason, payload, mode,
                        signature, signer_key, signer_fingerprint, undo)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    message.batchID, scope.rawValue, message.target, effect.instanceID, kind.rawValue, who.name, message.time,
                    reason, message.payload, mode.rawValue, signature.map { Data($0) }, signerKey.map { Data($0) },
                    signerKey.map(DecisionKeys.fingerprint), try undo.encoded(),
                ])
            let id = db.lastInsertedRowID
            try Self.bumpRevision(db)
            return Decision(
                id: id, message: message, instanceID: effect.instanceID, signature: signature, signerPublicKey: signerKey,
                signerFingerprint: signerKey.map(DecisionKeys.fingerprint), undone: false)
        }
    }

    static func decision(_ row: Row) -> Decision {
        let sig = (row["signature"] as Data?).map { Array($0) }
        let key = (row["signer_key"] as Data?).map { Array($0) }
        return Decision(
            id: row["id"],
            message: DecisionMessage(
                batchID: row["batch_id"], scope: DecisionScope(rawValue: row["scope"]) ?? .batch, target: row["target"],
                kind: DecisionKind(rawValue: row["kind"]) ?? .override, reviewer: row["reviewer"], time: row["time"],
                reason: row["reason"], payload: row["payload"], mode: DecisionMode(rawValue: row["mode"]) ?? .roles),
            instanceID: row["instance_id"], signature: sig, signerPublicKey: key, signerFingerprint: row["signer_fingerprint"],
            undone: (row["undone"] as Int) != 0)
    }

    static let decisionColumns = """
        id, batch_id, scope, target, instance_id, kind, reviewer, time, reason, payload, mode, signature, signer_key,
        signer_fingerprint, undone
        """

    /// Decisions in the order they were taken, optionally only those about one instance.
    public func decisions(instance: Int64? = nil, after id: Int64 = 0, limit: Int = 10_000) throws -> [Decision] {
        let limit = min(max(0, limit), 1_000_000)
        return try read("listing decisions") { db in
            if let instance {
                return try Row.fetchAll(
                    db, sql: "SELECT \(Self.decisionColumns) FROM decision WHERE instance_id = ? AND id > ? ORDER BY id LIMIT ?",
                    arguments: [instance, id, limit]
                ).map(Self.decision)
            }
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.decisionColumns) FROM decision WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]
            ).map(Self.decision)
        }
    }

    /// The id of the latest decision, or 0 when there is none.
    public func lastDecisionID() throws -> Int64 {
        try read("reading the latest decision") { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM decision") ?? 0 }
    }

    /// Re-verifies every stored decision: each signature against its recorded key, that key against the
    /// person's registered key (roles mode) and the batch id. Unsigned single-person decisions are
    /// reported only when `requireSignatures`. Returns the problems found (empty when all verify).
    public func verifyDecisions(requireSignatures: Bool = false) throws -> [DecisionIssue] {
        try read("verifying decisions") { db in
            var issues: [DecisionIssue] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.decisionColumns) FROM decision ORDER BY id")
            while let row = try rows.next() {
                let d = Self.decision(row)
                if d.message.batchID != batchID {
                    issues.append(DecisionIssue(decisionID: d.id, problem: "it names another batch (\(d.message.batchID))"))
                }
                guard let sig = d.signature, let key = d.signerPublicKey else {
                    if d.mode == .roles || requireSignatures {
                        issues.append(DecisionIssue(decisionID: d.id, problem: "it is not signed"))
                    }
                    continue
                }
                if !DecisionKeys.verify(signature: sig, message: d.message.canonicalBytes, publicKey: key) {
                    issues.append(DecisionIssue(decisionID: d.id, problem: "its signature does not verify"))
                }
                if d.mode == .roles, let registered = try Self.registeredKey(d.reviewer, db), registered != key {
                    issues.append(DecisionIssue(
                        decisionID: d.id,
                        problem: "signed with key \(DecisionKeys.fingerprint(key)), not \(d.reviewer)'s registered key \(DecisionKeys.fingerprint(registered))"))
                }
            }
            return issues
        }
    }

    // MARK: undo

    /// Undoes `who`'s most recent decision that is not yet undone, restoring the rows it changed, and
    /// records the undo as a signed decision of its own. Refused (`.conflict`) when someone else has
    /// since decided on the same instances.
    @discardableResult
    public func undoLast(by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .undo, scope: .decision, permission: .review, reason: reason) { db, _, _ in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id, undo FROM decision WHERE reviewer = ? AND undone = 0 AND kind != 'undo' ORDER BY id DESC LIMIT 1",
                arguments: [who.name])
            else {
                throw ReviewStoreError(.notFound, "\(who.name) has no decision to undo")
            }
            let id: Int64 = row["id"]
            guard let log = UndoLog.decode(row["undo"]) else {
                throw ReviewStoreError(.database, "decision \(id) has unreadable undo data", file: path)
            }
            let mine = Set(log.touched)
            let later = try Row.fetchAll(
                db, sql: "SELECT id, reviewer, undo FROM decision WHERE id > ? AND undone = 0 AND kind != 'undo'", arguments: [id])
            for l in later {
                if let other = UndoLog.decode(l["undo"]), !mine.isDisjoint(with: other.touched) {
                    let by: String = l["reviewer"]
                    throw ReviewStoreError(.conflict, "decision \(id) cannot be undone: decision \(l["id"] as Int64) by \(by) changed the same instances since")
                }
            }
            try Self.restore(log, db)
            try db.execute(sql: "UPDATE decision SET undone = 1 WHERE id = ?", arguments: [id])
            return DecisionEffect(target: "decision:\(id)", instanceID: nil, payload: ["decision": .int(id)])
        }
    }

    static func restore(_ log: UndoLog, _ db: Database) throws {
        // Masks created by the decision go first, then the earlier images come back.
        for m in log.masks.reversed() {
            if m.existed {
                try db.execute(
                    sql: "UPDATE mask SET frame = ?, x = ?, y = ?, w = ?, h = ?, origin = ?, status = ?, pending = ?, edited_by = ?, prior = ? WHERE id = ?",
                    arguments: [m.frame, m.x, m.y, m.w, m.h, m.origin, m.status, m.pending, m.editedBy, m.prior, m.id])
            } else {
                try db.execute(sql: "DELETE FROM mask WHERE id = ?", arguments: [m.id])
            }
        }
        for o in log.overrides.reversed() {
            if o.existed {
                try db.execute(sql: "UPDATE override SET status = ? WHERE id = ?", arguments: [o.status, o.id])
            } else {
                try db.execute(sql: "DELETE FROM override WHERE id = ?", arguments: [o.id])
            }
        }
        let update = try db.cachedStatement(sql: "UPDATE instance SET state = ? WHERE id = ?")
        for s in log.states.reversed() {
            try update.execute(arguments: [s.from, s.id])
        }
    }
}

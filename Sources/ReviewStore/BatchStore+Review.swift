import DicomCore
import Foundation
import GRDB

extension BatchStore {
    // MARK: instances, series, studies

    /// Approves an instance, or every processable instance of a series or study. No curator needed.
    @discardableResult
    public func approve(_ target: ReviewTarget, by who: Reviewer, reason: String = "") throws -> Decision {
        try setState(.approved, target, kind: .approve, who, reason)
    }

    /// Rejects an instance, or every processable instance of a series or study: never exported.
    @discardableResult
    public func reject(_ target: ReviewTarget, by who: Reviewer, reason: String = "") throws -> Decision {
        try setState(.rejected, target, kind: .reject, who, reason)
    }

    private func setState(_ state: InstanceState, _ target: ReviewTarget, kind: DecisionKind, _ who: Reviewer, _ reason: String) throws -> Decision {
        let scope: DecisionScope
        switch target {
        case .instance: scope = .instance
        case .series: scope = .series
        case .study: scope = .study
        }
        return try decide(who, kind: kind, scope: scope, permission: .review, reason: reason) { db, _, undo in
            switch target {
            case .instance(let id):
                let i = try Self.instanceRow(id, db)
                guard i.state != .quarantined else {
                    throw ReviewStoreError(.invalidState, "a quarantined instance cannot be \(state.rawValue): \(i.quarantineReason ?? "")", file: i.path)
                }
                try Self.change(i.id, from: i.state, to: state, &undo, db)
                return DecisionEffect(target: Self.instanceTarget(i), instanceID: i.id)
            case .series(let uid), .study(let uid):
                let column = scope == .series ? "series_uid" : "study_uid"
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, state FROM instance WHERE \(column) = ? AND state != 'quarantined' ORDER BY id", arguments: [uid])
                guard !rows.isEmpty else {
                    throw ReviewStoreError(.notFound, "no processable instance in \(scope.rawValue) \(uid)")
                }
                for r in rows {
                    try Self.change(r["id"], from: InstanceState(rawValue: r["state"]) ?? .needsReview, to: state, &undo, db)
                }
                return DecisionEffect(target: "\(scope.rawValue):\(uid)", payload: ["instances": .int(Int64(rows.count))])
            }
        }
    }

    /// `decide --approve-all [--accept-proposed]`: approves every `needs-review` instance and, with
    /// `acceptProposed`, accepts every still-proposed mask of instances not rejected or quarantined.
    /// Recorded as exactly that: one decision with the counts.
    @discardableResult
    public func approveAllNeedingReview(acceptProposed: Bool, by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .approveAll, scope: .batch, permission: .review, reason: reason) { db, _, undo in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM instance WHERE state = 'needs-review' ORDER BY id")
            for id in ids { try Self.change(id, from: .needsReview, to: .approved, &undo, db) }
            var accepted: Int64 = 0
            if acceptProposed {
                let masks = try Row.fetchAll(db, sql: """
                    SELECT mask.* FROM mask JOIN instance ON instance.id = mask.instance_id
                    WHERE mask.status = 'proposed' AND instance.state NOT IN ('rejected', 'quarantined') ORDER BY mask.id
                    """)
                for m in masks {
                    try Self.snapshot(m, &undo)
                    try db.execute(sql: "UPDATE mask SET status = 'accepted' WHERE id = ?", arguments: [m["id"] as Int64])
                    accepted += 1
                }
            }
            return DecisionEffect(
                target: "batch",
                payload: ["acceptProposed": .bool(acceptProposed), "approved": .int(Int64(ids.count)), "acceptedMasks": .int(accepted)])
        }
    }

    // MARK: masks

    /// Accepts a proposed mask: it will be applied. No curator needed.
    @discardableResult
    public func acceptMask(_ maskID: Int64, by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .acceptMask, scope: .mask, permission: .review, reason: reason) { db, _, undo in
            let (m, i) = try Self.maskRow(maskID, db)
            guard m["status"] as String == MaskStatus.proposed.rawValue else {
                throw ReviewStoreError(.invalidState, "mask \(maskID) is \(m["status"] as String), not proposed", file: i.path)
            }
            try Self.snapshot(m, &undo)
            try db.execute(sql: "UPDATE mask SET status = 'accepted' WHERE id = ?", arguments: [maskID])
            return DecisionEffect(target: Self.maskTarget(maskID, i), instanceID: i.id)
        }
    }

    /// Rejects a proposed (or accepted) mask. With roles, a mask edit: it awaits a different curator.
    @discardableResult
    public func rejectMask(_ maskID: Int64, by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .rejectMask, scope: .mask, permission: .review, reason: reason) { db, mode, undo in
            let (m, i) = try Self.maskRow(maskID, db)
            let status: String = m["status"]
            guard status == MaskStatus.proposed.rawValue || status == MaskStatus.accepted.rawValue else {
                throw ReviewStoreError(.invalidState, "mask \(maskID) is \(status); only a proposed or accepted mask can be rejected", file: i.path)
            }
            try Self.snapshot(m, &undo)
            if mode == .roles {
                try Self.markPending(m, .reject, by: who.name, db)
            } else {
                try db.execute(sql: "UPDATE mask SET status = 'rejected' WHERE id = ?", arguments: [maskID])
            }
            return DecisionEffect(target: Self.maskTarget(maskID, i), instanceID: i.id)
        }
    }

    /// Draws a manual mask. Applied at once in single-person mode; with roles it awaits a curator.
    /// The new mask's id is in the decision payload (`mask`).
    @discardableResult
    public func addMask(instance id: Int64, frame: Int, rect: PixelRect, by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .addMask, scope: .instance, permission: .review, reason: reason) { db, mode, undo in
            let i = try Self.instanceRow(id, db)
            try Self.check(rect, frame: frame, in: i)
            let roles = mode == .roles
            try db.execute(
                sql: """
                    INSERT INTO mask (instance_id, frame, x, y, w, h, origin, status, pending, edited_by, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, frame, rect.x, rect.y, rect.width, rect.height,
                    roles ? MaskStatus.awaitingCurator.rawValue : MaskStatus.approved.rawValue,
                    roles ? PendingEdit.manual.rawValue : nil, who.name, who.name, Timestamp.now(),
                ])
            let maskID = db.lastInsertedRowID
            undo.masks.append(UndoLog.MaskImage(id: maskID, existed: false))
            undo.touched.append(id)
            return DecisionEffect(
                target: Self.instanceTarget(i), instanceID: id,
                payload: ["mask": .int(maskID), "frame": .int(Int64(frame)), "rect": .rect(rect)])
        }
    }

    /// Moves or resizes a mask (recorded as `move-mask` when the size is unchanged, else
    /// `resize-mask`). The mask becomes manual; with roles it awaits a curator.
    @discardableResult
    public func reshapeMask(_ maskID: Int64, to rect: PixelRect, by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .resizeMask, scope: .mask, permission: .review, reason: reason) { db, mode, undo in
            let (m, i) = try Self.maskRow(maskID, db)
            let status: String = m["status"]
            guard status != MaskStatus.deleted.rawValue, status != MaskStatus.rejected.rawValue else {
                throw ReviewStoreError(.invalidState, "mask \(maskID) is \(status)", file: i.path)
            }
            try Self.check(rect, frame: m["frame"], in: i)
            try Self.snapshot(m, &undo)
            try db.execute(
                sql: "UPDATE mask SET x = ?, y = ?, w = ?, h = ?, origin = 'manual' WHERE id = ?",
                arguments: [rect.x, rect.y, rect.width, rect.height, maskID])
            if mode == .roles {
                try Self.markPending(m, .manual, by: who.name, db)
            } else {
                try db.execute(sql: "UPDATE mask SET status = 'approved', pending = NULL, prior = NULL WHERE id = ?", arguments: [maskID])
            }
            let old = PixelRect(x: m["x"], y: m["y"], width: m["w"], height: m["h"])
            return DecisionEffect(
                target: Self.maskTarget(maskID, i), instanceID: i.id, payload: ["from": .rect(old), "to": .rect(rect)],
                kind: old.width == rect.width && old.height == rect.height ? .moveMask : .resizeMask)
        }
    }

    /// Deletes a mask. With roles, deleting a mask in effect (or a proposal) awaits a curator; a
    /// person's own manual mask that never took effect is simply withdrawn.
    @discardableResult
    public func deleteMask(_ maskID: Int64, by who: Reviewer, reason: String = "") throws -> Decision {
        try decide(who, kind: .deleteMask, scope: .mask, permission: .review, reason: reason) { db, mode, undo in
            let (m, i) = try Self.maskRow(maskID, db)
            let status: String = m["status"]
            guard status != MaskStatus.deleted.rawValue, status != MaskStatus.rejected.rawValue else {
                throw ReviewStoreError(.invalidState, "mask \(maskID) is already \(status)", file: i.path)
            }
            try Self.snapshot(m, &undo)
            let withdrawal = status == MaskStatus.awaitingCurator.rawValue && (m["prior"] as String?) == nil
                && (m["edited_by"] as String?) == who.name && (m["pending"] as String?) == PendingEdit.manual.rawValue
            if mode == .roles && !withdrawal {
                try Self.markPending(m, .delete, by: who.name, db)
            } else {
                try db.execute(sql: "UPDATE mask SET status = 'deleted', pending = NULL, prior = NULL WHERE id = ?", arguments: [maskID])
            }
            return DecisionEffect(target: Self.maskTarget(maskID, i), instanceID: i.id)
        }
    }

    // MARK: overrides

    /// Records an override (an explicit exception, e.g. keeping a tag or approving despite text) with a
    /// required reason. In effect at once in single-person mode; with roles it awaits a curator. The
    /// override's id is in the payload (`override`).
    @discardableResult
    public func override(instance id: Int64, subject: String, details: String = "{}", reason: String, by who: Reviewer) throws -> Decision {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ReviewStoreError(.invalidInput, "an override needs a reason")
        }
        guard !subject.isEmpty else { throw ReviewStoreError(.invalidInput, "an override needs a subject") }
        return try decide(who, kind: .override, scope: .instance, permission: .review, reason: reason) { db, mode, undo in
            let i = try Self.instanceRow(id, db)
            let status: OverrideStatus = mode == .roles ? .awaitingCurator : .approved
            try db.execute(
                sql: "INSERT INTO override (instance_id, subject, payload, reason, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, subject, details, reason, status.rawValue, who.name, Timestamp.now()])
            let oid = db.lastInsertedRowID
            undo.overrides.append(UndoLog.OverrideImage(id: oid, existed: false))
            undo.touched.append(id)
            return DecisionEffect(
                target: Self.instanceTarget(i), instanceID: id,
                payload: ["override": .int(oid), "subject": .string(subject), "details": .string(details)])
        }
    }

    // MARK: curators

    /// A curator approves someone else's pending mask edit or override. Never their own.
    @discardableResult
    public func curatorApprove(_ item: CuratedItem, by who: Reviewer, reason: String = "") throws -> Decision {
        try curate(item, approve: true, who, reason)
    }

    /// A curator turns down someone else's pending edit: a mask goes back to how it was before the
    /// edit (a new manual mask is deleted); an override is rejected.
    @discardableResult
    public func curatorReject(_ item: CuratedItem, by who: Reviewer, reason: String = "") throws -> Decision {
        try curate(item, approve: false, who, reason)
    }

    private func curate(_ item: CuratedItem, approve: Bool, _ who: Reviewer, _ reason: String) throws -> Decision {
        let kind: DecisionKind = approve ? .curatorApprove : .curatorReject
        switch item {
        case .mask(let maskID):
            return try decide(who, kind: kind, scope: .mask, permission: .curate, reason: reason) { db, mode, undo in
                let (m, i) = try Self.maskRow(maskID, db)
                guard m["status"] as String == MaskStatus.awaitingCurator.rawValue,
                    let pending = (m["pending"] as String?).flatMap(PendingEdit.init(rawValue:))
                else {
                    throw ReviewStoreError(.invalidState, "mask \(maskID) is not awaiting a curator", file: i.path)
                }
                let editor: String = (m["edited_by"] as String?) ?? (m["created_by"] as String)
                if mode == .roles && editor == who.name {
                    throw ReviewStoreError(.notPermitted, "\(who.name) made this edit of mask \(maskID) and cannot approve or reject it; another curator must")
                }
                try Self.snapshot(m, &undo)
                if approve {
                    let status: MaskStatus = switch pending {
                    case .manual: .approved
                    case .reject: .rejected
                    case .delete: .deleted
                    }
                    try db.execute(sql: "UPDATE mask SET status = ?, pending = NULL, prior = NULL WHERE id = ?", arguments: [status.rawValue, maskID])
                } else if let prior = (m["prior"] as String?).flatMap(MaskPrior.decode) {
                    try db.execute(
                        sql: "UPDATE mask SET x = ?, y = ?, w = ?, h = ?, origin = ?, status = ?, pending = NULL, prior = NULL WHERE id = ?",
                        arguments: [prior.x, prior.y, prior.w, prior.h, prior.origin, prior.status, maskID])
                } else {
                    try db.execute(sql: "UPDATE mask SET status = 'deleted', pending = NULL WHERE id = ?", arguments: [maskID])
                }
                return DecisionEffect(
                    target: Self.maskTarget(maskID, i), instanceID: i.id,
                    payload: ["edit": .string(pending.rawValue), "editedBy": .string(editor)])
            }
        case .override(let oid):
            return try decide(who, kind: kind, scope: .override, permission: .curate, reason: reason) { db, mode, undo in
                guard let o = try Row.fetchOne(db, sql: "SELECT * FROM override WHERE id = ?", arguments: [oid]) else {
                    throw ReviewStoreError(.notFound, "no override \(oid)")
                }
                let i = try Self.instanceRow(o["instance_id"], db)
                guard o["status"] as String == OverrideStatus.awaitingCurator.rawValue else {
                    throw ReviewStoreError(.invalidState, "override \(oid) is not awaiting a curator", file: i.path)
                }
                let author: String = o["created_by"]
                if mode == .roles && author == who.name {
                    throw ReviewStoreError(.notPermitted, "\(who.name) made override \(oid) and cannot approve or reject it; another curator must")
                }
                undo.overrides.append(UndoLog.OverrideImage(id: oid, existed: true, status: o["status"]))
                undo.touched.append(i.id)
                let status: OverrideStatus = approve ? .approved : .rejected
                try db.execute(sql: "UPDATE override SET status = ? WHERE id = ?", arguments: [status.rawValue, oid])
                return DecisionEffect(
                    target: "override:\(oid)@\(i.path)", instanceID: i.id,
                    payload: ["override": .int(oid), "editedBy": .string(author)])
            }
        }
    }

    /// Mask edits and overrides waiting for a curator, oldest first.
    public func awaitingCurator() throws -> (masks: [MaskRecord], overrides: [OverrideRecord]) {
        try read("listing edits awaiting a curator") { db in
            let masks = try Row.fetchAll(db, sql: "SELECT * FROM mask WHERE status = 'awaiting-curator' ORDER BY id").map(Self.mask)
            let overrides = try Row.fetchAll(db, sql: "SELECT * FROM override WHERE status = 'awaiting-curator' ORDER BY id")
                .map(Self.overrideRecord)
            return (masks, overrides)
        }
    }

    // MARK: helpers

    /// A mask's geometry and status before a pending edit, so a curator's rejection restores it.
    struct MaskPrior: Codable {
        var x: Int, y: Int, w: Int, h: Int
        var origin: String
        var status: String

        static func decode(_ text: String) -> MaskPrior? { try? JSONDecoder().decode(MaskPrior.self, from: Data(text.utf8)) }
    }

    /// Puts a mask into `awaiting-curator` for `edit` by `name`, keeping the state before the first
    /// pending edit so a curator's rejection can restore it.
    static func markPending(_ m: Row, _ edit: PendingEdit, by name: String, _ db: Database) throws {
        var prior: String? = m["prior"]
        if m["status"] as String != MaskStatus.awaitingCurator.rawValue {
            let p = MaskPrior(x: m["x"], y: m["y"], w: m["w"], h: m["h"], origin: m["origin"], status: m["status"])
            prior = String(decoding: try JSONEncoder().encode(p), as: UTF8.self)
        }
        try db.execute(
            sql: "UPDATE mask SET status = 'awaiting-curator', pending = ?, edited_by = ?, prior = ? WHERE id = ?",
            arguments: [edit.rawValue, name, prior, m["id"] as Int64])
    }

    static func snapshot(_ m: Row, _ undo: inout UndoLog) throws {
        undo.masks.append(UndoLog.MaskImage(
            id: m["id"], existed: true, frame: m["frame"], x: m["x"], y: m["y"], w: m["w"], h: m["h"], origin: m["origin"],
            status: m["status"], pending: m["pending"], editedBy: m["edited_by"], prior: m["prior"]))
        undo.touched.append(m["instance_id"])
    }

    static func change(_ id: Int64, from: InstanceState, to: InstanceState, _ undo: inout UndoLog, _ db: Database) throws {
        undo.states.append(UndoLog.StateChange(id: id, from: from.rawValue))
        undo.touched.append(id)
        try db.cachedStatement(sql: "UPDATE instance SET state = ? WHERE id = ?").execute(arguments: [to.rawValue, id])
    }

    static func instanceRow(_ id: Int64, _ db: Database) throws -> InstanceSummary {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(instanceColumns) FROM instance WHERE id = ?", arguments: [id]) else {
            throw ReviewStoreError(.notFound, "no instance \(id) in the batch")
        }
        return summary(row)
    }

    static func maskRow(_ id: Int64, _ db: Database) throws -> (Row, InstanceSummary) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM mask WHERE id = ?", arguments: [id]) else {
            throw ReviewStoreError(.notFound, "no mask \(id) in the batch")
        }
        return (row, try instanceRow(row["instance_id"], db))
    }

    static func check(_ rect: PixelRect, frame: Int, in i: InstanceSummary) throws {
        guard rect.isValid else { throw ReviewStoreError(.invalidInput, "the mask \(rect.geometry) is empty or outside the frame", file: i.path) }
        if i.columns > 0 && rect.x + rect.width > i.columns || i.rows > 0 && rect.y + rect.height > i.rows {
            throw ReviewStoreError(.invalidInput, "the mask \(rect.geometry) reaches outside the \(i.columns)x\(i.rows) frame", file: i.path)
        }
        guard frame >= 0, i.frames <= 0 || frame < i.frames else {
            throw ReviewStoreError(.invalidInput, "frame \(frame) does not exist (the instance has \(i.frames))", file: i.path)
        }
        guard i.state != .quarantined else {
            throw ReviewStoreError(.invalidState, "a quarantined instance has no masks", file: i.path)
        }
    }

    static func instanceTarget(_ i: InstanceSummary) -> String { "instance:\(i.path)@\(i.sha256)" }
    static func maskTarget(_ id: Int64, _ i: InstanceSummary) -> String { "mask:\(id)@\(i.path)@\(i.sha256)" }
}

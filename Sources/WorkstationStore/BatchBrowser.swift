import Foundation
import ReviewStore
import Workstation

/// The read side of `dcmveil review`: the batch summary, browser pages and searches, answered from the
/// review store in the workstation's types. `dcmveil review` and the workstation benchmark share it,
/// so the benchmark measures the queries the workstation really makes.
public struct BatchBrowser: Sendable {
    public let store: BatchStore
    /// The name the overview shows (the batch folder's name).
    public let batchName: String
    public let reviewer: String

    public init(store: BatchStore, batchName: String, reviewer: String) {
        self.store = store
        self.batchName = batchName
        self.reviewer = reviewer
    }

    /// Counts per state (approved instances with an approved override as overridden), masks,
    /// overrides, roles and whether the batch is committed.
    public func summary() throws -> BatchSummary {
        let stats = try store.statistics()
        let blockers = try store.commitBlockers(sampleLimit: 0)
        var counts: [Workstation.InstanceState: Int] = [:]
        for (state, n) in stats.byState { counts[StoreMapping.state(state, overridden: false), default: 0] += n }
        let overridden = try store.overriddenInstanceCount()
        if overridden > 0 {
            counts[.approved, default: 0] -= overridden
            counts[.overridden] = overridden
        }
        let m = stats.masksByStatus
        let masks = MaskCounts(proposed: try store.openProposedMaskCount(), approved: m[.accepted] ?? 0, manual: m[.approved] ?? 0,
                               rejected: m[.rejected] ?? 0, awaitingCurator: m[.awaitingCurator] ?? 0)
        let roles = try store.roles().map { "\($0.name) (\($0.role.rawValue))" }
        let committed = try store.latestCommit() != nil && !(try store.changedSinceCommit())
        return BatchSummary(
            batchName: batchName, reviewer: reviewer, roles: roles, counts: counts, masks: masks,
            overrides: stats.overridesByStatus[.approved] ?? 0, overridesAwaitingCurator: blockers.overridesAwaitingCurator.count,
            modalities: stats.byModality.keys.filter { !$0.isEmpty }.sorted(), committed: committed)
    }

    /// Rows `offset..<offset+limit` of the query's list, as `.pageLoaded`.
    public func page(_ query: InstanceQuery, offset: Int, limit: Int) throws -> Message {
        let filter = StoreMapping.filter(query)
        let total = try store.count(matching: filter)
        let found = try store.instances(matching: filter, offset: offset, limit: limit)
        return .pageLoaded(query, offset: offset, total: total, rows: try rows(found))
    }

    /// The first index at or after `from` matching the target, wrapping, as `.searchResult`.
    public func search(_ query: InstanceQuery, _ target: SearchTarget, from: Int) throws -> Message {
        let t: InstancePositionTarget
        switch target {
        case .text(let text): t = .text(text)
        case .needsReview: t = .state(.needsReview)
        case .pendingEdit: t = .pendingEdit
        }
        return .searchResult(query, target, index: try store.firstPosition(matching: StoreMapping.filter(query), target: t, from: from))
    }

    /// Browser rows for these instances, in the given order.
    public func rows(_ instances: [InstanceSummary]) throws -> [InstanceRow] {
        let ids = instances.map(\.id)
        let overridden = try store.overriddenInstanceIDs(among: ids)
        let classes = try store.findingClasses(among: ids)
        let pending = try store.pendingEditCounts(among: ids)
        return instances.map {
            var row = StoreMapping.row($0, overridden: overridden.contains($0.id), findingClasses: classes[$0.id] ?? [])
            row.pendingEdits = pending[$0.id] ?? 0
            return row
        }
    }

    /// Browser rows for these instance ids (unknown ids are left out).
    public func rows(ids: [Int64]) throws -> [InstanceRow] {
        try rows(try ids.compactMap { try store.instance(id: $0) })
    }
}

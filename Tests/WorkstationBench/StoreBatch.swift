// Opening a real batch store of many instances: the SQLite store (ReviewStore) filled with synthetic scan
// records once, then opened again and again, each time until the workstation's first browser page is drawn.
import Foundation
import ReviewStore
import Workstation

/// Fills `directory/batch.sqlite` with `count` synthetic scanned instances (in transactions of 1,000),
/// unless it already holds that many. One instance in seven has findings and proposed masks.
func fillStore(directory: String, count: Int) throws {
    let store = try BatchStore.open(directory: directory)
    if try store.count() >= count { return }
    try store.setMetadata(BatchStore.MetadataKey.input, "/nonexistent/bench-input")
    let actions = ["PatientName", "PatientID", "PatientBirthDate", "StudyDate", "AccessionNumber", "InstitutionName",
                   "ReferringPhysicianName", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"].map {
        PlannedAction(path: "(0010,0010)", keyword: $0, vr: "LO", action: "U", old: "ORIGINAL VALUE", new: "REPLACED", rule: "annex-e")
    }
    var next = try store.count()
    while next < count {
        let chunk = (next..<min(count, next + 1000)).map { i -> ScanRecord in
            let patient = i / 400, study = i / 100, series = i / 20
            let withText = i % 7 == 3
            let findings = withText
                ? [TextFinding(frame: 0, rect: .init(x: 12, y: 12, width: 180, height: 21), text: "DOE^JANE", confidence: 91, findingClass: "phi"),
                   TextFinding(frame: 0, rect: .init(x: 300, y: 12, width: 120, height: 21), text: "19700101", confidence: 88, findingClass: "date")]
                : []
            return ScanRecord(
                path: String(format: "p%05d/s%06d/%07d.dcm", patient, study, i), size: 525_000,
                sha256: String(repeating: String(format: "%016llx", UInt64(i) &* 0x9E37_79B9_7F4A_7C15), count: 4),
                original: InstanceKeys(patientID: "PID\(patient)", studyUID: "1.2.3.\(study)", seriesUID: "1.2.3.\(study).\(series)", sopUID: "1.2.3.\(study).\(series).\(i)"),
                pseudonymous: InstanceKeys(patientID: "PSN\(patient)", studyUID: "2.25.\(study)", seriesUID: "2.25.\(study).\(series)", sopUID: "2.25.\(study).\(series).\(i)"),
                instanceNumber: i % 20 + 1, modality: "CT", rows: 512, columns: 512, frames: 1,
                transferSyntax: "1.2.840.10008.1.2.1", actions: actions, findings: findings,
                proposedMasks: findings.indices.map { ProposedMask(frame: 0, rect: findings[$0].rect, findingIndex: $0) })
        }
        try store.upsertScanned(chunk)
        next += chunk.count
    }
}

/// Answers the workstation's first commands (summary, a browser page, search) from the store, with the
/// same store queries as `dcmveil review`'s StoreExecutor: statistics, commit blockers, open masks,
/// roles and commit state for the summary; count, page, overrides and finding classes for a page.
final class StoreBatchExecutor: CommandExecutor {
    let store: BatchStore
    init(store: BatchStore) { self.store = store }

    func execute(_ command: Command, reply: MessageSink) {
        do {
            switch command {
            case .loadSummary:
                let stats = try store.statistics()
                let blockers = try store.commitBlockers(sampleLimit: 0)
                var counts: [Workstation.InstanceState: Int] = [:]
                for (state, n) in stats.byState { counts[Self.state(state), default: 0] += n }
                let masks = MaskCounts(proposed: try store.openProposedMaskCount(), approved: stats.masksByStatus[.accepted] ?? 0)
                let roles = try store.roles().map { "\($0.name)" }
                let committed = try store.latestCommit() != nil && !(try store.changedSinceCommit())
                reply.send(.summaryLoaded(BatchSummary(
                    batchName: "bench", reviewer: "bench", roles: roles, counts: counts, masks: masks,
                    modalities: stats.byModality.keys.sorted(),
                    otherBlockers: blockers.overridesAwaitingCurator.isEmpty ? [] : ["overrides"], committed: committed)))
            case .loadPage(let query, let offset, let limit):
                let filter = InstanceFilter(states: query.needsReviewOnly ? [.needsReview] : [])
                let total = try store.count(matching: filter)
                let found = try store.instances(matching: filter, offset: offset, limit: limit)
                let ids = found.map(\.id)
                let overridden = try store.overriddenInstanceIDs(among: ids)
                let classes = try store.findingClasses(among: ids)
                let rows = found.map { i in
                    InstanceRow(id: InstanceID(i.id), patientPseudonym: i.pseudonymous.patientID, studyKey: i.pseudonymous.studyUID,
                                studyLabel: i.pseudonymous.studyUID, seriesKey: i.pseudonymous.seriesUID, seriesLabel: i.pseudonymous.seriesUID,
                                sopKey: i.pseudonymous.sopUID, modality: i.modality,
                                state: overridden.contains(i.id) ? .overridden : Self.state(i.state),
                                findingClasses: FindingClasses((classes[i.id] ?? []).compactMap(Workstation.FindingClass.init(rawValue:))))
                }
                reply.send(.pageLoaded(query, offset: offset, total: total, rows: rows))
            case .search(let query, let target, let from):
                let t: InstancePositionTarget
                switch target {
                case .text(let text): t = .text(text)
                case .needsReview: t = .state(.needsReview)
                case .pendingEdit: t = .pendingEdit
                }
                let filter = InstanceFilter(states: query.needsReviewOnly ? [.needsReview] : [])
                reply.send(.searchResult(query, target, index: try store.firstPosition(matching: filter, target: t, from: from)))
            default:
                break
            }
        } catch {
            reply.send(.commandFailed(String(describing: error)))
        }
    }

    static func state(_ s: ReviewStore.InstanceState) -> Workstation.InstanceState {
        switch s {
        case .autoClear: return .clean
        case .needsReview: return .needsReview
        case .approved: return .approved
        case .rejected: return .rejected
        case .quarantined: return .failed
        }
    }
}

/// Opens the store `runs` times; each time from `BatchStore.open` until the first browser page is drawn
/// at 160×48. Returns the milliseconds of each run and the number of rows on the screen.
func measureStoreOpen(directory: String, runs: Int) throws -> (samples: [Double], total: Int) {
    let clock = ContinuousClock()
    var samples: [Double] = []
    var total = 0
    for _ in 0..<runs {
        let started = clock.now
        let store = try BatchStore.open(directory: directory)
        let backend = InMemoryBackend(size: TerminalSize(width: 160, height: 48))
        let app = App(model: Model(size: backend.size, capabilities: backend.capabilities, reviewer: "bench"),
                      theme: .standard, backend: backend, executor: StoreBatchExecutor(store: store))
        app.start()
        backend.type([.character("2")])
        _ = try app.step(timeoutMilliseconds: 0)
        samples.append(milliseconds(clock.now - started))
        total = app.model.browser.total ?? 0
    }
    return (samples, total)
}

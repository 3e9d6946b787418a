// Opening a real batch store of many instances: the SQLite store (ReviewStore) filled with synthetic scan
// records once, then opened again and again, each time until the workstation's first browser page is drawn.
import Foundation
import ReviewStore
import Workstation
import WorkstationStore

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

/// Answers the workstation's first commands (summary, a browser page, search) from the store through
/// `BatchBrowser`, the same code `dcmveil review` answers them with.
final class StoreBatchExecutor: CommandExecutor {
    let browser: BatchBrowser
    init(store: BatchStore) { browser = BatchBrowser(store: store, batchName: "bench", reviewer: "bench") }

    func execute(_ command: Command, reply: MessageSink) {
        do {
            switch command {
            case .loadSummary: reply.send(.summaryLoaded(try browser.summary()))
            case .loadPage(let query, let offset, let limit): reply.send(try browser.page(query, offset: offset, limit: limit))
            case .search(let query, let target, let from): reply.send(try browser.search(query, target, from: from))
            default: break
            }
        } catch {
            reply.send(.commandFailed(String(describing: error)))
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

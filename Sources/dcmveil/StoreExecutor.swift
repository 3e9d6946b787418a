import Audit
import DicomCore
import DicomIO
import Foundation
import ReviewStore
import Workstation
import WorkstationStore

/// Answers the workstation's commands from a batch store (see docs/WORKSTATION.md, "What the
/// executor must do"). Queries and decisions answer at once; a commit runs on its own thread and
/// reports progress. Every failure comes back as `.commandFailed` with the store's message.
final class StoreExecutor: CommandExecutor, @unchecked Sendable {
    let store: BatchStore
    let directory: String
    /// The batch's input folder (`BatchStore.MetadataKey.input`), where the original files are.
    let input: String
    let reviewer: Reviewer
    /// The pseudonym key file and the audit signing key file, needed to commit.
    let keyFile: String?
    let signingKeyPath: String?
    /// Writes the session's decisions to the audit log (before each commit); nil when unsigned.
    let journal: DecisionJournal?
    /// The project log a commit's entry also goes into.
    let projectLog: String?
    /// The summary, pages and searches (shared with the workstation benchmark).
    let browser: BatchBrowser
    private let frames = FrameSource()
    private let commitLock = NSLock()
    private var committing = false

    init(store: BatchStore, directory: String, reviewer: Reviewer, keyFile: String?, signingKeyPath: String?,
         journal: DecisionJournal? = nil, projectLog: String? = nil) throws {
        self.journal = journal
        self.projectLog = projectLog
        self.store = store
        self.directory = directory
        self.reviewer = reviewer
        self.keyFile = keyFile
        self.signingKeyPath = signingKeyPath
        guard let input = try store.metadata(BatchStore.MetadataKey.input) else {
            throw ReviewStoreError(.invalidState, "the batch has no input folder recorded; scan it first", file: directory)
        }
        self.input = input
        browser = BatchBrowser(store: store, batchName: URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent,
                               reviewer: reviewer.name)
    }

    func execute(_ command: Command, reply: MessageSink) {
        do {
            try perform(command, reply)
        } catch {
            reply.send(.commandFailed(Self.describe(error)))
        }
    }

    /// The message a person reads for an error (the store's own wording, without Swift decoration).
    static func describe(_ error: Error) -> String {
        String(describing: error)
    }

    private func perform(_ command: Command, _ reply: MessageSink) throws {
        switch command {
        case .loadSummary:
            reply.send(.summaryLoaded(try summary()))
        case .loadPage(let query, let offset, let limit):
            reply.send(try browser.page(query, offset: offset, limit: limit))
        case .search(let query, let target, let from):
            reply.send(try browser.search(query, target, from: from))
        case .loadTagDiff(let id):
            reply.send(.tagDiffLoaded(id, StoreMapping.tagDiff(try store.plannedActions(instance: id.value))))
        case .loadFrame(let request):
            reply.send(.frameLoaded(request, try frame(request)))
        case .decide(let scope, let decision):
            try decide(scope, decision, reply)
        case .setMaskStatus(let id, let mask, let status):
            // On someone else's edit waiting for a curator, approve and reject are the curator's decision.
            let awaiting = try store.masks(instance: id.value).first { $0.id == mask.value }?.status == .awaitingCurator
            switch status {
            case .approved where awaiting: try store.curatorApprove(.mask(mask.value), by: reviewer)
            case .rejected where awaiting: try store.curatorReject(.mask(mask.value), by: reviewer)
            case .approved: try store.acceptMask(mask.value, by: reviewer)
            case .rejected: try store.rejectMask(mask.value, by: reviewer)
            case .proposed, .awaitingCurator:
                throw ReviewStoreError(.invalidInput, "a mask cannot be set back to \(status.rawValue)")
            }
            try masksChanged(id, reply)
        case .addMask(let id, let frame, let rect):
            try store.addMask(instance: id.value, frame: frame, rect: rect, by: reviewer)
            try masksChanged(id, reply)
        case .moveMask(let id, let mask, let rect):
            try store.reshapeMask(mask.value, to: rect, by: reviewer)
            try masksChanged(id, reply)
        case .deleteMask(let id, let mask):
            try store.deleteMask(mask.value, by: reviewer)
            try masksChanged(id, reply)
        case .curate(let id, let approve):
            try store.curatePending(instance: id.value, approve: approve, by: reviewer)
            reply.send(.rowsChanged(try rows(ids: [id.value])))
            try masksChanged(id, reply)
        case .override(let id, let reason):
            try store.override(instance: id.value, subject: "approve-with-findings", reason: reason, by: reviewer)
            try store.approve(.instance(id.value), by: reviewer, reason: reason)
            reply.send(.rowsChanged(try rows(ids: [id.value])))
            reply.send(.summaryLoaded(try summary()))
        case .revealIdentity(let id, let who):
            // Logged first: no identity reaches the screen without its record.
            try store.recordReveal(instance: id.value, by: who)
            reply.send(.identityRevealed(id, try identity(id.value)))
        case .commit(let operatorName):
            startCommit(operatorName, reply)
        }
    }

    // MARK: summary and rows

    func summary() throws -> BatchSummary { try browser.summary() }
    func rows(_ instances: [InstanceSummary]) throws -> [InstanceRow] { try browser.rows(instances) }
    func rows(ids: [Int64]) throws -> [InstanceRow] { try browser.rows(ids: ids) }

    // MARK: decisions

    private func decide(_ scope: ReviewScope, _ decision: ReviewDecision, _ reply: MessageSink) throws {
        let target: ReviewTarget
        var filter = InstanceFilter.all
        switch scope {
        case .instance(let id):
            target = .instance(id.value)
        case .series(let key):
            guard let uid = try store.originalUID(forPseudonymous: key, series: true) else {
                throw ReviewStoreError(.notFound, "no series \(key) in the batch")
            }
            target = .series(uid)
            filter.seriesUID = uid
        case .study(let key):
            guard let uid = try store.originalUID(forPseudonymous: key, series: false) else {
                throw ReviewStoreError(.notFound, "no study \(key) in the batch")
            }
            target = .study(uid)
            filter.studyUID = uid
        }
        switch decision {
        case .approve: try store.approve(target, by: reviewer)
        case .reject: try store.reject(target, by: reviewer)
        }
        if case .instance(let id) = scope {
            reply.send(.rowsChanged(try rows(ids: [id.value])))
        } else {
            var changed: [InstanceSummary] = []
            var cursor: InstanceCursor? = nil
            repeat {
                let page = try store.instances(matching: filter, after: cursor, limit: 1000)
                changed += page.instances
                cursor = page.next
            } while cursor != nil
            reply.send(.rowsChanged(try rows(changed)))
        }
        reply.send(.summaryLoaded(try summary()))
    }

    private func masksChanged(_ id: InstanceID, _ reply: MessageSink) throws {
        reply.send(.masksChanged(id, try store.masks(instance: id.value).compactMap(StoreMapping.mask)))
        reply.send(.summaryLoaded(try summary()))
    }

    // MARK: frames and identity

    private func frame(_ request: FrameRequest) throws -> FramePayload {
        guard let instance = try store.instance(id: request.instance.value) else {
            throw ReviewStoreError(.notFound, "no instance \(request.instance) in the batch")
        }
        guard instance.state != .quarantined else {
            throw ReviewStoreError(.invalidState, "a quarantined instance has no frames to show: \(instance.quarantineReason ?? "")", file: instance.path)
        }
        let masks = try store.masks(instance: instance.id).compactMap(StoreMapping.mask)
        let painted = request.masked ? masks.filter { $0.status == .approved && $0.frame == request.frame }.map(\.rect) : []
        let rendered = try frames.render(path: FileWalker.join(input, instance.path), index: request.frame,
                                         windowLevel: request.windowLevel, masks: painted, wantPNG: request.wantPNG)
        let findings = try store.findings(instance: instance.id).map(StoreMapping.finding)
        return FramePayload(image: rendered.image, frameCount: rendered.frameCount, windowLevel: rendered.windowLevel,
                            findings: findings, masks: masks)
    }

    /// The original patient name (from the file) and ID (from the store).
    private func identity(_ id: Int64) throws -> RevealedIdentity {
        guard let instance = try store.instance(id: id) else { throw ReviewStoreError(.notFound, "no instance \(id) in the batch") }
        var name = "(unreadable)"
        if let bytes = try? DicomReader.readBytes(path: FileWalker.join(input, instance.path)),
           let file = try? DicomReader.parse(bytes, mode: .full)
        {
            name = file.dataSet.string(Tag(0x0010_0010)) ?? ""
        }
        return RevealedIdentity(patientName: name, patientID: instance.original.patientID)
    }

    // MARK: commit

    /// Runs the commit of `dcmveil commit` on its own thread, reporting progress, then the receipt.
    private func startCommit(_ operatorName: String, _ reply: MessageSink) {
        commitLock.lock()
        defer { commitLock.unlock() }
        guard !committing else {
            reply.send(.commandFailed("a commit is already running"))
            return
        }
        guard let keyFile else {
            reply.send(.commandFailed("commit needs the pseudonym key: open the workstation with --key-file"))
            return
        }
        committing = true
        let thread = Thread { [self] in
            defer {
                commitLock.lock()
                committing = false
                commitLock.unlock()
            }
            do {
                let signing = try AuditRecording.signingKey(explicit: signingKeyPath, keyFile: keyFile)
                let ctx = try BatchContext.open(directory: directory, input: nil, profilePath: nil, keyFile: keyFile, creating: false)
                // The decisions behind the commit are logged before it.
                try journal?.flush()
                var last = Date.distantPast
                let outcome = try BatchCommit.run(ctx, operatorName: operatorName, signing: signing, projectLog: projectLog) { done, total in
                    // At most ten progress messages a second; the last one always.
                    let now = Date()
                    if done == total || now.timeIntervalSince(last) > 0.1 {
                        last = now
                        reply.send(.commitProgress(done: done, total: total))
                    }
                }
                reply.send(.commitFinished(CommitReceipt(
                    auditEntryHash: outcome.auditEntry.hash, signingKeyFingerprint: outcome.signingKeyFingerprint,
                    outputDirectory: outcome.outputRoot, filesWritten: outcome.filesWritten)))
            } catch {
                reply.send(.commandFailed("commit failed: " + Self.describe(error)))
            }
            if let summary = try? self.summary() { reply.send(.summaryLoaded(summary)) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

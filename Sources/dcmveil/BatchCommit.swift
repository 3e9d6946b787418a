import Audit
import DicomIO
import DicomPixels
import Foundation
import Pipeline
import ReviewStore

/// Why a commit did not happen. Nothing is signed in either case.
enum CommitRefusal: Error, CustomStringConvertible {
    /// The batch is not ready (instances need review, edits await a curator, proposals are undecided).
    case blocked(CommitBlockers)
    /// Some committable instances could not be produced; no audit entry was written.
    case failures([String])

    /// The reasons, one per line, as `dcmveil commit` prints them.
    var lines: [String] {
        switch self {
        case .blocked(let b):
            var out = ["refused, the batch is not ready:"]
            if b.needsReviewCount > 0 { out.append("  \(b.needsReviewCount) instance(s) need review, e.g.:") }
            for i in b.needsReview.prefix(20) { out.append("    \(i.path) (\(i.modality), \(i.reviewReasons.map(\.rawValue).joined(separator: ", ")))") }
            for m in b.masksAwaitingCurator.prefix(20) { out.append("  mask \(m.id) on instance \(m.instanceID) awaits a curator") }
            for o in b.overridesAwaitingCurator.prefix(20) { out.append("  override \(o.id) on instance \(o.instanceID) awaits a curator") }
            if b.undecidedProposedMaskCount > 0 { out.append("  \(b.undecidedProposedMaskCount) proposed mask(s) are undecided") }
            return out
        case .failures(let f):
            return f + ["nothing committed; \(f.count) instance(s) could not be produced"]
        }
    }

    var description: String { lines.joined(separator: "; ") }
}

/// What a commit produced.
struct CommitOutcome {
    let outputRoot: String
    let filesWritten: Int
    let masksApplied: Int
    let auditEntry: AuditEntry
    let signingKeyFingerprint: String
    let commitID: Int64
    /// The mirror of the commit entry in the project log, when one was named.
    var projectEntry: AuditEntry? = nil
    /// Why the project log entry could not be written (the commit itself stands).
    var projectLogError: String? = nil
}

/// The commit of a batch, shared by `dcmveil commit` and the workstation's commit dialog: write every
/// committable instance (auto-clear and approved) with its applied masks into `DIR/output` atomically,
/// write the manifest, append a signed audit entry, and record the commit in the store.
enum BatchCommit {
    /// Commits the batch of `context`. `progress(done, total)` is called after each instance.
    static func run(_ ctx: BatchContext, operatorName: String, signing: SigningKey, projectLog: String? = nil,
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> CommitOutcome {
        let blockers = try ctx.store.commitBlockers()
        guard blockers.isEmpty else { throw CommitRefusal.blocked(blockers) }
        let batch = ctx.directory
        let outputRoot = "\(batch)/output"
        removeStaleTemporaries(under: outputRoot)
        let total = try ctx.store.count(matching: InstanceFilter(states: [.autoClear, .approved]))
        var outputs: [(instanceID: Int64, outputSHA256: String)] = []
        var rows: [ManifestRow] = []
        var cursor: InstanceCursor? = nil
        var masksApplied = 0
        var failures: [String] = []
        // Output path -> the input it came from: two inputs with one SOP Instance UID would overwrite each other.
        var producedBy: [String: String] = [:]
        var done = 0
        progress(0, total)
        repeat {
            let page = try ctx.store.committableInstances(after: cursor, limit: 500)
            for inst in page.instances {
                defer {
                    done += 1
                    progress(done, total)
                }
                let path = FileWalker.join(ctx.input, inst.path)
                do {
                    let source = try InstanceProcessor.read(path: path)
                    guard source.sha256 == inst.sha256 else {
                        failures.append("\(inst.path): changed on disk since it was scanned (refused; scan again)")
                        continue
                    }
                    let masks = try ctx.store.appliedMasks(instance: inst.id).map {
                        Mask(frame: $0.frame, x: $0.rect.x, y: $0.rect.y, width: $0.rect.width, height: $0.rect.height)
                    }
                    let out = try ctx.processor.produce(source, masks: masks)
                    if let first = producedBy[out.relativePath] {
                        failures.append("\(inst.path): the same output as \(first) (the same SOP Instance UID); reject one of them")
                        continue
                    }
                    producedBy[out.relativePath] = inst.path
                    let dest = "\(outputRoot)/\(out.relativePath)"
                    try FileManager.default.createDirectory(atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    let chunks = try DicomWriter.encodeChunks(out.file)
                    try AtomicFile.write(chunks: chunks, to: dest, durable: true)
                    let sha = InstanceProcessor.sha256Hex(chunks: chunks)
                    outputs.append((inst.id, sha))
                    masksApplied += out.appliedMasks.count
                    rows.append(try ManifestRow(path: out.relativePath, inputSHA256: inst.sha256, outputSHA256: sha,
                                                masks: out.appliedMasks.map { "\($0.frame),\($0.x),\($0.y),\($0.width),\($0.height)" }.joined(separator: ";")))
                } catch {
                    failures.append("\(inst.path): \(error)")
                }
            }
            cursor = page.next
        } while cursor != nil
        guard failures.isEmpty else { throw CommitRefusal.failures(failures) }
        let stats = try ctx.store.statistics()
        let manifest = try Manifest(rows: rows)
        let manifestName = "commit-\(Int(Date().timeIntervalSince1970))-\(manifest.sha256.prefix(12)).manifest"
        try manifest.write(to: URL(fileURLWithPath: "\(batch)/\(manifestName)"))
        let decisions = DecisionSummary(approved: stats.byState[.approved] ?? 0, rejected: stats.byState[.rejected] ?? 0,
                                        manualMasks: stats.masksByStatus[.approved] ?? 0)
        let event = AuditRecording.event(.commit, operatorName: operatorName, profile: ctx.profile, pseudonymKey: ctx.key, signing: signing,
                                         ocr: true, counts: FileCounts(input: stats.total, output: outputs.count,
                                                                       quarantined: stats.byState[.quarantined] ?? 0),
                                         manifest: manifest.reference(file: manifestName), decisions: decisions)
        let logPath = "\(batch)/audit.jsonl"
        let entry = try AuditLog(url: URL(fileURLWithPath: logPath)).append(event, signingKey: signing)
        let record = try ctx.store.markCommitted(outputs: outputs, auditEntryHash: entry.hash, operator: operatorName)
        var outcome = CommitOutcome(outputRoot: outputRoot, filesWritten: outputs.count, masksApplied: masksApplied, auditEntry: entry,
                                    signingKeyFingerprint: signing.fingerprint, commitID: record.id)
        if let projectLog {
            do { outcome.projectEntry = try ProjectLog.mirror(entry, sourceLog: logPath, to: projectLog, signing: signing) } catch {
                outcome.projectLogError = "\(error)"
            }
        }
        return outcome
    }

    /// Removes the temporary files (`.NAME.tmp-PID-N`) that a commit killed mid-write left behind, when
    /// their process is gone; a live writer's files are left alone.
    static func removeStaleTemporaries(under root: String) {
        guard let e = FileManager.default.enumerator(atPath: root) else { return }
        for case let rel as String in e {
            let name = (rel as NSString).lastPathComponent
            guard name.hasPrefix("."), let range = name.range(of: ".tmp-") else { continue }
            let pidText = name[range.upperBound...].prefix { $0 != "-" }
            guard let pid = Int32(pidText), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: "\(root)/\(rel)")
        }
    }
}

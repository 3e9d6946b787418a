import Audit
import Deidentify
import Foundation
import Pipeline
import ReviewStore

/// Writes the review decisions of a batch into its audit log as `decisions` entries: one entry per
/// `dcmveil decide` invocation, and one per flush of a workstation session (before a commit and at
/// quit), never one per keypress. An entry carries the counts, every override with its reason, and
/// each signed decision by id, kind, reviewer, the SHA-256 of its signed message and its signer.
///
/// `dcmveil decide` and the workstation share this path.
final class DecisionJournal: @unchecked Sendable {
    let store: BatchStore
    /// The batch folder; the log is `audit.jsonl` in it.
    let directory: String
    let reviewer: String
    let signing: SigningKey
    private let lock = NSLock()
    /// The last decision id already written to the log (or there before this journal began).
    private var flushedThrough: Int64

    /// A journal of `reviewer`'s decisions taken from now on.
    init(store: BatchStore, directory: String, reviewer: String, signing: SigningKey) throws {
        self.store = store
        self.directory = directory
        self.reviewer = reviewer
        self.signing = signing
        flushedThrough = try store.lastDecisionID()
    }

    /// Appends one entry for the reviewer's decisions since the last flush; nil when there were none.
    @discardableResult
    func flush() throws -> AuditEntry? {
        lock.lock()
        defer { lock.unlock() }
        var pending: [Decision] = []
        var last = flushedThrough
        while true {
            let page = try store.decisions(after: last, limit: 10_000)
            guard let end = page.last?.id else { break }
            pending += page.filter { $0.reviewer == reviewer }
            last = end
        }
        guard !pending.isEmpty else {
            flushedThrough = last
            return nil
        }
        let profileText = try store.metadata(BatchStore.MetadataKey.profile) ?? ""
        let profile = profileText.isEmpty ? Profile.default : try ProfileParser.parse(profileText, file: "\(directory)/batch.sqlite (recorded profile)")
        var event = AuditRecording.event(.decisions, operatorName: reviewer, profile: profile, pseudonymKey: nil, signing: signing,
                                         ocr: false, decisions: Self.summary(pending))
        if let prints = try store.metadata(BatchStore.MetadataKey.keyFingerprints),
           let object = try? JSONSerialization.jsonObject(with: Data(prints.utf8)) as? [String: String],
           let pseudonym = object["pseudonym"] {
            event.keyFingerprints["pseudonym"] = pseudonym
        }
        let entry = try AuditLog(url: URL(fileURLWithPath: "\(directory)/audit.jsonl")).append(event, signingKey: signing)
        flushedThrough = last
        return entry
    }

    /// Counts, overrides and references of `decisions`.
    static func summary(_ decisions: [Decision]) -> DecisionSummary {
        var approved = 0, rejected = 0, manual = 0
        var overrides: [DecisionSummary.Override] = []
        for d in decisions {
            let payload = (try? JSONSerialization.jsonObject(with: Data(d.message.payload.utf8))) as? [String: Any] ?? [:]
            let instances = (payload["instances"] as? Int) ?? (d.message.scope == .instance ? 1 : 0)
            switch d.kind {
            case .approve: approved += instances
            case .reject: rejected += instances
            case .approveAll: approved += (payload["approved"] as? Int) ?? 0
            case .addMask: manual += 1
            case .override:
                overrides.append(.init(subject: "\(d.message.target) \((payload["subject"] as? String) ?? "")",
                                       decision: "override", reason: d.message.reason, reviewer: d.reviewer))
            default: break
            }
        }
        let records = decisions.map {
            DecisionSummary.Reference(id: Int($0.id), kind: $0.kind.rawValue, reviewer: $0.reviewer,
                                      messageSHA256: InstanceProcessor.sha256Hex($0.message.canonicalBytes),
                                      signer: $0.signerFingerprint)
        }
        return DecisionSummary(approved: approved, rejected: rejected, manualMasks: manual, overrides: overrides, records: records)
    }
}

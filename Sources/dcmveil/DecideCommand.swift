import ArgumentParser
import Audit
import DicomCore
import Foundation
import ReviewStore

/// `dcmveil decide --batch DIR --reviewer NAME ACTION`: the review actions of the workstation, for
/// scripts. Each invocation records one signed decision.
struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decide", 
        abstract: "Record one review decision in a batch (the workstation's actions, for scripts).",
        discussion: """
            INSTANCE is an instance id or its path relative to the batch input. RECT is X,Y,W,H in pixels. \
            With roles configured, --signing-key is required and must be the key registered for the reviewer. \
            Example: dcmveil decide --batch DIR --reviewer NAME --approve-all --accept-proposed
            """)

    @Option(name: .long, help: "The batch folder.")
    var batch: String

    @Option(name: .long, help: "Who decides (recorded and signed).")
    var reviewer: String

    @Option(name: .long, help: "The reviewer's Ed25519 signing key (signing.key from dcmveil keygen).")
    var signingKey: String?

    @Option(name: .long, help: "Why (required for --override).")
    var reason: String = ""

    @Flag(name: .long, help: "Approve every instance that needs review.")
    var approveAll = false
    @Flag(name: .long, help: "With --approve-all: also accept every proposed mask.")
    var acceptProposed = false

    @Option(name: .long, help: "Approve an instance.") var approve: String?
    @Option(name: .long, help: "Reject an instance (never exported).") var reject: String?
    @Option(name: .long, help: "Approve every instance of a series (original UID).") var approveSeries: String?
    @Option(name: .long, help: "Reject every instance of a series (original UID).") var rejectSeries: String?
    @Option(name: .long, help: "Approve every instance of a study (original UID).") var approveStudy: String?
    @Option(name: .long, help: "Reject every instance of a study (original UID).") var rejectStudy: String?

    @Option(name: .long, help: "Accept a proposed mask (by id).") var acceptMask: Int64?
    @Option(name: .long, help: "Reject a proposed mask (by id).") var rejectMask: Int64?
    @Option(name: .long, help: "Delete a mask (by id).") var deleteMask: Int64?
    @Option(name: .long, help: "Add a manual mask: INSTANCE:FRAME:RECT.") var addMask: String?
    @Option(name: .long, help: "Move or resize a mask: ID:RECT.") var reshapeMask: String?

    @Option(name: .long, help: "Override on an instance; needs --subject and --reason.") var override: String?
    @Option(name: .long, help: "What the override is about, e.g. 'keep-tag (0008,1030)'.") var subject: String?

    @Option(name: .long, help: "As a curator, approve someone else's mask edit (mask id).") var curatorApproveMask: Int64?
    @Option(name: .long, help: "As a curator, reject someone else's mask edit (mask id).") var curatorRejectMask: Int64?
    @Option(name: .long, help: "As a curator, approve someone else's override (override id).") var curatorApproveOverride: Int64?
    @Option(name: .long, help: "As a curator, reject someone else's override (override id).") var curatorRejectOverride: Int64?

    @Flag(name: .long, help: "Undo the reviewer's last decision.") var undo = false

    private var actionCount: Int {
        let options: [Any?] = [
            approve, reject, approveSeries, rejectSeries, approveStudy, rejectStudy, acceptMask, rejectMask, deleteMask,
            addMask, reshapeMask, override, curatorApproveMask, curatorRejectMask, curatorApproveOverride, curatorRejectOverride,
        ]
        return options.filter { $0 != nil }.count + (approveAll ? 1 : 0) + (undo ? 1 : 0)
    }

    func validate() throws {
        guard actionCount == 1 else { throw ValidationError("give exactly one action (see --help)") }
        if acceptProposed && !approveAll { throw ValidationError("--accept-proposed goes with --approve-all") }
        if override != nil {
            guard subject != nil else { throw ValidationError("--override needs --subject") }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--override needs --reason") }
        }
    }

    func run() throws {
        let store = try openExistingBatch(batch, command: "decide")
        do {
            var signer: (any DecisionSigner)? = nil
            var journal: DecisionJournal? = nil
            if let signingKey {
                let key = try SigningKey.load(from: URL(fileURLWithPath: signingKey))
                signer = SigningKeyDecisionSigner(key: key)
                journal = try DecisionJournal(store: store, directory: batch, reviewer: reviewer, signing: key)
            }
            let who = Reviewer(reviewer, signer: signer)
            let d = try decide(store, who)
            print("decision \(d.id): \(d.kind.rawValue) \(d.message.target) by \(d.reviewer) (\(d.mode.rawValue), "
                + (d.signerFingerprint.map { "signed \($0)" } ?? "unsigned") + ")")
            if d.message.payload != "{}" { print("  \(d.message.payload)") }
            if let entry = try journal?.flush() {
                print("audit entry #\(entry.seq) \(entry.hash)")
            } else if journal == nil {
                print("no audit entry: the decision is unsigned (give --signing-key to sign it and log it)")
            }
        } catch let e as ReviewStoreError {
            printError("dcmveil decide: \(e)")
            throw ExitCode(1)
        } catch let e as AuditError {
            printError("dcmveil decide: \(e)")
            throw ExitCode(1)
        }
    }

    private func decide(_ s: BatchStore, _ who: Reviewer) throws -> Decision {
        if approveAll { return try s.approveAllNeedingReview(acceptProposed: acceptProposed, by: who, reason: reason) }
        if let r = approve { return try s.approve(.instance(try instanceID(r, s)), by: who, reason: reason) }
        if let r = reject { return try s.reject(.instance(try instanceID(r, s)), by: who, reason: reason) }
        if let u = approveSeries { return try s.approve(.series(u), by: who, reason: reason) }
        if let u = rejectSeries { return try s.reject(.series(u), by: who, reason: reason) }
        if let u = approveStudy { return try s.approve(.study(u), by: who, reason: reason) }
        if let u = rejectStudy { return try s.reject(.study(u), by: who, reason: reason) }
        if let m = acceptMask { return try s.acceptMask(m, by: who, reason: reason) }
        if let m = rejectMask { return try s.rejectMask(m, by: who, reason: reason) }
        if let m = deleteMask { return try s.deleteMask(m, by: who, reason: reason) }
        if let spec = addMask {
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, let frame = Int(parts[parts.count - 2]), let rect = Self.rect(parts[parts.count - 1]) else {
                throw ReviewStoreError(.invalidInput, "--add-mask expects INSTANCE:FRAME:X,Y,W,H, got \(spec)")
            }
            let ref = parts.dropLast(2).joined(separator: ":")
            return try s.addMask(instance: try instanceID(ref, s), frame: frame, rect: rect, by: who, reason: reason)
        }
        if let spec = reshapeMask {
            let parts = spec.split(separator: ":").map(String.init)
            guard parts.count == 2, let id = Int64(parts[0]), let rect = Self.rect(parts[1]) else {
                throw ReviewStoreError(.invalidInput, "--reshape-mask expects ID:X,Y,W,H, got \(spec)")
            }
            return try s.reshapeMask(id, to: rect, by: who, reason: reason)
        }
        if let r = override {
            return try s.override(instance: try instanceID(r, s), subject: subject ?? "", reason: reason, by: who)
        }
        if let m = curatorApproveMask { return try s.curatorApprove(.mask(m), by: who, reason: reason) }
        if let m = curatorRejectMask { return try s.curatorReject(.mask(m), by: who, reason: reason) }
        if let o = curatorApproveOverride { return try s.curatorApprove(.override(o), by: who, reason: reason) }
        if let o = curatorRejectOverride { return try s.curatorReject(.override(o), by: who, reason: reason) }
        return try s.undoLast(by: who, reason: reason)
    }

    /// An instance id, or the id of the instance scanned from this relative path.
    private func instanceID(_ ref: String, _ s: BatchStore) throws -> Int64 {
        if let id = Int64(ref), try s.instance(id: id) != nil { return id }
        guard let i = try s.instance(path: ref) else {
            throw ReviewStoreError(.notFound, "no instance \(ref) in the batch (give an id or a path relative to the input)")
        }
        return i.id
    }

    static func rect(_ text: String) -> PixelRect? {
        let v = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4 else { return nil }
        return PixelRect(x: v[0], y: v[1], width: v[2], height: v[3])
    }
}

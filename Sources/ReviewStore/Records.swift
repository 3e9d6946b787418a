import DicomCore

/// One stored instance as the browser lists it.
public struct InstanceSummary: Sendable, Hashable {
    public var id: Int64
    /// Relative to the batch input folder.
    public var path: String
    public var size: Int64
    public var sha256: String
    public var original: InstanceKeys
    public var pseudonymous: InstanceKeys
    public var instanceNumber: Int
    public var modality: String
    public var rows: Int
    public var columns: Int
    public var frames: Int
    public var transferSyntax: String
    public var state: InstanceState
    /// Why the policy asked for review (empty for auto-clear and quarantined).
    public var reviewReasons: [ReviewReason]
    public var quarantineReason: String?
    public var findingCount: Int
    public var scannedAt: String
}

/// A stored OCR finding.
public struct FindingRecord: Sendable, Hashable {
    public var id: Int64
    public var instanceID: Int64
    public var finding: TextFinding
}

/// A stored mask and where it stands.
public struct MaskRecord: Sendable, Hashable {
    public var id: Int64
    public var instanceID: Int64
    public var findingID: Int64?
    public var frame: Int
    public var rect: PixelRect
    public var origin: MaskOrigin
    public var status: MaskStatus
    /// What a curator is asked to approve, when `status == .awaitingCurator`.
    public var pending: PendingEdit?
    /// Who made the pending edit (never the curator who approves it).
    public var editedBy: String?
    public var createdBy: String
    public var createdAt: String
}

/// A stored override: an explicit exception with a reason, needing a curator when roles are set.
public struct OverrideRecord: Sendable, Hashable {
    public var id: Int64
    public var instanceID: Int64
    /// What is overridden, in the caller's words (e.g. `keep-tag (0008,1030)`, `approve-with-text`).
    public var subject: String
    /// Details as JSON text.
    public var payload: String
    public var reason: String
    public var status: OverrideStatus
    public var createdBy: String
    public var createdAt: String
}

/// A recorded decision, as stored and signed.
public struct Decision: Sendable, Hashable {
    public var id: Int64
    /// The signed fields.
    public var message: DecisionMessage
    /// The instance it concerns, when it concerns one.
    public var instanceID: Int64?
    /// Ed25519 signature over `message.canonicalBytes`; nil when recorded unsigned (single-person
    /// mode without an operator key).
    public var signature: [UInt8]?
    public var signerPublicKey: [UInt8]?
    public var signerFingerprint: String?
    /// True once undone by a later `undo` decision.
    public var undone: Bool

    public var isSigned: Bool { signature != nil }
    public var kind: DecisionKind { message.kind }
    public var reviewer: String { message.reviewer }
    public var mode: DecisionMode { message.mode }
}

/// One registered person and role.
public struct RoleAssignment: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// 32 raw Ed25519 public key bytes.
    public var publicKey: [UInt8]
    public var fingerprint: String
    public var addedAt: String
}

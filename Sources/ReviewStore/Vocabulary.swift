/// The review state of one instance.
public enum InstanceState: String, Sendable, Codable, CaseIterable {
    /// Nothing needs a human under the review policy; exported unless rejected.
    case autoClear = "auto-clear"
    /// A human must approve or reject it before commit.
    case needsReview = "needs-review"
    /// Approved by a reviewer.
    case approved
    /// Rejected by a reviewer; never exported.
    case rejected
    /// Could not be processed; the reason is stored with it. Never exported.
    case quarantined

    /// True for the states whose instances go into the output at commit.
    public var isCommitted: Bool { self == .autoClear || self == .approved }
}

/// Where a mask came from.
public enum MaskOrigin: String, Sendable, Codable, CaseIterable {
    /// Proposed by text detection.
    case proposed
    /// Drawn, moved or resized by a person.
    case manual
}

/// The life of a mask. Only `accepted` and `approved` masks are applied at commit.
public enum MaskStatus: String, Sendable, Codable, CaseIterable {
    /// Proposed by detection; not yet decided.
    case proposed
    /// A proposed mask a reviewer accepted (no curator needed).
    case accepted
    /// Not applied: a rejected proposal, or an edit a curator turned down.
    case rejected
    /// An edit (manual mask, rejected proposal, deletion) waiting for a different curator.
    case awaitingCurator = "awaiting-curator"
    /// A manual mask in effect: approved by a curator, or made in single-person mode.
    case approved
    /// Removed; kept for the record.
    case deleted

    /// True when the mask is painted into the output at commit.
    public var isApplied: Bool { self == .accepted || self == .approved }
}

/// What an edit awaiting a curator would do once approved.
public enum PendingEdit: String, Sendable, Codable, CaseIterable {
    /// A manual mask, or a new position or size of a mask: approved, it is applied.
    case manual
    /// The rejection of a proposed mask: approved, the mask is not applied.
    case reject
    /// The deletion of a mask in effect: approved, the mask is removed.
    case delete
}

/// The status of an override (a reviewer's explicit exception, with a reason).
public enum OverrideStatus: String, Sendable, Codable, CaseIterable {
    case awaitingCurator = "awaiting-curator"
    case approved
    case rejected
    /// Taken back by its author before a curator decided.
    case withdrawn
}

/// The roles of the three kinds of user.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Reviews flagged images: approves, rejects, edits masks.
    case officer
    /// Approves other people's mask edits and overrides.
    case curator
    /// Exports committed, approved batches.
    case exporter
}

/// Whether decisions were taken with roles enforced or by anyone (no roles configured).
public enum DecisionMode: String, Sendable, Codable {
    case roles
    case singlePerson = "single-person"
}

/// What a decision applies to.
public enum DecisionScope: String, Sendable, Codable, CaseIterable {
    case instance, series, study, mask, override, batch, decision
}

/// The kinds of decision the store records.
public enum DecisionKind: String, Sendable, Codable, CaseIterable {
    case approve, reject
    case acceptMask = "accept-mask"
    case rejectMask = "reject-mask"
    case addMask = "add-mask"
    case moveMask = "move-mask"
    case resizeMask = "resize-mask"
    case deleteMask = "delete-mask"
    case override
    case curatorApprove = "curator-approve"
    case curatorReject = "curator-reject"
    /// `decide --approve-all [--accept-proposed]`: every needs-review instance approved at once.
    case approveAll = "approve-all"
    case undo
}

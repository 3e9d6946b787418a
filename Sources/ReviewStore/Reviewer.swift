/// The person making a decision, with the key that signs it on their behalf.
///
/// Once roles are configured, a decision must be signed with the key registered for `name`. In
/// single-person mode the signer is optional (the batch operator's key when given); without one the
/// decision is recorded unsigned, and says so.
public struct Reviewer: Sendable {
    public let name: String
    public let signer: (any DecisionSigner)?

    public init(_ name: String, signer: (any DecisionSigner)? = nil) {
        self.name = name
        self.signer = signer
    }
}

/// An edit a curator approves or rejects.
public enum CuratedItem: Sendable, Hashable {
    case mask(Int64)
    case override(Int64)
}

/// What an approval or rejection applies to: an instance (by id), or every instance of a series or
/// a study (by original UID).
public enum ReviewTarget: Sendable, Hashable {
    case instance(Int64)
    case series(String)
    case study(String)
}

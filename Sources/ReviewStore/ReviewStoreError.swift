/// An error from the review store, with what was being done and to which file or record.
public struct ReviewStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; callers branch on it.
    public enum Kind: String, Sendable, Equatable {
        /// The SQLite file could not be opened, migrated, read or written.
        case database
        /// A record named by id, path or UID does not exist.
        case notFound
        /// The action is not allowed in the current state (e.g. approving a quarantined instance).
        case invalidState
        /// Input was malformed (an empty reason for an override, a bad key, a bad rectangle).
        case invalidInput
        /// Roles are configured and the person lacks the role, or four-eyes forbids the action.
        case notPermitted
        /// A decision's signature is missing or does not verify against the registered public key.
        case badSignature
        /// Undo would overwrite a later decision by someone else.
        case conflict
        /// Commit or export is refused (blockers, changes since commit).
        case refused
        /// A file could not be read for hashing.
        case io
    }

    public let kind: Kind
    public let message: String
    /// The batch file or input file concerned, when known.
    public let file: String?

    public init(_ kind: Kind, _ message: String, file: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
    }

    public var description: String {
        if let file { return "\(file): \(kind.rawValue): \(message)" }
        return "\(kind.rawValue): \(message)"
    }
}

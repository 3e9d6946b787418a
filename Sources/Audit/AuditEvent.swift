/// What one audit entry records: who did what, with which tool, profile, keys and agreements.
///
/// `AuditLog.append` seals an event into an `AuditEntry` by adding the sequence number, the previous
/// entry's hash, the time, the signer, the hash and the signature.
public struct AuditEvent: Sendable, Equatable {
    /// The person who ran the command, as given (required, never guessed).
    public var operatorName: String
    /// The machine's host name.
    public var host: String
    public var action: AuditAction
    public var tool: ToolInfo
    /// The full effective profile. Its SHA-256 (of its canonical JSON) goes beside it as `profileSHA256`.
    public var profile: JSONValue
    /// Fingerprints of the keys involved, by role (e.g. "deid", "signing"); never the keys.
    public var keyFingerprints: [String: String]
    public var derivations: Derivations
    /// The OCR engine, when pixel text detection ran or can run.
    public var ocr: OCRInfo?
    public var governance: Governance
    /// File counts; required for commit, export and apply.
    public var counts: FileCounts?
    /// The sidecar manifest and its Merkle root; required for commit, export and apply.
    public var manifest: ManifestReference?
    /// The review decisions, when there were any.
    public var decisions: DecisionSummary?
    /// In a project log: the entry of the batch (or output) log this entry mirrors.
    public var origin: Origin?

    public init(
        operatorName: String, host: String, action: AuditAction, tool: ToolInfo, profile: JSONValue,
        keyFingerprints: [String: String], derivations: Derivations = .current, ocr: OCRInfo? = nil,
        governance: Governance, counts: FileCounts? = nil, manifest: ManifestReference? = nil,
        decisions: DecisionSummary? = nil, origin: Origin? = nil
    ) {
        self.origin = origin
        self.operatorName = operatorName
        self.host = host
        self.action = action
        self.tool = tool
        self.profile = profile
        self.keyFingerprints = keyFingerprints
        self.derivations = derivations
        self.ocr = ocr
        self.governance = governance
        self.counts = counts
        self.manifest = manifest
        self.decisions = decisions
    }
}

/// Where a project-log entry comes from: the log that holds the original entry, its seq and hash.
public struct Origin: Sendable, Equatable {
    /// The original log's path, as the writer saw it.
    public var log: String
    public var seq: Int
    /// The original entry's `hash`.
    public var hash: String

    public init(log: String, seq: Int, hash: String) {
        self.log = log
        self.seq = seq
        self.hash = hash
    }
}

/// The kinds of audited action.
public enum AuditAction: String, Sendable, CaseIterable {
    case keygen, scan, decisions, commit, export, apply

    /// Commit, export and apply write output files, so their entries carry counts and a manifest.
    public var writesOutputs: Bool {
        switch self {
        case .commit, .export, .apply: return true
        case .keygen, .scan, .decisions: return false
        }
    }
}

/// The build of dcmveil that wrote an entry.
public struct ToolInfo: Sendable, Equatable {
    public var version: String
    /// The git commit the binary was built from, embedded at build time.
    public var gitCommit: String
    /// The build configuration, e.g. "release" or "debug".
    public var build: String

    public init(version: String, gitCommit: String, build: String) {
        self.version = version
        self.gitCommit = gitCommit
        self.build = build
    }
}

/// Identifiers and versions of the keyed derivations, so a later reader knows how UIDs and dates were made.
public struct Derivations: Sendable, Equatable {
    public var uid: String
    public var dateShift: String

    /// The derivations this version of dcmveil uses.
    public static let current = Derivations(uid: "hmac-sha256-2.25/v1", dateShift: "hmac-sha256-days/v1")

    public init(uid: String, dateShift: String) {
        self.uid = uid
        self.dateShift = dateShift
    }
}

/// The OCR engine used to find burned-in text.
public struct OCRInfo: Sendable, Equatable {
    public var engine: String
    public var version: String

    public init(engine: String, version: String) {
        self.engine = engine
        self.version = version
    }
}

/// The agreements a release happens under, copied from the profile. Absent references are recorded as null.
public struct Governance: Sendable, Equatable {
    public var irbProtocol: String?
    /// Data use agreement id.
    public var dua: String?
    /// Data sharing agreement id.
    public var dsa: String?
    public var recipient: String?
    public var legalBasis: String?
    /// Whether standard contractual clauses apply to the transfer (nil when not stated).
    public var standardContractualClauses: Bool?

    public init(
        irbProtocol: String? = nil, dua: String? = nil, dsa: String? = nil, recipient: String? = nil,
        legalBasis: String? = nil, standardContractualClauses: Bool? = nil
    ) {
        self.irbProtocol = irbProtocol
        self.dua = dua
        self.dsa = dsa
        self.recipient = recipient
        self.legalBasis = legalBasis
        self.standardContractualClauses = standardContractualClauses
    }
}

/// How many files went in and out of a commit, export or apply.
public struct FileCounts: Sendable, Equatable {
    public var input: Int
    public var output: Int
    public var quarantined: Int
    /// Further counts by name (e.g. "failed", "skipped"); names must differ from the three above.
    public var other: [String: Int]

    public init(input: Int, output: Int, quarantined: Int, other: [String: Int] = [:]) {
        self.input = input
        self.output = output
        self.quarantined = quarantined
        self.other = other
    }
}

/// Where the sidecar manifest of an entry is and what it hashes to.
public struct ManifestReference: Sendable, Equatable {
    /// The manifest's path relative to the directory holding the log.
    public var file: String
    /// SHA-256 (hex) of the manifest file's bytes.
    public var sha256: String
    /// The Merkle root (hex) over the manifest rows; see `MerkleTree`.
    public var merkleRoot: String

    public init(file: String, sha256: String, merkleRoot: String) {
        self.file = file
        self.sha256 = sha256
        self.merkleRoot = merkleRoot
    }
}

/// The review decisions behind a commit: counts, every override with its reason, manual masks.
public struct DecisionSummary: Sendable, Equatable {
    public var approved: Int
    public var rejected: Int
    public var manualMasks: Int
    public var overrides: [Override]
    /// The signed review decisions this summary covers (a `decisions` entry lists them; a commit
    /// entry leaves them out). Empty: the member is omitted.
    public var records: [Reference]

    public init(approved: Int, rejected: Int, manualMasks: Int, overrides: [Override] = [], records: [Reference] = []) {
        self.approved = approved
        self.rejected = rejected
        self.manualMasks = manualMasks
        self.overrides = overrides
        self.records = records
    }

    /// One review decision as stored in the batch, by id and by the hash of what was signed.
    public struct Reference: Sendable, Equatable {
        /// The decision's id in the batch store.
        public var id: Int
        /// The decision kind, e.g. "approve", "add-mask", "override".
        public var kind: String
        public var reviewer: String
        /// SHA-256 (hex) of the decision's signed message bytes.
        public var messageSHA256: String
        /// The fingerprint of the key that signed it; nil when it was recorded unsigned.
        public var signer: String?

        public init(id: Int, kind: String, reviewer: String, messageSHA256: String, signer: String?) {
            self.id = id
            self.kind = kind
            self.reviewer = reviewer
            self.messageSHA256 = messageSHA256
            self.signer = signer
        }
    }

    /// One departure from the profile's proposal, and why.
    public struct Override: Sendable, Equatable {
        /// What was overridden, e.g. "series/1.2.3/img0001.dcm (0010,0010)" or a mask id.
        public var subject: String
        /// What was decided instead, e.g. "keep", "remove", "mask".
        public var decision: String
        public var reason: String
        /// Who decided, when known.
        public var reviewer: String?

        public init(subject: String, decision: String, reason: String, reviewer: String? = nil) {
            self.subject = subject
            self.decision = decision
            self.reason = reason
            self.reviewer = reviewer
        }
    }
}

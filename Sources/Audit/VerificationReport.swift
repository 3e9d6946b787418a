/// What `AuditLog.verify` found: how far the log is intact, and the first broken entry if any.
public struct VerificationReport: Sendable, Equatable {
    /// The log file.
    public var path: String
    /// Complete lines (ending in "\n") in the log.
    public var lineCount: Int
    /// Entries checked and found intact before the first failure (all of them when intact).
    public var verifiedCount: Int
    /// SHA-256 (hex) of the last intact line: the `prev` the next entry will carry. Nil when none.
    public var head: String?
    /// Fingerprints of the keys that signed the intact entries, in order of first appearance.
    public var signers: [String]
    /// True only when a trusted public key was given: without one, signatures cannot be checked
    /// and the report vouches only for the hash chain.
    public var signaturesChecked: Bool
    /// Output files re-hashed against their manifests.
    public var filesChecked: Int
    /// The first broken entry, or nil when the log is intact.
    public var failure: VerificationFailure?

    /// True when nothing failed.
    public var isIntact: Bool { failure == nil }

    /// One or two lines for a terminal.
    public var summary: String {
        if let failure {
            return "\(path): BROKEN at line \(failure.line): \(failure.reason.rawValue): \(failure.detail)"
                + " (\(verifiedCount) of \(lineCount) entries intact before it)"
        }
        var s = "\(path): intact: \(lineCount) entries"
        if let head { s += ", head \(head)" }
        s += signaturesChecked ? ", signatures checked" : ", signatures NOT checked (no trusted public key)"
        if !signers.isEmpty { s += ", signer \(signers.joined(separator: ", "))" }
        if filesChecked > 0 { s += ", \(filesChecked) output files match" }
        return s
    }
}

/// The first broken entry of a log: its 1-based line number and why.
public struct VerificationFailure: Sendable, Equatable {
    /// The categories of breakage.
    public enum Reason: String, Sendable, Equatable {
        case tornLine = "torn-line"            // the last line has no newline: a write was cut short
        case emptyLine = "empty-line"
        case malformed                         // not JSON, or not an entry of the expected shape
        case notCanonical = "not-canonical"    // JSON, but not the canonical bytes of its value
        case sequence                          // seq is not the line number
        case brokenLink = "broken-link"        // prev is not the SHA-256 of the previous line
        case hashMismatch = "hash-mismatch"    // hash is not the SHA-256 of the body
        case profileHash = "profile-hash"      // profileSHA256 is not the SHA-256 of the profile
        case badSignature = "bad-signature"    // the signature does not verify with the trusted key
        case untrustedSigner = "untrusted-signer"  // signed by another key than the trusted one
        case missingAnchor = "missing-anchor"  // the expected head hash is not in the log
        case manifest                          // the sidecar manifest is missing or does not match the entry
        case outputFile = "output-file"        // an output file is missing or hashes otherwise
    }

    /// 1-based line number of the entry at fault (one past the last line for a missing anchor).
    public var line: Int
    public var reason: Reason
    /// What was expected and what was found.
    public var detail: String

    public init(line: Int, reason: Reason, detail: String) {
        self.line = line
        self.reason = reason
        self.detail = detail
    }
}

import Crypto

/// One sealed line of an audit log: an `AuditEvent` with its place in the chain, hash and signature.
///
/// How a line is made (and what the verifier recomputes):
/// 1. **body** = the entry object without its `hash` and `signature` members: the event's members
///    (`action`, `counts`, `decisions`, `derivations`, `governance`, `host`, `keyFingerprints`,
///    `manifestFile`, `manifestSHA256`, `merkleRoot`, `ocr`, `operator`, `profile`, `profileSHA256`,
///    `tool`; optional ones omitted when absent) plus `seq`, `prev`, `time` and `signer`.
/// 2. **hash** = SHA-256 of `CanonicalJSON.encode(body)`, as 64 lowercase hex digits.
/// 3. **signature** = Ed25519 with the signing key over the 32 raw bytes of that SHA-256, as
///    padded standard base64. **signer** (inside the body, so it is hashed and signed too) is the
///    fingerprint of the public key (`FingerprintLabel.signing`).
/// 4. **line** = `CanonicalJSON.encode(body + hash + signature)`; the log holds line + "\n".
/// 5. The next entry's **prev** = SHA-256 of this line's bytes (without the "\n"), hex; the first
///    entry's prev is 64 zeros. So prev covers the whole previous line, signature included.
/// 6. **seq** counts from 1 and equals the entry's line number. **time** is RFC 3339 UTC with
///    milliseconds. **profileSHA256** = SHA-256 of the canonical JSON of `profile`.
public struct AuditEntry: Sendable, Equatable {
    public let seq: Int
    /// SHA-256 (hex) of the previous line, or 64 zeros.
    public let prev: String
    /// RFC 3339 UTC, e.g. `2026-11-29T13:26:56.120Z`.
    public let time: String
    /// Fingerprint of the public key that signed the entry.
    public let signer: String
    public let event: AuditEvent
    /// SHA-256 (hex) of the canonical body.
    public let hash: String
    /// Ed25519 signature of the hash bytes, base64.
    public let signature: String
    /// The canonical line, without its newline.
    public let line: [UInt8]

    /// SHA-256 (hex) of `line`: what the next entry's `prev` must be.
    public var lineHash: String { Hex.encode(SHA256.hash(data: line)) }

    /// The `prev` of a first entry.
    public static let genesisPrev = String(repeating: "0", count: 64)

    /// Seals `event` as entry `seq` after the line hashing to `prev`, signed with `key`.
    public static func seal(
        _ event: AuditEvent, seq: Int, prev: String, time: String, signingKey key: SigningKey
    ) throws -> AuditEntry {
        guard seq >= 1, Hex.isHex(prev, byteCount: 32) else {
            throw AuditError(.badEntry, "seq must be at least 1 and prev 64 lowercase hex digits")
        }
        var members = try event.jsonMembers()
        members["seq"] = .int(Int64(seq))
        members["prev"] = .string(prev)
        members["time"] = .string(time)
        members["signer"] = .string(key.fingerprint)
        let digest = Array(SHA256.hash(data: try CanonicalJSON.encode(.object(members))))
        let hash = Hex.encode(digest)
        let signature = Base64.encode(try key.signature(for: digest))
        members["hash"] = .string(hash)
        members["signature"] = .string(signature)
        let line = try CanonicalJSON.encode(.object(members))
        return AuditEntry(
            seq: seq, prev: prev, time: time, signer: key.fingerprint, event: event, hash: hash, signature: signature,
            line: line)
    }

    init(
        seq: Int, prev: String, time: String, signer: String, event: AuditEvent, hash: String, signature: String,
        line: [UInt8]
    ) {
        self.seq = seq
        self.prev = prev
        self.time = time
        self.signer = signer
        self.event = event
        self.hash = hash
        self.signature = signature
        self.line = line
    }

    /// Reads an entry from one log line (no newline). This checks form only: use
    /// `AuditLog.verify` to check hashes, signatures and the chain.
    public init(line: [UInt8]) throws {
        let f = try JSONFields(try JSONParser.parse(line), path: "entry")
        try self.init(fields: f, line: line)
    }

    init(fields f: JSONFields, line: [UInt8]) throws {
        self.init(
            seq: try f.int("seq"), prev: try f.string("prev"), time: try f.string("time"), signer: try f.string("signer"),
            event: try AuditEvent(fields: f), hash: try f.string("hash"), signature: try f.string("signature"),
            line: line)
    }
}

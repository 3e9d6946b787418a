import Crypto

/// Something that signs decisions on a person's behalf: their Ed25519 private key.
///
/// `Audit.SigningKey` fits this shape; `Ed25519DecisionSigner` is the store's own implementation.
public protocol DecisionSigner: Sendable {
    /// The 32 raw bytes of the Ed25519 public key.
    var publicKey: [UInt8] { get }
    /// The 64-byte Ed25519 signature of `message`.
    func signature(for message: [UInt8]) throws -> [UInt8]
}

/// A `DecisionSigner` holding an Ed25519 private key in memory.
public struct Ed25519DecisionSigner: DecisionSigner {
    private let secret: [UInt8]
    public let publicKey: [UInt8]

    private init(key: Curve25519.Signing.PrivateKey) {
        secret = Array(key.rawRepresentation)
        publicKey = Array(key.publicKey.rawRepresentation)
    }

    /// The signer for these 32 raw private key bytes.
    public init(privateKey raw: [UInt8]) throws {
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        } catch {
            throw ReviewStoreError(.invalidInput, "not a 32-byte Ed25519 private key")
        }
        self.init(key: key)
    }

    /// A signer with a fresh random key.
    public static func generate() -> Ed25519DecisionSigner { Ed25519DecisionSigner(key: Curve25519.Signing.PrivateKey()) }

    /// The raw 32 private key bytes (to save a test key; real keys live in key files).
    public var privateKeyBytes: [UInt8] { secret }

    public func signature(for message: [UInt8]) throws -> [UInt8] {
        do {
            return Array(try Curve25519.Signing.PrivateKey(rawRepresentation: secret).signature(for: message))
        } catch {
            throw ReviewStoreError(.badSignature, "Ed25519 signing failed: \(error)")
        }
    }
}

/// Verifying and naming Ed25519 public keys.
public enum DecisionKeys {
    /// True when `key` is a valid 32-byte Ed25519 public key.
    public static func isValidPublicKey(_ key: [UInt8]) -> Bool {
        (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil
    }

    /// True when `signature` is `key`'s Ed25519 signature of `message`.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey key: [UInt8]) -> Bool {
        guard let k = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else { return false }
        return k.isValidSignature(signature, for: message)
    }

    /// The key's fingerprint: the first 16 hex digits of SHA-256("dcmveil-signing-v1" || 0x00 || key),
    /// the same label and formula as the audit log's signing-key fingerprints.
    public static func fingerprint(_ key: [UInt8]) -> String {
        var h = SHA256()
        h.update(data: Array("dcmveil-signing-v1".utf8))
        h.update(data: [0])
        h.update(data: key)
        return String(hex(h.finalize()).prefix(16))
    }

    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The exact bytes a decision's signature covers.
///
/// Format `dcmveil-decision-v1`: the line `dcmveil-decision-v1\n`, then for each field in this order
/// — batch, scope, target, kind, reviewer, time, reason, payload, mode — the field name, `=`, the
/// decimal byte length of the UTF-8 value, `:`, the value's bytes and `\n`. Length prefixes make
/// the encoding unambiguous whatever the values contain. The payload is the stored JSON text.
public struct DecisionMessage: Sendable, Hashable {
    public var batchID: String
    public var scope: DecisionScope
    /// E.g. `instance:PATH@SHA256`, `series:UID`, `study:UID`, `mask:ID@PATH`, `override:ID@PATH`,
    /// `batch`, `decision:ID`.
    public var target: String
    public var kind: DecisionKind
    public var reviewer: String
    /// RFC 3339 UTC with milliseconds.
    public var time: String
    public var reason: String
    /// Canonical JSON (sorted keys) of the decision's details.
    public var payload: String
    public var mode: DecisionMode

    public init(batchID: String, scope: DecisionScope, target: String, kind: DecisionKind, reviewer: String,
                time: String, reason: String, payload: String, mode: DecisionMode) {
        self.batchID = batchID
        self.scope = scope
        self.target = target
        self.kind = kind
        self.reviewer = reviewer
        self.time = time
        self.reason = reason
        self.payload = payload
        self.mode = mode
    }

    /// The canonical bytes that are signed.
    public var canonicalBytes: [UInt8] {
        var out = Array("dcmveil-decision-v1\n".utf8)
        let fields: [(String, String)] = [
            ("batch", batchID), ("scope", scope.rawValue), ("target", target), ("kind", kind.rawValue),
            ("reviewer", reviewer), ("time", time), ("reason", reason), ("payload", payload), ("mode", mode.rawValue),
        ]
        for (name, value) in fields {
            let v = Array(value.utf8)
            out += Array("\(name)=\(v.count):".utf8)
            out += v
            out.append(0x0A)
        }
        return out
    }
}

import Crypto
import Foundation

/// The secret half of an Ed25519 audit signing key. Its text form never leaves this type except
/// into a key file; printing it shows only the fingerprint.
public struct SigningKey: Sendable, CustomStringConvertible, CustomReflectable {
    // Kept as raw bytes: Crypto's key types are not Sendable.
    private let secret: [UInt8]
    /// The public half.
    public let verifyingKey: VerifyingKey

    private var key: Curve25519.Signing.PrivateKey {
        get throws { try Curve25519.Signing.PrivateKey(rawRepresentation: secret) }
    }

    /// A fresh random key.
    public init() {
        let k = Curve25519.Signing.PrivateKey()
        secret = Array(k.rawRepresentation)
        verifyingKey = VerifyingKey(publicBytes: Array(k.publicKey.rawRepresentation))
    }

    /// The key with these 32 secret bytes.
    public init(rawRepresentation: some ContiguousBytes) throws {
        do {
            let k = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
            secret = Array(k.rawRepresentation)
            verifyingKey = VerifyingKey(publicBytes: Array(k.publicKey.rawRepresentation))
        } catch {
            throw AuditError(.badKeyFile, "not a 32-byte Ed25519 private key")
        }
    }

    /// The fingerprint of the public half (label `FingerprintLabel.signing`).
    public var fingerprint: String { verifyingKey.fingerprint }

    /// The Ed25519 signature of `message` (64 bytes).
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw AuditError(.crypto, "Ed25519 signing failed: \(error)")
        }
    }

    /// Reads a secret key file (PKCS#8 PEM or base64 of the raw 32 bytes). Refuses a file that
    /// group or others can read.
    public static func load(from url: URL) throws -> SigningKey {
        let text = try KeyFile.read(url, secret: true)
        let raw = try KeyFile.rawKey(from: text, label: KeyFile.privateLabel, prefix: KeyFile.pkcs8Prefix, path: url.path)
        do {
            return try SigningKey(rawRepresentation: raw)
        } catch let e as AuditError {
            throw e.inFile(url.path)
        }
    }

    /// Writes the key as PKCS#8 PEM to a new file with mode 0600. Refuses to overwrite.
    public func save(to url: URL) throws {
        let der = KeyFile.pkcs8Prefix + secret
        try KeyFile.create(url, text: KeyFile.pem(label: KeyFile.privateLabel, der: der), mode: 0o600)
    }

    public var description: String { "SigningKey(fingerprint: \(fingerprint))" }

    public var customMirror: Mirror { Mirror(self, children: ["fingerprint": fingerprint]) }
}

/// The public half of an Ed25519 audit signing key: checks entry signatures.
public struct VerifyingKey: Sendable, Equatable, CustomStringConvertible {
    /// The 32 public key bytes.
    public let rawRepresentation: [UInt8]

    init(publicBytes: [UInt8]) { rawRepresentation = publicBytes }

    /// The key with these 32 public bytes.
    public init(rawRepresentation: some ContiguousBytes) throws {
        do {
            let key = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
            self.rawRepresentation = Array(key.rawRepresentation)
        } catch {
            throw AuditError(.badKeyFile, "not a 32-byte Ed25519 public key")
        }
    }

    /// `fingerprint(label: FingerprintLabel.signing, keyBytes: rawRepresentation)`.
    public var fingerprint: String { Audit.fingerprint(label: FingerprintLabel.signing, keyBytes: rawRepresentation) }

    /// True when `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// Reads a public key file (SubjectPublicKeyInfo PEM or base64 of the raw 32 bytes).
    public static func load(from url: URL) throws -> VerifyingKey {
        let text = try KeyFile.read(url, secret: false)
        let raw = try KeyFile.rawKey(from: text, label: KeyFile.publicLabel, prefix: KeyFile.spkiPrefix, path: url.path)
        do {
            return try VerifyingKey(rawRepresentation: raw)
        } catch let e as AuditError {
            throw e.inFile(url.path)
        }
    }

    /// Writes the key as SubjectPublicKeyInfo PEM to a new file with mode 0644. Refuses to overwrite.
    public func save(to url: URL) throws {
        let der = KeyFile.spkiPrefix + rawRepresentation
        try KeyFile.create(url, text: KeyFile.pem(label: KeyFile.publicLabel, der: der), mode: 0o644)
    }

    public static func == (a: VerifyingKey, b: VerifyingKey) -> Bool { a.rawRepresentation == b.rawRepresentation }

    public var description: String { "VerifyingKey(fingerprint: \(fingerprint))" }
}

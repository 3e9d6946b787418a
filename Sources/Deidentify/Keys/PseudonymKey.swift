import Crypto
import Foundation

/// The 256-bit secret behind every keyed derivation (pseudonyms, UIDs, date offsets).
///
/// Stored as the raw 32 bytes in a file named `pseudonym.key` with mode 0600. The key itself never
/// appears in output, logs, manifests or the audit; its ``fingerprint`` does.
public struct PseudonymKey: Sendable {
    /// The raw secret bytes (kept as bytes because `SymmetricKey` is not `Sendable`).
    let secretBytes: [UInt8]
    /// SHA-256 states that have absorbed the key XOR ipad and XOR opad blocks (RFC 2104), computed once.
    /// Each MAC starts from a copy (`SHA256` is copy-on-write), so these are only ever read: safe to share
    /// between threads, which `SHA256` does not declare.
    nonisolated(unsafe) private let innerState: SHA256
    nonisolated(unsafe) private let outerState: SHA256

    /// The domain-separation label hashed in front of the key for its fingerprint.
    public static let fingerprintLabel = "dcmveil-pseudonym-key-v1"
    /// The size of the secret in bytes.
    public static let byteCount = 32

    /// A key from exactly 32 raw bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw KeyError.wrongSize(file: nil, expected: Self.byteCount, found: bytes.count)
        }
        self.init(raw: bytes)
    }

    /// A fresh random key from the system's secure random source.
    public static func generate() -> PseudonymKey {
        let k = SymmetricKey(size: .bits256)
        return PseudonymKey(raw: k.withUnsafeBytes { Array($0) })
    }

    private init(raw: [UInt8]) {
        secretBytes = raw
        let block = raw + [UInt8](repeating: 0, count: 64 - raw.count)
        var inner = SHA256(), outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5C })
        innerState = inner
        outerState = outer
    }

    /// Reads a key file written by `dcmveil keygen` (32 raw bytes).
    public static func read(path: String) throws -> PseudonymKey {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw KeyError.unreadable(file: path, reason: KeyFiles.describe(error))
        }
        guard data.count == byteCount else {
            throw KeyError.wrongSize(file: path, expected: byteCount, found: data.count)
        }
        return try PseudonymKey(bytes: Array(data))
    }

    /// The first 16 hex digits of SHA-256(label || 0x00 || key): safe to print, log and audit.
    public var fingerprint: String {
        KeyFiles.fingerprint(label: Self.fingerprintLabel, keyBytes: secretBytes)
    }

    /// HMAC-SHA-256 under this key of `domain || 0x00 || parts joined by 0x00`.
    ///
    /// Every derivation names its domain (`uid`, `date`, `patient`), so that outputs of one kind can never
    /// be confused with or computed from outputs of another.
    func mac(domain: String, _ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        // HMAC-SHA-256 (RFC 2104) written out from states that absorbed the pads once: the same bytes as
        // HMAC<SHA256>, without hashing the two pad blocks again per call (tests check both agree).
        var inner = innerState
        var d = domain
        d.withUTF8 { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let zero: [UInt8] = [0]
        for p in parts {
            zero.withUnsafeBytes { inner.update(bufferPointer: $0) }
            p.withUnsafeBytes { inner.update(bufferPointer: $0) }
        }
        let innerDigest = inner.finalize()
        var outer = outerState
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return Array(outer.finalize())
    }

    /// The reference HMAC through swift-crypto, for tests.
    func referenceMAC(domain: String, _ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        var h = HMAC<SHA256>(key: SymmetricKey(data: secretBytes))
        h.update(data: Array(domain.utf8))
        for p in parts {
            h.update(data: [0])
            h.update(data: Array(p))
        }
        return Array(h.finalize())
    }

    /// Writes the 32 raw bytes to a new file with mode 0600; refuses to overwrite.
    public func write(path: String) throws {
        try KeyFiles.writeSecret(secretBytes, to: path)
    }
}

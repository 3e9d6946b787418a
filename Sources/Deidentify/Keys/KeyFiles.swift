import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key files of a dcmveil installation: `pseudonym.key` (HMAC secret), `signing.key` and
/// `signing.pub` (Ed25519 pair for the audit), all stored as raw 32-byte values.
public enum KeyFiles {
    public static let pseudonymKeyName = "pseudonym.key"
    public static let signingKeyName = "signing.key"
    public static let signingPublicKeyName = "signing.pub"
    /// Domain-separation label for the fingerprint of an Ed25519 public key.
    public static let signingFingerprintLabel = "dcmveil-signing-key-v1"

    /// What `generate(in:)` wrote: file paths and fingerprints, never key bytes.
    public struct Generated: Sendable, Equatable {
        public var pseudonymKeyPath: String
        public var pseudonymKeyFingerprint: String
        public var signingKeyPath: String
        public var signingPublicKeyPath: String
        /// Fingerprint of the public key (the private key is identified by its public half).
        public var signingKeyFingerprint: String
    }

    /// Creates `dir` if needed and writes a new pseudonym key and Ed25519 key pair into it.
    /// Refuses (before writing anything) when any of the three files exists.
    public static func generate(in dir: String) throws -> Generated {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw KeyError.unwritable(file: dir, reason: describe(error))
        }
        let paths = [pseudonymKeyName, signingKeyName, signingPublicKeyName].map { (dir as NSString).appendingPathComponent($0) }
        for p in paths where fm.fileExists(atPath: p) { throw KeyError.exists(file: p) }

        let pseudonym = PseudonymKey.generate()
        try pseudonym.write(path: paths[0])
        let signing = Curve25519.Signing.PrivateKey()
        try writeSecret(Array(signing.rawRepresentation), to: paths[1])
        let pub = Array(signing.publicKey.rawRepresentation)
        try writeFile(pub, to: paths[2], mode: 0o644)
        return Generated(
            pseudonymKeyPath: paths[0], pseudonymKeyFingerprint: pseudonym.fingerprint,
            signingKeyPath: paths[1], signingPublicKeyPath: paths[2],
            signingKeyFingerprint: signingFingerprint(publicKey: pub))
    }

    /// The first 16 hex digits of SHA-256("dcmveil-signing-key-v1" || 0x00 || raw public key).
    public static func signingFingerprint(publicKey: [UInt8]) -> String {
        fingerprint(label: signingFingerprintLabel, keyBytes: publicKey)
    }

    /// The first 16 hex digits of SHA-256(label || 0x00 || key bytes).
    static func fingerprint(label: String, keyBytes: [UInt8]) -> String {
        var h = SHA256()
        h.update(data: Array(label.utf8))
        h.update(data: [0])
        h.update(data: keyBytes)
        return h.finalize().prefix(8).map { hex2($0) }.joined()
    }

    static func hex2(_ b: UInt8) -> String {
        let d = Array("0123456789abcdef")
        return String([d[Int(b >> 4)], d[Int(b & 0xF)]])
    }

    /// Writes a secret with mode 0600, creating the file exclusively (never overwriting).
    static func writeSecret(_ bytes: [UInt8], to path: String) throws {
        try writeFile(bytes, to: path, mode: 0o600)
    }

    private static func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 {
            let err = errno
            if err == EEXIST { throw KeyError.exists(file: path) }
            throw KeyError.unwritable(file: path, reason: String(cString: strerror(err)))
        }
        defer { close(fd) }
        // The umask may have narrowed the mode; make it exact.
        _ = fchmod(fd, mode)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw KeyError.unwritable(file: path, reason: reason)
            }
            off += n
        }
        if fsync(fd) != 0 {
            throw KeyError.unwritable(file: path, reason: String(cString: strerror(errno)))
        }
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? CocoaError, let u = e.userInfo[NSUnderlyingErrorKey] as? NSError {
            return u.localizedDescription
        }
        return (error as NSError).localizedDescription
    }
}

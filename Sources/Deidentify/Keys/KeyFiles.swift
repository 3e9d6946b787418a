import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pseudonym key file of a dcmveil installation, `pseudonym.key` (32 raw bytes, mode 0600), and the
/// names of the audit signing key files that `dcmveil keygen` writes next to it (through the Audit module).
public enum KeyFiles {
    public static let pseudonymKeyName = "pseudonym.key"
    public static let signingKeyName = "signing.key"
    public static let signingPublicKeyName = "signing.pub"

    /// The three key file paths in `dir`.
    public static func paths(in dir: String) -> (pseudonym: String, signing: String, signingPublic: String) {
        let d = dir as NSString
        return (d.appendingPathComponent(pseudonymKeyName), d.appendingPathComponent(signingKeyName), d.appendingPathComponent(signingPublicKeyName))
    }

    /// Creates `dir` if needed and checks that none of the three key files exists yet.
    public static func prepare(_ dir: String) throws {
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw KeyError.unwritable(file: dir, reason: describe(error))
        }
        let p = paths(in: dir)
        for f in [p.pseudonym, p.signing, p.signingPublic] where FileManager.default.fileExists(atPath: f) {
            throw KeyError.exists(file: f)
        }
    }

    /// Writes a new random pseudonym key to `dir/pseudonym.key` (refusing to overwrite) and returns it.
    public static func generatePseudonymKey(in dir: String) throws -> PseudonymKey {
        let key = PseudonymKey.generate()
        try key.write(path: paths(in: dir).pseudonym)
        return key
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

    static func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
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

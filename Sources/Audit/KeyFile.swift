import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing Ed25519 key files.
///
/// A key file is PEM: `PRIVATE KEY` holds PKCS#8 (RFC 8410) and `PUBLIC KEY` holds
/// SubjectPublicKeyInfo, so `openssl pkey` reads both. A file holding only the base64 of the 32 raw
/// key bytes is also read. Secret files are created with mode 0600 and never overwritten.
enum KeyFile {
    /// DER before the 32 private key bytes: PKCS#8 v1, algorithm id-Ed25519 (1.3.101.112).
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// DER before the 32 public key bytes: SubjectPublicKeyInfo, algorithm id-Ed25519.
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    static let privateLabel = "PRIVATE KEY"
    static let publicLabel = "PUBLIC KEY"

    /// The PEM text of `der` under `label`.
    static func pem(label: String, der: [UInt8]) -> String {
        let b64 = Data(der).base64EncodedString()
        var lines: [String] = ["-----BEGIN \(label)-----"]
        var rest = Substring(b64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The 32 raw key bytes in `text`: PEM with `label` whose DER starts with `prefix`, or bare base64.
    static func rawKey(from text: String, label: String, prefix: [UInt8], path: String) throws -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        if trimmed.hasPrefix("-----BEGIN") {
            guard trimmed.hasPrefix(begin), trimmed.hasSuffix(end) else {
                throw AuditError(.badKeyFile, "expected a PEM block labelled \(label)", file: path)
            }
            let body = trimmed.dropFirst(begin.count).dropLast(end.count)
                .filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(body)).map(Array.init) else {
                throw AuditError(.badKeyFile, "the PEM body is not base64", file: path)
            }
            guard der.count == prefix.count + 32, Array(der.prefix(prefix.count)) == prefix else {
                throw AuditError(.badKeyFile, "the PEM block is not an Ed25519 \(label.lowercased())", file: path)
            }
            return Array(der.suffix(32))
        }
        guard let raw = Data(base64Encoded: trimmed).map(Array.init), raw.count == 32 else {
            throw AuditError(.badKeyFile, "expected PEM or the base64 of 32 key bytes", file: path)
        }
        return raw
    }

    /// Reads a key file as UTF-8 text. With `secret`, refuses a file that others may read.
    static func read(_ url: URL, secret: Bool) throws -> String {
        let path = url.path
        if secret {
            var st = stat()
            guard stat(path, &st) == 0 else {
                throw AuditError(.io, "cannot stat: \(String(cString: strerror(errno)))", file: path)
            }
            if st.st_mode & 0o077 != 0 {
                throw AuditError(
                    .badKeyFile, "the secret key file is readable by group or others; run chmod 600 on it",
                    file: path)
            }
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AuditError(.io, "cannot read: \(error.localizedDescription)", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AuditError(.badKeyFile, "not UTF-8 text", file: path)
        }
        return text
    }

    /// Creates `url` with `mode` and writes `text`, refusing to replace an existing file.
    static func create(_ url: URL, text: String, mode: mode_t) throws {
        let path = url.path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST {
                throw AuditError(.keyFileExists, "refusing to overwrite an existing key file", file: path)
            }
            throw AuditError(.io, "cannot create: \(String(cString: strerror(code)))", file: path)
        }
        defer { close(fd) }
        // The umask may only have removed bits; make the mode exact.
        guard fchmod(fd, mode) == 0 else {
            let code = errno
            unlink(path)
            throw AuditError(.io, "cannot set mode: \(String(cString: strerror(code)))", file: path)
        }
        let bytes = Array(text.utf8)
        let written = POSIX.writeOnce(fd, bytes)
        guard written == bytes.count, fsync(fd) == 0 else {
            let code = errno
            unlink(path)
            throw AuditError(.io, "cannot write: \(String(cString: strerror(code)))", file: path)
        }
        POSIX.syncDirectory(of: path)
    }
}

import Crypto
import Foundation

/// SHA-256 of files, streamed in 1 MiB blocks, as lowercase hex (what the batch stores).
public enum FileDigest {
    /// The SHA-256 of the file at `path`.
    public static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReviewStoreError(.io, "cannot open for hashing", file: path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw ReviewStoreError(.io, "cannot read for hashing: \(error.localizedDescription)", file: path)
        }
        return DecisionKeys.hex(hasher.finalize())
    }

    /// The SHA-256 of `bytes`.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        DecisionKeys.hex(SHA256.hash(data: bytes))
    }
}

import Crypto

/// A short, non-secret name for a key: the first 16 hex digits of
/// SHA-256(UTF-8 bytes of `label` || 0x00 || `keyBytes`).
///
/// The label separates uses (`"dcmveil-signing-v1"` for the public half of an audit signing key), so
/// the same bytes used for two purposes get unrelated fingerprints. For a secret key, pass bytes
/// that are safe to hash this way (the caller decides; this module only fingerprints public keys).
public func fingerprint(label: String, keyBytes: some Sequence<UInt8>) -> String {
    var hasher = SHA256()
    hasher.update(data: Array(label.utf8))
    hasher.update(data: [0])
    hasher.update(data: Array(keyBytes))
    return String(Hex.encode(hasher.finalize()).prefix(16))
}

/// Labels for `fingerprint(label:keyBytes:)`, one per kind of key.
public enum FingerprintLabel {
    /// The public half of an Ed25519 audit signing key.
    public static let signing = "dcmveil-signing-v1"
}

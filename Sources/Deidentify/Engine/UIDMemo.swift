import Synchronization

/// A bounded memo of ``UIDRemapper/remap(bytes:)``, shared by every thread using one ``Deidentifier``.
///
/// A batch meets the same study, series, frame-of-reference and referenced UIDs in file after file; each
/// costs an HMAC. The remap is a pure function of the UID and the key, so the memo changes no output.
/// It holds at most ``capacity`` UIDs and starts again when full, so memory stays flat on any batch.
final class UIDMemo: Sendable {
    static let capacity = 20_000
    private let table = Mutex<[[UInt8]: String]>([:])

    /// The remapped UID for `uid` (already without padding), computed once per memo generation.
    func remap(_ uid: ArraySlice<UInt8>, with remapper: UIDRemapper) -> String {
        let key = Array(uid)
        if let hit = table.withLock({ $0[key] }) { return hit }
        let value = remapper.remap(bytes: uid)
        table.withLock { t in
            if t.count >= Self.capacity { t.removeAll(keepingCapacity: true) }
            t[key] = value
        }
        return value
    }
}

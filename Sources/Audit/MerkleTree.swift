import Crypto

/// The Merkle tree over manifest rows whose root goes into commit, export and apply entries.
///
/// - leaf = SHA-256(0x00 || canonical JSON bytes of the row)
/// - node = SHA-256(0x01 || left || right)
/// - Leaves are paired left to right, level by level; an odd node at the end of a level is promoted
///   to the next level unchanged (never duplicated, so no two row lists share a root).
/// - The root of no rows is SHA-256 of the empty string.
/// The 0x00/0x01 prefixes keep a leaf from ever being read as an inner node.
public enum MerkleTree {
    /// SHA-256(0x00 || data).
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: data)
        return Array(h.finalize())
    }

    /// SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left)
        h.update(data: right)
        return Array(h.finalize())
    }

    /// The root over leaf hashes, in order.
    public static func root(leafHashes: [[UInt8]]) -> [UInt8] {
        guard !leafHashes.isEmpty else { return Array(SHA256.hash(data: [UInt8]())) }
        var level = leafHashes
        while level.count > 1 {
            var next: [[UInt8]] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    /// The root over raw leaf data (each hashed with `leafHash` first), as hex.
    public static func rootHex(leaves: [[UInt8]]) -> String {
        Hex.encode(root(leafHashes: leaves.map(leafHash)))
    }
}

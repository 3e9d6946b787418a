/// Keyed replacement of instance-level UIDs.
///
/// A new UID is `2.25.` followed by the decimal form of a 128-bit number made from
/// HMAC-SHA-256(key, "uid" || 0x00 || original UID): the first 16 bytes of the MAC, read big-endian, with
/// the UUID version nibble (the high 4 bits of byte 6) set to 8 and the variant (the high 2 bits of byte 8)
/// set to binary 10, as for an RFC 9562 version 8 UUID. The original is taken without trailing
/// NUL or space padding. The same original and key give the same new UID in every batch and on every
/// machine; without the key nobody can confirm a guessed original.
public struct UIDRemapper: Sendable {
    let key: PseudonymKey

    public init(key: PseudonymKey) { self.key = key }

    /// The keyed replacement for `uid` (always a valid UID of at most 44 characters).
    public func remap(_ uid: String) -> String {
        remap(bytes: ArraySlice(uid.utf8))
    }

    /// The keyed replacement for a UID given as ASCII bytes (padding is ignored).
    public func remap(bytes: ArraySlice<UInt8>) -> String {
        var b = bytes
        while let l = b.last, l == 0 || l == 0x20 { b.removeLast() }
        while let f = b.first, f == 0x20 { b.removeFirst() }
        var mac = key.mac(domain: "uid", [b])
        mac[6] = (mac[6] & 0x0F) | 0x80
        mac[8] = (mac[8] & 0x3F) | 0x80
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<8 { hi = hi << 8 | UInt64(mac[i]) }
        for i in 8..<16 { lo = lo << 8 | UInt64(mac[i]) }
        return "2.25." + Self.decimal(hi: hi, lo: lo)
    }

    /// The decimal digits of the 128-bit number `hi << 64 | lo`.
    static func decimal(hi: UInt64, lo: UInt64) -> String {
        let chunk: UInt64 = 10_000_000_000_000_000_000  // 10^19
        var h = hi, l = lo
        var parts: [UInt64] = []
        repeat {
            let qh = h / chunk
            let r = h % chunk
            let (ql, rl) = chunk.dividingFullWidth((r, l))
            parts.append(rl)
            h = qh
            l = ql
        } while h != 0 || l != 0
        var s = String(parts.removeLast())
        for p in parts.reversed() {
            let d = String(p)
            s += String(repeating: "0", count: 19 - d.count) + d
        }
        return s
    }

    /// True for UIDs that name things every implementation shares and that are never remapped:
    /// anything under the DICOM root `1.2.840.10008` (SOP classes, transfer syntaxes, coding schemes,
    /// well-known frames of reference, context groups, LDAP OIDs...) and HL7's registered code systems
    /// `2.16.840.1.113883.6` (SNOMED, LOINC and others used as coding-scheme UIDs).
    public static func isWellKnown<S: Collection>(_ uid: S) -> Bool where S.Element == UInt8 {
        hasPrefix(uid, dicomRoot) || hasPrefix(uid, hl7CodeSystems)
            || uid.elementsEqual(dicomRoot.dropLast())
    }

    public static func isWellKnown(_ uid: String) -> Bool { isWellKnown(Array(uid.utf8)) }

    private static let dicomRoot = Array("1.2.840.10008.".utf8)
    private static let hl7CodeSystems = Array("2.16.840.1.113883.6.".utf8)

    private static func hasPrefix<S: Collection>(_ s: S, _ p: [UInt8]) -> Bool where S.Element == UInt8 {
        s.count >= p.count && s.prefix(p.count).elementsEqual(p)
    }

    /// True when `uid` is a valid UID: 1 to 64 characters, digits and dots, no empty component and
    /// no component with a leading zero other than `0` itself.
    public static func isValid(_ uid: String) -> Bool {
        let u = Array(uid.utf8)
        guard !u.isEmpty, u.count <= 64 else { return false }
        var componentStart = true
        var leadingZero = false
        for c in u {
            if c == UInt8(ascii: ".") {
                if componentStart { return false }
                componentStart = true
                leadingZero = false
            } else if c >= 0x30 && c <= 0x39 {
                if leadingZero { return false }
                if componentStart && c == 0x30 { leadingZero = true }
                componentStart = false
            } else {
                return false
            }
        }
        return !componentStart
    }
}

/// A value representation of PS3.5 §6.2.
public enum VR: String, Sendable, CaseIterable, Hashable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    /// Builds a VR from the two bytes of an explicit-VR header, or nil when they name no VR.
    @inlinable
    public init?(byte0: UInt8, byte1: UInt8) {
        guard let vr = VR.byCode[Int(byte0) << 8 | Int(byte1)] else { return nil }
        self = vr
    }

    @usableFromInline
    static let byCode: [Int: VR] = {
        var m: [Int: VR] = [:]
        for vr in VR.allCases {
            let u = Array(vr.rawValue.utf8)
            m[Int(u[0]) << 8 | Int(u[1])] = vr
        }
        return m
    }()

    /// The two ASCII bytes written in an explicit-VR header.
    public var bytes: (UInt8, UInt8) {
        var u = rawValue.utf8.makeIterator()
        return (u.next() ?? 0x3F, u.next() ?? 0x3F)
    }

    /// VRs whose explicit header has two reserved bytes and a 32-bit length.
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: return true
        default: return false
        }
    }

    /// Character string VRs, decoded through the Specific Character Set where it applies.
    public var isText: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }

    /// Text VRs whose value is one string, never split at backslashes.
    public var isSingleValuedText: Bool { self == .LT || self == .ST || self == .UT || self == .UR }

    /// Text VRs affected by Specific Character Set (others are always the default repertoire).
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .LO, .LT, .PN, .SH, .ST, .UC, .UT: return true
        default: return false
        }
    }

    /// The size of one binary value, used for byte swapping; nil for text, OB, UN and SQ.
    public var binaryUnitSize: Int? {
        switch self {
        case .US, .SS, .OW, .AT: return 2
        case .UL, .SL, .FL, .OF, .OL: return 4
        case .FD, .OD, .SV, .UV, .OV: return 8
        default: return nil
        }
    }

    /// The byte that pads a value to even length: space for text, NUL for UI and binary.
    public var paddingByte: UInt8 { (isText && self != .UI) ? 0x20 : 0x00 }
}

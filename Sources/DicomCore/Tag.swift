/// A DICOM attribute tag: a (group, element) pair packed as `group << 16 | element`.
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The packed 32-bit value, `group << 16 | element`.
    public let raw: UInt32

    public init(_ raw: UInt32) { self.raw = raw }
    public init(group: UInt16, element: UInt16) { self.raw = UInt32(group) << 16 | UInt32(element) }

    public var group: UInt16 { UInt16(truncatingIfNeeded: raw >> 16) }
    public var element: UInt16 { UInt16(truncatingIfNeeded: raw) }

    /// True for tags in an odd group (private attributes), excluding groups 0x0001, 0x0003, 0x0005, 0x0007 and 0xFFFF which are illegal.
    public var isPrivate: Bool { group & 1 == 1 }
    /// A private creator element, (gggg,0010–00FF) in an odd group.
    public var isPrivateCreator: Bool { isPrivate && element >= 0x0010 && element <= 0x00FF }
    /// The private creator slot owning this private data element: (gggg,00xx) for (gggg,xxyy).
    public var privateCreatorTag: Tag? {
        guard isPrivate, element >= 0x1000 else { return nil }
        return Tag(group: group, element: element >> 8)
    }
    /// Group length, (gggg,0000).
    public var isGroupLength: Bool { element == 0 }
    /// File meta information, group 0002.
    public var isFileMeta: Bool { group == 0x0002 }

    /// `(GGGG,EEEE)` with uppercase hex digits.
    public var description: String { "(\(Self.hex4(group)),\(Self.hex4(element)))" }
    /// `GGGGEEEE` as used in the DICOM JSON model.
    public var jsonKey: String { Self.hex4(group) + Self.hex4(element) }

    public static func < (a: Tag, b: Tag) -> Bool { a.raw < b.raw }

    /// Parses `(gggg,eeee)`, `gggg,eeee` or `ggggeeee` (hex, any case).
    public init?(parsing text: String) {
        let s = text.filter { $0 != "(" && $0 != ")" && $0 != "," && $0 != " " }
        guard s.count == 8, let v = UInt32(s, radix: 16) else { return nil }
        self.raw = v
    }

    static func hex4(_ v: UInt16) -> String {
        let digits: [Character] = Array("0123456789ABCDEF")
        return String([digits[Int(v >> 12) & 0xF], digits[Int(v >> 8) & 0xF], digits[Int(v >> 4) & 0xF], digits[Int(v) & 0xF]])
    }

    // Item and delimitation tags of PS3.5 §7.5.
    public static let item = Tag(0xFFFE_E000)
    public static let itemDelimitation = Tag(0xFFFE_E00D)
    public static let sequenceDelimitation = Tag(0xFFFE_E0DD)
}


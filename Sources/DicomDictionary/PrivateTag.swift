import DicomCore

/// A private data element named independently of where it landed: its private creator, its (odd) group
/// and the low byte of its element. In a data set it lives at (gggg,xxoo) where (gggg,00xx) holds the creator.
public struct PrivateTag: Hashable, Sendable, CustomStringConvertible {
    public let creator: String
    public let group: UInt16
    public let offset: UInt8

    public init(creator: String, group: UInt16, offset: UInt8) {
        self.creator = creator
        self.group = group
        self.offset = offset
    }

    /// `(gggg,"creator",oo)`, the notation of vendor conformance statements.
    public var description: String {
        let g = String(group, radix: 16, uppercase: true)
        let o = String(offset, radix: 16, uppercase: true)
        return "(\(String(repeating: "0", count: 4 - g.count) + g),\"\(creator)\",\(o.count < 2 ? "0" + o : o))"
    }

    /// The creator with the padding that writers leave (spaces and NULs at either end) removed, as compared.
    static func normalize(_ creator: String) -> String {
        var s = Substring(creator)
        while let c = s.last, c == " " || c == "\0" { s.removeLast() }
        while let c = s.first, c == " " || c == "\0" { s.removeFirst() }
        return String(s)
    }
}

extension DataSet {
    /// The private creator owning `tag`: the text of (gggg,00xx) for a private data element (gggg,xxyy),
    /// with padding trimmed; nil for public tags, creator elements themselves, or a missing or empty creator.
    public func privateCreator(of tag: Tag) -> String? {
        guard let creatorTag = tag.privateCreatorTag, let bytes = self[creatorTag]?.bytes else { return nil }
        let text = DataSet.decodeStrings(bytes, vr: .LO, charset: declaredCharacterSet ?? .default).first ?? ""
        let creator = PrivateTag.normalize(text)
        return creator.isEmpty ? nil : creator
    }

    /// Where `privateTag` lives in this data set: (gggg,xxoo) for the first slot (gggg,00xx), xx in
    /// 0x10…0xFF, whose creator equals `privateTag.creator` (padding ignored); nil when no slot holds it.
    public func resolve(_ privateTag: PrivateTag) -> Tag? {
        guard privateTag.group & 1 == 1 else { return nil }
        let wanted = PrivateTag.normalize(privateTag.creator)
        let charset = declaredCharacterSet ?? .default
        for slot: UInt16 in 0x10...0xFF {
            guard let bytes = self[Tag(group: privateTag.group, element: slot)]?.bytes else { continue }
            let text = DataSet.decodeStrings(bytes, vr: .LO, charset: charset).first ?? ""
            if PrivateTag.normalize(text) == wanted {
                return Tag(group: privateTag.group, element: slot << 8 | UInt16(privateTag.offset))
            }
        }
        return nil
    }

    /// The creator-relative name of the private data element `tag`, or nil when it is not one or its creator is missing.
    public func privateTag(for tag: Tag) -> PrivateTag? {
        guard let creator = privateCreator(of: tag) else { return nil }
        return PrivateTag(creator: creator, group: tag.group, offset: UInt8(truncatingIfNeeded: tag.element))
    }
}

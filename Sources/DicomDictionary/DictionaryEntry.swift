import DicomCore

/// One attribute of the PS3.6 data dictionary.
public struct DictionaryEntry: Sendable, Hashable {
    /// The tag; for a repeating-group entry, the pattern with its `X` digits as 0, e.g. (6000,3000) for `(60XX,3000)`.
    public let tag: Tag
    /// `0xFFFFFFFF` for a single tag; for a repeating group, 0 in the `X` digits (`0xFF00FFFF` for `(60XX,3000)`).
    public let mask: UInt32
    /// The keyword, e.g. `PatientName`; empty for a few retired entries that have none.
    public let keyword: String
    /// The name, e.g. `Patient's Name`.
    public let name: String
    /// Every VR the standard allows, in its order (`US or SS` gives `[.US, .SS]`); empty when it gives none
    /// (item and delimitation tags, a few retired entries).
    public let vrs: [VR]
    /// The first of `vrs`, or UN when there is none.
    public let vr: VR
    /// The value multiplicity as written in PS3.6, e.g. `1`, `1-n`, `2-2n`.
    public let vm: String
    public let isRetired: Bool

    public init(tag: Tag, mask: UInt32 = 0xFFFF_FFFF, keyword: String, name: String, vrs: [VR], vm: String, isRetired: Bool) {
        self.tag = tag
        self.mask = mask
        self.keyword = keyword
        self.name = name
        self.vrs = vrs
        self.vr = vrs.first ?? .UN
        self.vm = vm
        self.isRetired = isRetired
    }

    /// True for repeating-group entries such as `(60XX,3000)`.
    public var isRepeatingGroup: Bool { mask != TagMask.exact }

    /// True when this entry describes `tag` (exactly, or as a member of its repeating group).
    public func matches(_ tag: Tag) -> Bool { TagMask.matches(tag, value: self.tag.raw, mask: mask) }
}

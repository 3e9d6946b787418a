import DicomCore

/// One attribute of the PS3.6 data dictionary. A value type backed by one shared, immutable storage
/// object, so that passing entries around per element costs one reference count, not five.
public struct DictionaryEntry: Sendable, Hashable {
    private let storage: Storage

    public init(tag: Tag, mask: UInt32 = 0xFFFF_FFFF, keyword: String, name: String, vrs: [VR], vm: String, isRetired: Bool) {
        storage = Storage(tag: tag, mask: mask, keyword: keyword, name: name, vrs: vrs, vm: vm, isRetired: isRetired)
    }

    /// The tag; for a repeating-group entry, the pattern with its `X` digits as 0, e.g. (6000,3000) for `(60XX,3000)`.
    public var tag: Tag { storage.tag }
    /// `0xFFFFFFFF` for a single tag; for a repeating group, 0 in the `X` digits (`0xFF00FFFF` for `(60XX,3000)`).
    public var mask: UInt32 { storage.mask }
    /// The keyword, e.g. `PatientName`; empty for a few retired entries that have none.
    public var keyword: String { storage.keyword }
    /// The name, e.g. `Patient's Name`.
    public var name: String { storage.name }
    /// Every VR the standard allows, in its order (`US or SS` gives `[.US, .SS]`); empty when it gives none
    /// (item and delimitation tags, a few retired entries).
    public var vrs: [VR] { storage.vrs }
    /// The first of `vrs`, or UN when there is none.
    public var vr: VR { storage.vr }
    /// The value multiplicity as written in PS3.6, e.g. `1`, `1-n`, `2-2n`.
    public var vm: String { storage.vm }
    public var isRetired: Bool { storage.isRetired }

    /// True for repeating-group entries such as `(60XX,3000)`.
    public var isRepeatingGroup: Bool { storage.mask != TagMask.exact }

    /// True when this entry describes `tag` (exactly, or as a member of its repeating group).
    public func matches(_ tag: Tag) -> Bool { TagMask.matches(tag, value: storage.tag.raw, mask: storage.mask) }

    public static func == (a: DictionaryEntry, b: DictionaryEntry) -> Bool {
        a.storage === b.storage
            || (a.tag == b.tag && a.mask == b.mask && a.keyword == b.keyword && a.name == b.name && a.vrs == b.vrs
                && a.vm == b.vm && a.isRetired == b.isRetired)
    }

    public func hash(into h: inout Hasher) {
        h.combine(storage.tag)
        h.combine(storage.mask)
        h.combine(storage.keyword)
    }

    private final class Storage: Sendable {
        let tag: Tag
        let mask: UInt32
        let keyword: String
        let name: String
        let vrs: [VR]
        let vr: VR
        let vm: String
        let isRetired: Bool

        init(tag: Tag, mask: UInt32, keyword: String, name: String, vrs: [VR], vm: String, isRetired: Bool) {
            self.tag = tag
            self.mask = mask
            self.keyword = keyword
            self.name = name
            self.vrs = vrs
            self.vr = vrs.first ?? .UN
            self.vm = vm
            self.isRetired = isRetired
        }
    }
}

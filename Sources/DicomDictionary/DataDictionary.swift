import DicomCore

/// The DICOM data dictionary (PS3.6): tag ↔ keyword, VR, VM, name and retirement, including the
/// repeating groups (overlays 60xx, curves 50xx, …). The table is generated from the standard (see
/// `Generated/`) and indexed once, at first use.
public enum DataDictionary {
    /// The entry describing `tag`: the exact entry when there is one, else the repeating-group entry
    /// matching it; nil for private tags and unknown tags.
    public static func entry(for tag: Tag) -> DictionaryEntry? {
        let t = table
        guard let i = t.index(of: tag) else { return nil }
        return t.entries[i]
    }

    /// The VR to use for `tag` when the encoding gives none (implicit VR): the first VR of its entry,
    /// UL for group lengths (gggg,0000), LO for private creators (odd gggg,0010–00FF), UN otherwise.
    public static func vr(for tag: Tag) -> VR {
        if tag.element == 0 { return .UL }
        if tag.isPrivate { return tag.isPrivateCreator ? .LO : .UN }
        guard let i = table.index(of: tag) else { return .UN }
        return table.vrByEntry[i]
    }

    /// The keyword of `tag`, or nil when it is unknown (or the entry has none).
    public static func keyword(for tag: Tag) -> String? {
        let t = table
        guard let i = t.index(of: tag) else { return nil }
        let k = t.keywordByEntry[i]
        return k.isEmpty ? nil : k
    }

    /// The tag named by `keyword` (case-sensitive, e.g. `PatientName`). For a repeating-group keyword,
    /// the lowest member tag that resolves back to that entry: (6000,3000) for `OverlayData`, but
    /// (0028,0410) for `RowsForNthOrderCoefficients` `(0028,04X0)`, since (0028,0400) is another attribute.
    public static func tag(forKeyword keyword: String) -> Tag? {
        keywordIndex[keyword]
    }

    /// Every entry, in the order of the standard's table.
    public static var entries: [DictionaryEntry] { table.entries }

    // MARK: - Index

    /// The parsed table and its indexes.
    static let table = DictionaryTable(rows: generatedRows)

    static let keywordIndex: [String: Tag] = {
        let t = table
        var m: [String: Tag] = [:]
        m.reserveCapacity(t.entries.count)
        for (i, e) in t.entries.enumerated() where !e.keyword.isEmpty {
            m[e.keyword] = e.isRepeatingGroup ? t.firstMember(of: i) : e.tag
        }
        return m
    }()
}

/// The dictionary rows with an index by exact tag and the repeating-group patterns.
struct DictionaryTable: Sendable {
    let entries: [DictionaryEntry]
    /// The VR of each entry, kept apart so `vr(for:)` touches no strings.
    let vrByEntry: FrozenArray<VR>
    /// The keyword of each entry, kept apart so `keyword(for:)` copies no entry.
    let keywordByEntry: [String]
    /// Entry index by tag, for entries without `X` digits.
    let exact: TagIndex
    /// Entry index by repeating-group pattern.
    let repeating: RepeatingPatterns

    init(rows text: String) {
        var entries: [DictionaryEntry] = []
        var exact: [(tag: UInt32, row: Int)] = []
        var repeating: [(value: UInt32, mask: UInt32, row: Int)] = []
        TableText.forEachRow(text, columns: 6) { f in
            guard let (value, mask) = TagMask.parse(f[0]) else { return }
            let e = DictionaryEntry(
                tag: Tag(value), mask: mask, keyword: TableText.string(f[1]), name: TableText.string(f[5]),
                vrs: TableText.vrs(f[2]), vm: TableText.string(f[3]), isRetired: f[4].elementsEqual("Y".utf8))
            if mask == TagMask.exact {
                exact.append((value, entries.count))
            } else {
                repeating.append((value, mask, entries.count))
            }
            entries.append(e)
        }
        self.entries = entries
        self.vrByEntry = FrozenArray(entries.map(\.vr))
        self.keywordByEntry = entries.map(\.keyword)
        self.exact = TagIndex(exact)
        self.repeating = RepeatingPatterns(repeating)
    }

    /// The index of the entry describing `tag`.
    @inline(__always)
    func index(of tag: Tag) -> Int? {
        if let r = exact.row(tag.raw) { return r }
        // Repeating groups are all in even groups, so private tags never match one; nor does a group
        // length (gggg,0000), though (1000,XXX0) would otherwise cover it.
        if tag.isPrivate || tag.element == 0 { return nil }
        return repeating.row(tag)
    }

    /// The lowest tag that `index(of:)` maps to the repeating-group entry at `i` (its `X` digits counted
    /// up from 0); the entry's own tag when none is found in the first 4,096 members.
    func firstMember(of i: Int) -> Tag {
        let e = entries[i]
        var wildcardNibbles: [UInt32] = []
        for n in 0..<8 where (e.mask >> (UInt32(n) * 4)) & 0xF == 0 { wildcardNibbles.append(UInt32(n) * 4) }
        let tries = 1 << min(12, wildcardNibbles.count * 4)
        for counter in 0..<tries {
            var raw = e.tag.raw & e.mask
            for (k, shift) in wildcardNibbles.enumerated() { raw |= UInt32((counter >> (k * 4)) & 0xF) << shift }
            if index(of: Tag(raw)) == i { return Tag(raw) }
        }
        return e.tag
    }
}

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
        let t = table
        guard let i = t.index(of: tag) else { return .UN }
        return t.vrByEntry[i]
    }

    /// The keyword of `tag`, or nil when it is unknown (or the entry has none).
    public static func keyword(for tag: Tag) -> String? {
        guard let k = entry(for: tag)?.keyword, !k.isEmpty else { return nil }
        return k
    }

    /// The tag named by `keyword` (case-sensitive, e.g. `PatientName`); for a repeating-group keyword
    /// such as `OverlayData`, the first group's tag, (6000,3000).
    public static func tag(forKeyword keyword: String) -> Tag? {
        guard let i = keywordIndex[keyword] else { return nil }
        return table.entries[i].tag
    }

    /// Every entry, in the order of the standard's table.
    public static var entries: [DictionaryEntry] { table.entries }

    // MARK: - Index

    /// The parsed table and its indexes.
    static let table = DictionaryTable(rows: generatedRows)

    static let keywordIndex: [String: Int] = {
        var m: [String: Int] = [:]
        m.reserveCapacity(table.entries.count)
        for (i, e) in table.entries.enumerated() where !e.keyword.isEmpty { m[e.keyword] = i }
        return m
    }()
}

/// The dictionary rows with an index by exact tag and the list of repeating-group entries.
struct DictionaryTable: Sendable {
    let entries: [DictionaryEntry]
    /// The VR of each entry, kept apart so `vr(for:)` touches no strings.
    let vrByEntry: [VR]
    /// Entry index by tag, for entries without `X` digits.
    let exact: [UInt32: Int32]
    /// Indexes of repeating-group entries, most specific (most mask bits) first.
    let repeating: [Int32]

    init(rows text: String) {
        var entries: [DictionaryEntry] = []
        var exact: [UInt32: Int32] = [:]
        var repeating: [Int32] = []
        let rows = TableText.rows(text, columns: 6)
        entries.reserveCapacity(rows.count)
        exact.reserveCapacity(rows.count)
        for f in rows {
            guard let (value, mask) = TagMask.parse(f[0].utf8) else { continue }
            let e = DictionaryEntry(
                tag: Tag(value), mask: mask, keyword: String(f[1]), name: String(f[5]),
                vrs: TableText.vrs(f[2]), vm: String(f[3]), isRetired: f[4] == "Y")
            let i = Int32(entries.count)
            entries.append(e)
            if mask == TagMask.exact { exact[value] = i } else { repeating.append(i) }
        }
        repeating.sort { entries[Int($0)].mask.nonzeroBitCount > entries[Int($1)].mask.nonzeroBitCount }
        self.entries = entries
        self.vrByEntry = entries.map(\.vr)
        self.exact = exact
        self.repeating = repeating
    }

    /// The index of the entry describing `tag`.
    func index(of tag: Tag) -> Int? {
        if let i = exact[tag.raw] { return Int(i) }
        // Repeating groups are all in even groups; private tags never match one.
        if tag.isPrivate { return nil }
        for i in repeating where entries[Int(i)].matches(tag) { return Int(i) }
        return nil
    }
}

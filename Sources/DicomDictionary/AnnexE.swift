import DicomCore

/// An action code of PS3.15 Annex E, Table E.1-1 (see §E.3.1). Combined codes (`X/Z`, …) mean the
/// weaker action is allowed only where the IOD does not require the attribute.
public enum AnnexEAction: String, Sendable, CaseIterable {
    /// Replace with a non-zero-length dummy value consistent with the VR.
    case D
    /// Replace with a zero-length value, or a dummy value consistent with the VR.
    case Z
    /// Remove.
    case X
    /// Keep (non-sequence attributes unchanged; sequences cleaned).
    case K
    /// Clean: replace with values of similar meaning known not to identify.
    case C
    /// Replace with a non-zero-length UID, consistent within the set of instances.
    case U
    case ZD = "Z/D", XZ = "X/Z", XD = "X/D", XZD = "X/Z/D", XZU = "X/Z/U*"
}

/// An option of the Application Level Confidentiality Profile that has a column in Table E.1-1;
/// raw values are the JSON column names of the source table.
public enum AnnexEOption: String, Sendable, CaseIterable {
    case cleanGraphics = "cleanGraphOpt"
    case cleanStructuredContent = "cleanStructContOpt"
    case cleanDescriptors = "cleanDescOpt"
    case retainLongitudinalFullDates = "rtnLongFullDatesOpt"
    case retainLongitudinalModifiedDates = "rtnLongModifDatesOpt"
    case retainPatientCharacteristics = "rtnPatCharsOpt"
    case retainDeviceIdentity = "rtnDevIdOpt"
    case retainUIDs = "rtnUIDsOpt"
    case retainSafePrivate = "rtnSafePrivOpt"
    case retainInstitutionIdentity = "rtnInstIdOpt"
}

/// One row of Table E.1-1 for a tag or repeating group.
public struct AnnexERule: Sendable, Hashable {
    /// The tag; for a repeating group its `X` digits are 0, e.g. (6000,3000) for `(60XX,3000)`.
    public let tag: Tag
    /// `0xFFFFFFFF` for one tag; 0 in the `X` digits otherwise (`0xFF00FFFF` for `(60XX,3000)`,
    /// `0xFF000000` for `(50XX,XXXX)`).
    public let mask: UInt32
    public let name: String
    /// Whether the attribute is in a standard composite IOD (`stdCompIOD`).
    public let inStandardIOD: Bool
    /// The Basic Profile action.
    public let basic: AnnexEAction
    /// The action under each option that has one for this attribute.
    public let options: [AnnexEOption: AnnexEAction]

    public init(tag: Tag, mask: UInt32 = 0xFFFF_FFFF, name: String, inStandardIOD: Bool, basic: AnnexEAction, options: [AnnexEOption: AnnexEAction]) {
        self.tag = tag
        self.mask = mask
        self.name = name
        self.inStandardIOD = inStandardIOD
        self.basic = basic
        self.options = options
    }

    /// True for repeating-group rows such as `(60XX,3000)`.
    public var isRepeatingGroup: Bool { mask != TagMask.exact }

    /// True when this rule applies to `tag` (a masked rule matches even groups only).
    public func matches(_ tag: Tag) -> Bool { TagMask.matches(tag, value: self.tag.raw, mask: mask) }
}

/// The row of Table E.1-1 for all private attributes, `(GGGG,EEEE) WHERE GGGG IS ODD`, which names no tag.
public struct AnnexEPrivateRule: Sendable, Hashable {
    public let name: String
    public let inStandardIOD: Bool
    public let basic: AnnexEAction
    public let options: [AnnexEOption: AnnexEAction]

    public init(name: String, inStandardIOD: Bool, basic: AnnexEAction, options: [AnnexEOption: AnnexEAction]) {
        self.name = name
        self.inStandardIOD = inStandardIOD
        self.basic = basic
        self.options = options
    }
}

/// PS3.15 Annex E Table E.1-1, generated from the standard (see `Generated/`). The private-attributes
/// row is `privateAttributes`, not a member of `rules`.
public enum AnnexETable {
    /// Every tag rule, in the order of the source table.
    public static let rules: [AnnexERule] = {
        var rules: [AnnexERule] = []
        TableText.forEachRow(generatedRows, columns: 5) { f in
            guard let (value, mask) = TagMask.parse(f[0]), let basic = AnnexEAction(rawValue: TableText.string(f[2])) else { return }
            var options: [AnnexEOption: AnnexEAction] = [:]
            for pair in TableText.string(f[3]).split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, let o = AnnexEOption(rawValue: String(kv[0])), let a = AnnexEAction(rawValue: String(kv[1])) else { return }
                options[o] = a
            }
            rules.append(AnnexERule(
                tag: Tag(value), mask: mask, name: TableText.string(f[4]), inStandardIOD: f[1].elementsEqual("Y".utf8),
                basic: basic, options: options))
        }
        return rules
    }()

    /// The rule for `tag`: its exact row first, then a repeating-group row (`(60XX,3000)`, `(60XX,4000)`,
    /// `(50XX,XXXX)`) matching it; nil when the table does not list it (and always for private tags:
    /// see `privateAttributes`).
    public static func rule(for tag: Tag) -> AnnexERule? {
        if let i = exactIndex.row(tag.raw) { return rules[i] }
        if tag.isPrivate { return nil }
        return repeatingIndex.row(tag).map { rules[$0] }
    }

    private static let exactIndex = TagIndex(rules.indices.filter { !rules[$0].isRepeatingGroup }.map { (rules[$0].tag.raw, $0) })
    private static let repeatingIndex = RepeatingPatterns(
        rules.indices.filter { rules[$0].isRepeatingGroup }.map { (rules[$0].tag.raw, rules[$0].mask, $0) })
}

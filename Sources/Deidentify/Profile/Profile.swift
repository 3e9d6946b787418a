/// A de-identification profile: which Annex E options apply, how dates move, where pseudonyms come from,
/// per-tag overrides, the safe private allow-list, the retained-text scan, the age cap, and the
/// governance facts carried into the audit. Read from TOML by ``ProfileParser``; see docs/PROFILE.md.
public struct Profile: Sendable, Equatable {
    /// The options in force.
    public var options: Set<DeidentificationOption>
    /// The range of the per-patient date offset in days; it never yields 0.
    public var dateShiftRange: ClosedRange<Int>
    /// Where PatientID and PatientName replacements come from.
    public var pseudonyms: PseudonymSource
    /// Per-tag actions that take precedence over the Annex E table.
    public var overrides: [TagSelector: OverrideAction]
    /// Private attributes kept under Retain Safe Private.
    public var safePrivate: Set<TagSelector>
    /// Whether surviving text is searched for PHI harvested from the original header.
    public var retainedTextScan: Bool
    /// Whether ages over 89 years become `090Y`.
    public var ageCap: Bool
    /// Facts about the disclosure, carried into the audit.
    public var governance: Governance

    /// The default: Basic + Retain Longitudinal Modified Dates + Clean Descriptors + Clean Pixel Data,
    /// dates moved back by 1 to 10 years, derived pseudonyms, scan on, age cap on.
    public static let `default` = Profile(
        options: [.retainLongitudinalModifiedDates, .cleanDescriptors, .cleanPixelData],
        dateShiftRange: -3650 ... -365,
        pseudonyms: .derived(prefix: "P"),
        overrides: [:], safePrivate: [], retainedTextScan: true, ageCap: true, governance: Governance())

    public init(options: Set<DeidentificationOption>, dateShiftRange: ClosedRange<Int>, pseudonyms: PseudonymSource,
                overrides: [TagSelector: OverrideAction], safePrivate: Set<TagSelector>, retainedTextScan: Bool,
                ageCap: Bool, governance: Governance) {
        self.options = options
        self.dateShiftRange = dateShiftRange
        self.pseudonyms = pseudonyms
        self.overrides = overrides
        self.safePrivate = safePrivate
        self.retainedTextScan = retainedTextScan
        self.ageCap = ageCap
        self.governance = governance
    }

    public func has(_ option: DeidentificationOption) -> Bool { options.contains(option) }
}

/// What a profile override does to an attribute, at every depth where it occurs.
public enum OverrideAction: Sendable, Equatable, CustomStringConvertible {
    /// Keep the value as it is (the retained-text scan still applies to text).
    case keep
    /// Remove the attribute.
    case remove
    /// Keep the attribute with a zero-length value.
    case empty
    /// Set this value (encoded in the data set's character set; inserted if absent at top level).
    case replace(String)

    public var description: String {
        switch self {
        case .keep: return "keep"
        case .remove: return "remove"
        case .empty: return "empty"
        case .replace(let v): return "replace \"\(v)\""
        }
    }
}

/// Where pseudonyms come from.
public enum PseudonymSource: Sendable, Equatable {
    /// Derived from the key: `prefix` + 10 base32 characters (see ``PatientPseudonym``).
    case derived(prefix: String)
    /// A CSV table from a trial coordinator, original PatientID → subject ID. A patient missing from it
    /// is quarantined. `path` is as written in the profile; `table` is filled in by ``ProfileParser/load(path:)``.
    case lookup(path: String, table: PseudonymTable?)
}

/// Governance facts of a disclosure; they do not change the data, they are recorded in the audit.
public struct Governance: Sendable, Equatable {
    public var irbProtocol: String = ""
    public var dua: String = ""
    public var dsa: String = ""
    public var recipient: String = ""
    public var legalBasis: String = ""
    public var standardContractualClauses: Bool = false
    public init() {}
}

import DicomCore
import DicomDictionary

/// One step on the way to an attribute: a tag, and for a sequence the index of the item entered.
public struct TagPathComponent: Sendable, Hashable, CustomStringConvertible {
    public let tag: Tag
    /// The item index inside `tag`'s sequence; nil for the last component (the attribute itself).
    public let item: Int?

    public init(tag: Tag, item: Int?) {
        self.tag = tag
        self.item = item
    }

    public var description: String { item.map { "\(tag)[\($0)]" } ?? tag.description }
}

/// What the engine did to one attribute: the line of the tag diff.
public struct TagAction: Sendable, Equatable {
    /// The kind of change.
    public enum Code: String, Sendable, Equatable {
        case removed = "X"
        case emptied = "Z"
        case dummy = "D"
        /// Kept on purpose by an override (no value change).
        case kept = "K"
        /// Text cleaned of harvested PHI tokens.
        case cleaned = "C"
        case uidMapped = "uidMap"
        case dateShifted = "dateShift"
        case pseudonym
        case overridden = "override"
        case ageCapped = "ageCap"
        /// A marker attribute added or set (PatientIdentityRemoved, …).
        case marked = "mark"
    }

    /// From the top-level attribute down to this one.
    public let path: [TagPathComponent]
    /// The dictionary keyword, or the tag text for unknown and private attributes.
    public let keyword: String
    public let vr: VR
    public let code: Code
    /// The value before, for display (nil when absent); binary values are summarised.
    public let old: String?
    /// The value after (nil when removed).
    public let new: String?
    /// The rule that caused it, e.g. `Annex E basic: X/Z -> Z (combined code, value present)`.
    public let rule: String

    /// The attribute's tag (the last path component).
    public var tag: Tag { path.last?.tag ?? Tag(0) }
}

/// Retained text that held a harvested PHI token; the token was replaced, and the hit is listed for review.
public struct RetainedTextFinding: Sendable, Equatable {
    public let path: [TagPathComponent]
    /// The attribute's keyword (looked up when asked: batch runs never need it).
    public var keyword: String {
        guard let tag = path.last?.tag else { return "" }
        return DataDictionary.keyword(for: tag) ?? tag.description
    }
    public let vr: VR
    /// The token found (as harvested).
    public let token: String
    public let kind: PHIToken.Kind
}

/// The output of ``Deidentifier/deidentify(meta:dataSet:pixels:)``.
public struct DeidentificationResult: Sendable {
    /// The new file meta group (MediaStorageSOPInstanceUID follows the new SOPInstanceUID).
    public var meta: DataSet
    public var dataSet: DataSet
    /// Every change, in data set order (empty when the deidentifier does not record actions).
    public var actions: [TagAction]
    public var findings: [RetainedTextFinding]
    /// The PatientID/PatientName written.
    public var patientPseudonym: String
    /// The per-patient day offset applied to dates (0 when dates were not shifted).
    public var dateOffsetDays: Int
    /// Original → new UID for every UID remapped in this instance.
    public var uidMap: [String: String]
}

/// What the caller knows about the pixel data; the engine itself never looks at pixels.
public struct PixelStatus: Sendable, Equatable {
    /// Burned-in text was found and masked (or verified absent): claims the Clean Pixel Data Option (113101).
    public var cleaned: Bool
    /// Recognizable visual features were removed: claims 113102.
    public var recognizableVisualFeaturesCleaned: Bool
    /// A value to write into BurnedInAnnotation (0028,0301), e.g. "NO" after cleaning; nil leaves it untouched.
    public var burnedInAnnotation: String?

    public init(cleaned: Bool = false, recognizableVisualFeaturesCleaned: Bool = false, burnedInAnnotation: String? = nil) {
        self.cleaned = cleaned
        self.recognizableVisualFeaturesCleaned = recognizableVisualFeaturesCleaned
        self.burnedInAnnotation = burnedInAnnotation
    }

    /// Pixels passed through unchecked: nothing is claimed and BurnedInAnnotation is untouched.
    public static let unchecked = PixelStatus()
}

/// Why an instance cannot be de-identified; the caller quarantines it.
public enum DeidentificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The profile uses a lookup table and this patient is not in it.
    case patientNotInLookupTable
    /// The profile names a lookup table that was not loaded.
    case lookupTableNotLoaded(path: String)

    public var description: String {
        switch self {
        case .patientNotInLookupTable: return "patient not in the pseudonym lookup table"
        case .lookupTableNotLoaded(let p): return "the pseudonym lookup table \(p) was not loaded"
        }
    }
}

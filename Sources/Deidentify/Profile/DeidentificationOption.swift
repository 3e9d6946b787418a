import DicomDictionary

/// An option of the PS3.15 Annex E Application Level Confidentiality Profile (CID 7050): the ten options
/// that have a column in Table E.1-1, plus the two pixel options.
public enum DeidentificationOption: String, Sendable, CaseIterable, Hashable, Comparable {
    case cleanPixelData = "clean_pixel_data"
    case cleanRecognizableVisualFeatures = "clean_recognizable_visual_features"
    case cleanGraphics = "clean_graphics"
    case cleanStructuredContent = "clean_structured_content"
    case cleanDescriptors = "clean_descriptors"
    case retainLongitudinalFullDates = "retain_longitudinal_full_dates"
    case retainLongitudinalModifiedDates = "retain_longitudinal_modified_dates"
    case retainPatientCharacteristics = "retain_patient_characteristics"
    case retainDeviceIdentity = "retain_device_identity"
    case retainUIDs = "retain_uids"
    case retainSafePrivate = "retain_safe_private"
    case retainInstitutionIdentity = "retain_institution_identity"

    /// The profile-file key, e.g. `clean_descriptors`.
    public var key: String { rawValue }

    /// The code of CID 7050 (coding scheme `DCM`).
    public var code: String {
        switch self {
        case .cleanPixelData: return "113101"
        case .cleanRecognizableVisualFeatures: return "113102"
        case .cleanGraphics: return "113103"
        case .cleanStructuredContent: return "113104"
        case .cleanDescriptors: return "113105"
        case .retainLongitudinalFullDates: return "113106"
        case .retainLongitudinalModifiedDates: return "113107"
        case .retainPatientCharacteristics: return "113108"
        case .retainDeviceIdentity: return "113109"
        case .retainUIDs: return "113110"
        case .retainSafePrivate: return "113111"
        case .retainInstitutionIdentity: return "113112"
        }
    }

    /// The code meaning of CID 7050.
    public var meaning: String {
        switch self {
        case .cleanPixelData: return "Clean Pixel Data Option"
        case .cleanRecognizableVisualFeatures: return "Clean Recognizable Visual Features Option"
        case .cleanGraphics: return "Clean Graphics Option"
        case .cleanStructuredContent: return "Clean Structured Content Option"
        case .cleanDescriptors: return "Clean Descriptors Option"
        case .retainLongitudinalFullDates: return "Retain Longitudinal Temporal Information Full Dates Option"
        case .retainLongitudinalModifiedDates: return "Retain Longitudinal Temporal Information Modified Dates Option"
        case .retainPatientCharacteristics: return "Retain Patient Characteristics Option"
        case .retainDeviceIdentity: return "Retain Device Identity Option"
        case .retainUIDs: return "Retain UIDs Option"
        case .retainSafePrivate: return "Retain Safe Private Option"
        case .retainInstitutionIdentity: return "Retain Institution Identity Option"
        }
    }

    /// The Table E.1-1 column of this option; nil for the two pixel options.
    public var annexEOption: AnnexEOption? {
        switch self {
        case .cleanPixelData, .cleanRecognizableVisualFeatures: return nil
        case .cleanGraphics: return .cleanGraphics
        case .cleanStructuredContent: return .cleanStructuredContent
        case .cleanDescriptors: return .cleanDescriptors
        case .retainLongitudinalFullDates: return .retainLongitudinalFullDates
        case .retainLongitudinalModifiedDates: return .retainLongitudinalModifiedDates
        case .retainPatientCharacteristics: return .retainPatientCharacteristics
        case .retainDeviceIdentity: return .retainDeviceIdentity
        case .retainUIDs: return .retainUIDs
        case .retainSafePrivate: return .retainSafePrivate
        case .retainInstitutionIdentity: return .retainInstitutionIdentity
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.code < b.code }
}

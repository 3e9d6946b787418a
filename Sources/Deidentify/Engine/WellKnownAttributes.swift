import DicomCore

/// Attributes whose UID values name shared definitions, not instances: never remapped, whatever their
/// root (a vendor's private SOP class stays a SOP class).
enum WellKnownAttributes {
    /// True for the attributes whose values are class UIDs (a switch: this runs for every UI element).
    static func isClassUID(_ raw: UInt32) -> Bool {
        switch raw {
        case 0x0002_0002: return true  // MediaStorageSOPClassUID
        case 0x0002_0010: return true  // TransferSyntaxUID
        case 0x0002_0012: return true  // ImplementationClassUID
        case 0x0004_1510: return true  // ReferencedSOPClassUIDInFile
        case 0x0004_1512: return true  // ReferencedTransferSyntaxUIDInFile
        case 0x0004_151A: return true  // ReferencedRelatedGeneralSOPClassUIDInFile
        case 0x0008_0016: return true  // SOPClassUID
        case 0x0008_001A: return true  // RelatedGeneralSOPClassUID
        case 0x0008_001B: return true  // OriginalSpecializedSOPClassUID
        case 0x0008_0062: return true  // SOPClassesInStudy
        case 0x0008_010C: return true  // CodingSchemeUID
        case 0x0008_010D: return true  // ContextGroupExtensionCreatorUID
        case 0x0008_0117: return true  // ContextUID
        case 0x0008_0118: return true  // MappingResourceUID
        case 0x0008_1150: return true  // ReferencedSOPClassUID
        case 0x0008_9123: return true  // CreatorVersionUID
        case 0x0040_DB0C: return true  // TemplateExtensionOrganizationUID
        case 0x0040_DB0D: return true  // TemplateExtensionCreatorUID
        case 0x0400_0010: return true  // MACCalculationTransferSyntaxUID
        case 0x0400_0510: return true  // EncryptedContentTransferSyntaxUID
        default: return false
        }
    }

    /// File meta attributes that identify the sending system; removed from the output meta.
    static let metaToRemove: [Tag] = [
        Tag(0x0002_0016), // SourceApplicationEntityTitle
        Tag(0x0002_0017), // SendingApplicationEntityTitle
        Tag(0x0002_0018), // ReceivingApplicationEntityTitle
        Tag(0x0002_0100), // PrivateInformationCreatorUID
        Tag(0x0002_0102), // PrivateInformation
    ]
}

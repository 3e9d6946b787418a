import DicomCore

/// Attributes whose UID values name shared definitions, not instances: never remapped, whatever their
/// root (a vendor's private SOP class stays a SOP class).
enum WellKnownAttributes {
    static let classUIDTags: Set<UInt32> = [
        0x0002_0002, // MediaStorageSOPClassUID
        0x0002_0010, // TransferSyntaxUID
        0x0002_0012, // ImplementationClassUID
        0x0004_1510, // ReferencedSOPClassUIDInFile
        0x0004_1512, // ReferencedTransferSyntaxUIDInFile
        0x0004_151A, // ReferencedRelatedGeneralSOPClassUIDInFile
        0x0008_0016, // SOPClassUID
        0x0008_001A, // RelatedGeneralSOPClassUID
        0x0008_001B, // OriginalSpecializedSOPClassUID
        0x0008_0062, // SOPClassesInStudy
        0x0008_010C, // CodingSchemeUID
        0x0008_010D, // ContextGroupExtensionCreatorUID
        0x0008_0117, // ContextUID
        0x0008_0118, // MappingResourceUID
        0x0008_1150, // ReferencedSOPClassUID
        0x0008_9123, // CreatorVersionUID
        0x0040_DB0C, // TemplateExtensionOrganizationUID
        0x0040_DB0D, // TemplateExtensionCreatorUID
        0x0400_0010, // MACCalculationTransferSyntaxUID
        0x0400_0510, // EncryptedContentTransferSyntaxUID
    ]

    /// File meta attributes that identify the sending system; removed from the output meta.
    static let metaToRemove: [Tag] = [
        Tag(0x0002_0016), // SourceApplicationEntityTitle
        Tag(0x0002_0017), // SendingApplicationEntityTitle
        Tag(0x0002_0018), // ReceivingApplicationEntityTitle
        Tag(0x0002_0100), // PrivateInformationCreatorUID
        Tag(0x0002_0102), // PrivateInformation
    ]
}

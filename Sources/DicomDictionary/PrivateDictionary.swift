import DicomCore

/// A small dictionary of well-known vendor private attributes, keyed by private creator, group and
/// element offset. It is deliberately short: entries were written from vendors' public DICOM conformance
/// statements as commonly documented, and serve display and implicit-VR decoding. An attribute missing
/// here is simply unknown (UN), never an error.
public enum PrivateDictionary {
    /// The keyword, VR and VM of the private attribute at `offset` of `creator`'s block in `group`,
    /// or nil when it is not in this dictionary. Creator padding (spaces, NULs) is ignored.
    public static func entry(creator: String, group: UInt16, offset: UInt8) -> (keyword: String, vr: VR, vm: String)? {
        entry(for: PrivateTag(creator: creator, group: group, offset: offset))
    }

    /// The keyword, VR and VM of `tag`, or nil when it is not in this dictionary.
    public static func entry(for tag: PrivateTag) -> (keyword: String, vr: VR, vm: String)? {
        let key = PrivateTag(creator: PrivateTag.normalize(tag.creator), group: tag.group, offset: tag.offset)
        guard let e = table[key] else { return nil }
        return (e.keyword, e.vr, e.vm)
    }

    /// The private creators this dictionary knows.
    public static var creators: Set<String> { Set(table.keys.map(\.creator)) }

    /// Every entry, keyed by creator, group and offset.
    public static var all: [PrivateTag: (keyword: String, vr: VR, vm: String)] {
        table.mapValues { ($0.keyword, $0.vr, $0.vm) }
    }

    private struct Entry: Sendable {
        let keyword: String
        let vr: VR
        let vm: String
    }

    private static let table: [PrivateTag: Entry] = {
        // (creator, group, offset, keyword, VR, VM)
        let rows: [(String, UInt16, UInt8, String, VR, String)] = [
            // Siemens: the CSA headers (binary blocks that often hold names and free text).
            ("SIEMENS CSA HEADER", 0x0029, 0x08, "CSAImageHeaderType", .CS, "1"),
            ("SIEMENS CSA HEADER", 0x0029, 0x09, "CSAImageHeaderVersion", .LO, "1"),
            ("SIEMENS CSA HEADER", 0x0029, 0x10, "CSAImageHeaderInfo", .OB, "1"),
            ("SIEMENS CSA HEADER", 0x0029, 0x18, "CSASeriesHeaderType", .CS, "1"),
            ("SIEMENS CSA HEADER", 0x0029, 0x19, "CSASeriesHeaderVersion", .LO, "1"),
            ("SIEMENS CSA HEADER", 0x0029, 0x20, "CSASeriesHeaderInfo", .OB, "1"),
            ("SIEMENS MEDCOM HEADER2", 0x0029, 0x60, "SeriesWorkflowStatus", .LO, "1"),
            // Siemens MR acquisition parameters.
            ("SIEMENS MR HEADER", 0x0019, 0x0A, "NumberOfImagesInMosaic", .US, "1"),
            ("SIEMENS MR HEADER", 0x0019, 0x0B, "SliceMeasurementDuration", .DS, "1"),
            ("SIEMENS MR HEADER", 0x0019, 0x0C, "BValue", .IS, "1"),
            ("SIEMENS MR HEADER", 0x0019, 0x0D, "DiffusionDirectionality", .CS, "1"),
            ("SIEMENS MR HEADER", 0x0019, 0x0E, "DiffusionGradientDirection", .FD, "3"),
            ("SIEMENS MR HEADER", 0x0019, 0x0F, "GradientMode", .SH, "1"),
            ("SIEMENS MR HEADER", 0x0019, 0x27, "BMatrix", .FD, "6"),
            ("SIEMENS MR HEADER", 0x0019, 0x28, "BandwidthPerPixelPhaseEncode", .FD, "1"),
            ("SIEMENS MR HEADER", 0x0019, 0x29, "MosaicRefAcqTimes", .FD, "1-n"),
            // GE: identification block (device and software identity).
            ("GEMS_IDEN_01", 0x0009, 0x01, "FullFidelity", .LO, "1"),
            ("GEMS_IDEN_01", 0x0009, 0x02, "SuiteID", .SH, "1"),
            ("GEMS_IDEN_01", 0x0009, 0x04, "ProductID", .SH, "1"),
            ("GEMS_IDEN_01", 0x0009, 0x27, "ImageActualDate", .SL, "1"),
            ("GEMS_IDEN_01", 0x0009, 0xE3, "EquipmentUID", .UI, "1"),
            ("GEMS_IDEN_01", 0x0009, 0xE6, "GenesisVersionNow", .SH, "1"),
            ("GEMS_PATI_01", 0x0011, 0x10, "PatientStatus", .SS, "1"),
            // Philips MR.
            ("Philips Imaging DD 001", 0x2001, 0x03, "DiffusionBFactor", .FL, "1"),
            ("Philips Imaging DD 001", 0x2001, 0x04, "DiffusionDirection", .CS, "1"),
            ("Philips Imaging DD 001", 0x2001, 0x08, "PhaseNumber", .IS, "1"),
            ("Philips Imaging DD 001", 0x2001, 0x0A, "SliceNumber", .IS, "1"),
            ("Philips Imaging DD 001", 0x2001, 0x0B, "SliceOrientation", .CS, "1"),
            ("Philips Imaging DD 001", 0x2001, 0x18, "NumberOfSlicesMR", .SL, "1"),
            ("Philips MR Imaging DD 001", 0x2005, 0x0D, "ScaleIntercept", .FL, "1"),
            ("Philips MR Imaging DD 001", 0x2005, 0x0E, "ScaleSlope", .FL, "1"),
            ("Philips MR Imaging DD 001", 0x2005, 0xB0, "DiffusionDirectionRL", .FL, "1"),
            ("Philips MR Imaging DD 001", 0x2005, 0xB1, "DiffusionDirectionAP", .FL, "1"),
            ("Philips MR Imaging DD 001", 0x2005, 0xB2, "DiffusionDirectionFH", .FL, "1"),
        ]
        var m: [PrivateTag: Entry] = [:]
        for r in rows { m[PrivateTag(creator: r.0, group: r.1, offset: r.2)] = Entry(keyword: r.3, vr: r.4, vm: r.5) }
        return m
    }()
}

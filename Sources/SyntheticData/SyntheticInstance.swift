import Foundation
import DicomCore
import DicomDictionary
import DicomIO

/// A rectangle of burned-in text and what it says, in pixel coordinates of frame 0.
public struct BurnedText: Sendable, Hashable, Codable {
    public var text: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
}

/// One synthetic image to make: who, which study and series, what modality and size, and what text to burn in.
public struct SyntheticInstanceSpec: Sendable {
    public var patient: SyntheticPatient
    public var studyIndex: Int
    public var seriesIndex: Int
    public var instanceNumber: Int
    public var modality: String
    public var rows: Int
    public var columns: Int
    /// Text drawn into the pixels (name, ID, date...), at an automatically chosen place.
    public var burnIn: [String]
    /// When false, no pixel data is written (header-only corpus).
    public var withPixels: Bool = true
    public var seed: UInt64
    /// 8-bit pixels (US, SC) instead of 12-bit stored in 16.
    public var eightBit: Bool { modality == "US" || modality == "SC" }

    public init(patient: SyntheticPatient, studyIndex: Int, seriesIndex: Int, instanceNumber: Int, modality: String,
                rows: Int, columns: Int, burnIn: [String] = [], withPixels: Bool = true, seed: UInt64) {
        self.patient = patient; self.studyIndex = studyIndex; self.seriesIndex = seriesIndex
        self.instanceNumber = instanceNumber; self.modality = modality; self.rows = rows; self.columns = columns
        self.burnIn = burnIn; self.withPixels = withPixels; self.seed = seed
    }
}

/// Makes realistic synthetic DICOM instances: about 100 attributes including PHI in nested sequences,
/// private tags and free text, consistent UIDs across a study, and pixels with optional burned-in text.
public enum SyntheticInstance {
    static let root = "1.2.826.0.1.3680043.10.1000"

    public static func studyUID(_ p: SyntheticPatient, _ study: Int) -> String { "\(root).1.\(abs(p.id.hashStable) % 1_000_000).\(study)" }
    public static func seriesUID(_ p: SyntheticPatient, _ study: Int, _ series: Int) -> String { "\(studyUID(p, study)).\(series)" }
    public static func sopUID(_ p: SyntheticPatient, _ study: Int, _ series: Int, _ n: Int) -> String { "\(seriesUID(p, study, series)).\(n)" }
    public static func frameOfReferenceUID(_ p: SyntheticPatient, _ study: Int) -> String { "\(root).2.\(abs(p.id.hashStable) % 1_000_000).\(study)" }

    static func sopClass(_ modality: String) -> String {
        switch modality {
        case "CT": return "1.2.840.10008.5.1.4.1.1.2"
        case "MR": return "1.2.840.10008.5.1.4.1.1.4"
        case "US": return "1.2.840.10008.5.1.4.1.1.6.1"
        case "CR": return "1.2.840.10008.5.1.4.1.1.1"
        case "SC": return "1.2.840.10008.5.1.4.1.1.7"
        default: return "1.2.840.10008.5.1.4.1.1.7"
        }
    }

    /// Builds the instance and returns the file with the boxes of its burned-in text.
    public static func make(_ spec: SyntheticInstanceSpec) -> (file: DicomFile, text: [BurnedText]) {
        var rng = SyntheticRandom(seed: spec.seed)
        let p = spec.patient
        let studyDate = "20\(pad2(10 + spec.studyIndex * 3 % 14))\(pad2(1 + spec.studyIndex % 12))\(pad2(3 + spec.seriesIndex))"
        var ds = DataSet()
        func t(_ keyword: String, _ value: String) {
            guard let tag = DataDictionary.tag(forKeyword: keyword) else { return }
            ds.setString(tag, vr: DataDictionary.vr(for: tag), value)
        }
        func us(_ keyword: String, _ value: Int) {
            guard let tag = DataDictionary.tag(forKeyword: keyword) else { return }
            ds.setUInt16(tag, UInt16(value))
        }
        let sop = sopUID(p, spec.studyIndex, spec.seriesIndex, spec.instanceNumber)
        t("SpecificCharacterSet", "ISO_IR 100")
        t("ImageType", spec.modality == "SC" ? "DERIVED\\SECONDARY" : "ORIGINAL\\PRIMARY\\AXIAL")
        t("InstanceCreationDate", studyDate); t("InstanceCreationTime", "101500")
        t("SOPClassUID", sopClass(spec.modality)); t("SOPInstanceUID", sop)
        t("StudyDate", studyDate); t("SeriesDate", studyDate); t("AcquisitionDate", studyDate); t("ContentDate", studyDate)
        t("StudyTime", "101010"); t("SeriesTime", "101210"); t("AcquisitionTime", "101311.250"); t("ContentTime", "101312")
        t("AccessionNumber", "ACC\(abs(sop.hashStable) % 10_000_000)")
        t("Modality", spec.modality)
        t("Manufacturer", "ACME MEDICAL"); t("InstitutionName", "NORTHWICK GENERAL HOSPITAL")
        t("InstitutionAddress", "1 INFIRMARY WAY, NORTHWICK"); t("ReferringPhysicianName", "HARTLEY^EDMUND^^DR")
        t("StationName", "CTSCAN01"); t("StudyDescription", "CHEST ABDOMEN PELVIS FOR \(p.familyName)")
        t("SeriesDescription", "AXIAL 5MM"); t("InstitutionalDepartmentName", "RADIOLOGY")
        t("PerformingPhysicianName", "OKAFOR^NGOZI"); t("OperatorsName", "TECH^ALEX")
        t("ManufacturerModelName", "VISTA 64"); t("PatientName", p.dicomName); t("PatientID", p.id)
        t("IssuerOfPatientID", p.issuer); t("PatientBirthDate", p.birthDate); t("PatientSex", p.sex)
        t("OtherPatientIDs", "NHS\(abs(p.id.hashStable) % 1_000_000_000)")
        t("PatientAge", "0\(40 + rng.below(50))Y"); t("PatientSize", "1.72"); t("PatientWeight", "71")
        t("PatientAddress", p.address); t("PatientTelephoneNumbers", p.phone)
        t("EthnicGroup", "UNKNOWN"); t("AdditionalPatientHistory", "Follow-up for \(p.givenName) \(p.familyName), see letter")
        t("PatientComments", "Contact daughter on \(p.phone)")
        t("ContrastBolusAgent", "IOHEXOL"); t("BodyPartExamined", "CHEST"); t("SliceThickness", "5")
        t("KVP", "120"); t("DeviceSerialNumber", "SN-88123"); t("SoftwareVersions", "4.2.1")
        t("ProtocolName", "CAP ROUTINE"); t("ReconstructionDiameter", "350"); t("GantryDetectorTilt", "0")
        t("TableHeight", "150"); t("RotationDirection", "CW"); t("ExposureTime", "500"); t("XRayTubeCurrent", "250")
        t("Exposure", "125"); t("FilterType", "BODY"); t("ConvolutionKernel", "B30f"); t("PatientPosition", "HFS")
        t("StudyInstanceUID", studyUID(p, spec.studyIndex))
        t("SeriesInstanceUID", seriesUID(p, spec.studyIndex, spec.seriesIndex))
        t("StudyID", "S\(spec.studyIndex)"); t("SeriesNumber", "\(spec.seriesIndex + 1)")
        t("AcquisitionNumber", "1"); t("InstanceNumber", "\(spec.instanceNumber)")
        let z = Double(spec.instanceNumber) * 5.0
        t("ImagePositionPatient", "-175\\-175\\\(z)"); t("ImageOrientationPatient", "1\\0\\0\\0\\1\\0")
        t("FrameOfReferenceUID", frameOfReferenceUID(p, spec.studyIndex)); t("PositionReferenceIndicator", "")
        t("SliceLocation", "\(z)"); t("ImageComments", "Scanned for \(p.dicomName) by TECH^ALEX")
        t("RequestingPhysician", "HARTLEY^EDMUND"); t("RequestedProcedureDescription", "CT CAP")
        t("PerformedProcedureStepStartDate", studyDate); t("PerformedProcedureStepID", "PPS\(spec.studyIndex)")
        t("BurnedInAnnotation", spec.burnIn.isEmpty ? "NO" : "YES")

        // Nested PHI and references, where naive tools miss it.
        var request = DataSet()
        request.setString(DataDictionary.tag(forKeyword: "RequestedProcedureID") ?? Tag(0x0040_1001), vr: .SH, "RP\(spec.studyIndex)")
        request.setString(DataDictionary.tag(forKeyword: "ScheduledProcedureStepID") ?? Tag(0x0040_0009), vr: .SH, "SPS\(spec.studyIndex)")
        request.setString(Tag(0x0040_1400), vr: .LT, "Requested by Dr Hartley for \(p.dicomName)")
        ds.set(DataElement(tag: Tag(0x0040_0275), vr: .SQ, value: .sequence(.init(items: [SequenceItem(request)]))))
        var ref = DataSet()
        ref.setString(Tag(0x0008_1150), vr: .UI, "1.2.840.10008.3.1.2.3.1")
        ref.setString(Tag(0x0008_1155), vr: .UI, "\(studyUID(p, spec.studyIndex)).99")
        ds.set(DataElement(tag: Tag(0x0008_1110), vr: .SQ, value: .sequence(.init(items: [SequenceItem(ref)]))))
        if spec.instanceNumber > 1 {
            var img = DataSet()
            img.setString(Tag(0x0008_1150), vr: .UI, sopClass(spec.modality))
            img.setString(Tag(0x0008_1155), vr: .UI, sopUID(p, spec.studyIndex, spec.seriesIndex, spec.instanceNumber - 1))
            ds.set(DataElement(tag: Tag(0x0008_1140), vr: .SQ, value: .sequence(.init(items: [SequenceItem(img)]))))
        }
        // A vendor's private block carrying the patient's name.
        ds.setString(Tag(0x0029_0010), vr: .LO, "ACME PRIVATE 1.0")
        ds.setString(Tag(0x0029_1010), vr: .LO, p.dicomName)
        ds.set(DataElement(tag: Tag(0x0029_1020), vr: .OB, bytes: ArraySlice(Array("CSA:\(p.id)".utf8))))

        var boxes: [BurnedText] = []
        if spec.withPixels {
            let (pixels, burned) = pixelsFor(spec, rng: &rng)
            boxes = burned
            us("SamplesPerPixel", 1); t("PhotometricInterpretation", "MONOCHROME2")
            us("Rows", spec.rows); us("Columns", spec.columns)
            if spec.eightBit {
                us("BitsAllocated", 8); us("BitsStored", 8); us("HighBit", 7); us("PixelRepresentation", 0)
                var px8 = [UInt8](repeating: 0, count: spec.rows * spec.columns)
                for i in 0..<px8.count { px8[i] = UInt8(min(255, (Int(pixels[2 * i]) | Int(pixels[2 * i + 1]) << 8) >> 4)) }
                ds.set(DataElement(tag: .pixelData, vr: .OB, bytes: ArraySlice(px8)))
                if spec.modality == "US" {
                    // One region covering the middle of the image: the scan itself; text outside it is annotation.
                    var region = DataSet()
                    let x0 = spec.columns / 8, y0 = spec.rows / 5, x1 = spec.columns * 7 / 8, y1 = spec.rows * 19 / 20
                    for (tag, v) in [(0x0018_6018, x0), (0x0018_601A, y0), (0x0018_601C, x1), (0x0018_601E, y1)] {
                        region.set(DataElement(tag: Tag(UInt32(tag)), vr: .UL, bytes: [UInt8(v & 0xFF), UInt8(v >> 8), 0, 0]))
                    }
                    region.setUInt16(Tag(0x0018_6012), 1)
                    region.setUInt16(Tag(0x0018_6014), 1)
                    ds.set(DataElement(tag: Tag(0x0018_6011), vr: .SQ, value: .sequence(.init(items: [SequenceItem(region)]))))
                }
            } else {
                t("PixelSpacing", "0.683\\0.683")
                us("BitsAllocated", 16); us("BitsStored", 12); us("HighBit", 11); us("PixelRepresentation", 0)
                t("WindowCenter", "40"); t("WindowWidth", "400")
                t("RescaleIntercept", "-1024"); t("RescaleSlope", "1"); t("RescaleType", "HU")
                ds.set(DataElement(tag: .pixelData, vr: .OW, bytes: ArraySlice(pixels)))
            }
        }
        var meta = DataSet()
        meta.set(DataElement(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0, 1]))
        meta.setString(.mediaStorageSOPClassUID, vr: .UI, sopClass(spec.modality))
        meta.setString(.mediaStorageSOPInstanceUID, vr: .UI, sop)
        meta.setString(.transferSyntaxUID, vr: .UI, TransferSyntax.explicitVRLittleEndian.uid)
        meta.setString(.implementationClassUID, vr: .UI, DicomWriter.implementationClassUID)
        meta.setString(.implementationVersionName, vr: .SH, DicomWriter.implementationVersionName)
        return (DicomFile(meta: meta, dataSet: ds, transferSyntax: .explicitVRLittleEndian), boxes)
    }

    /// A CT-like slice (body ellipse, organs, noise) with text burned in at full intensity.
    static func pixelsFor(_ spec: SyntheticInstanceSpec, rng: inout SyntheticRandom) -> ([UInt8], [BurnedText]) {
        let w = spec.columns, h = spec.rows
        var px = [UInt16](repeating: 0, count: w * h)
        let cx = Double(w) / 2, cy = Double(h) / 2
        let ax = Double(w) * 0.42, ay = Double(h) * 0.32
        for y in 0..<h {
            for x in 0..<w {
                let dx = (Double(x) - cx) / ax, dy = (Double(y) - cy) / ay
                let r = dx * dx + dy * dy
                var v = 24.0  // air, about -1000 HU
                if r < 1 {
                    v = 1064 + 20 * sin(Double(x) * 0.05) * cos(Double(y) * 0.07)
                    let lx = (Double(x) - cx * 0.7) / (ax * 0.25), ly = (Double(y) - cy) / (ay * 0.45)
                    if lx * lx + ly * ly < 1 { v = 250 }  // lung
                    let bx = (Double(x) - cx) / (ax * 0.08), by = (Double(y) - cy * 1.35) / (ay * 0.12)
                    if bx * bx + by * by < 1 { v = 1700 }  // bone
                }
                v += Double(rng.below(30)) - 15
                px[y * w + x] = UInt16(max(0, min(4095, v)))
            }
        }
        var boxes: [BurnedText] = []
        let scale = max(1, min(w, h) / 170)
        var penY = 4 * scale
        for (i, text) in spec.burnIn.enumerated() {
            let size = BitmapFont.size(of: text, scale: scale)
            let x = i % 2 == 0 ? 4 * scale : max(0, w - size.width - 4 * scale)
            if i % 2 == 0 && i > 0 { penY += size.height + 4 * scale }
            let y = penY
            if x + size.width > w || y + size.height > h { continue }
            BitmapFont.draw(text, x: x, y: y, scale: scale) { px[$1 * w + $0] = 4095 }
            boxes.append(BurnedText(text: text, x: x, y: y, width: size.width, height: size.height))
        }
        var bytes = [UInt8](repeating: 0, count: w * h * 2)
        for i in 0..<px.count { bytes[2 * i] = UInt8(px[i] & 0xFF); bytes[2 * i + 1] = UInt8(px[i] >> 8) }
        return (bytes, boxes)
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per run).
    var hashStable: Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h >> 1)
    }
}

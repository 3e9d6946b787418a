import DicomCore

/// The identifying keys of an instance: patient, study, series and SOP instance.
public struct InstanceKeys: Sendable, Hashable, Codable {
    public var patientID: String
    public var studyUID: String
    public var seriesUID: String
    public var sopUID: String

    public init(patientID: String = "", studyUID: String = "", seriesUID: String = "", sopUID: String = "") {
        self.patientID = patientID
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.sopUID = sopUID
    }
}

/// One planned change to a header element, as the engine computed it.
public struct PlannedAction: Sendable, Hashable, Codable {
    /// Path of the element: tags from the top level down, e.g. `(0040,0275)[0](0008,1150)`.
    public var path: String
    public var keyword: String
    public var vr: String
    /// The action code: X, Z, D, K, C, U, or a label such as `shift` or `uid`.
    public var action: String
    /// Value before, shown to the reviewer; nil when absent or binary.
    public var old: String?
    /// Value after; nil when removed.
    public var new: String?
    /// The rule that chose the action (e.g. `annex-e`, `profile:retain-dates`).
    public var rule: String

    public init(path: String, keyword: String, vr: String, action: String, old: String?, new: String?, rule: String) {
        self.path = path
        self.keyword = keyword
        self.vr = vr
        self.action = action
        self.old = old
        self.new = new
        self.rule = rule
    }
}

/// A box of text found in a frame by OCR.
public struct TextFinding: Sendable, Hashable, Codable {
    public var frame: Int
    public var rect: PixelRect
    public var text: String
    /// 0...100, as Tesseract reports it.
    public var confidence: Double
    /// `phi`, `date`, `id` or `text`.
    public var findingClass: String

    public init(frame: Int, rect: PixelRect, text: String, confidence: Double, findingClass: String) {
        self.frame = frame
        self.rect = rect
        self.text = text
        self.confidence = confidence
        self.findingClass = findingClass
    }
}

/// A mask the scan proposes, optionally tied to the finding (by index into `ScanRecord.findings`).
public struct ProposedMask: Sendable, Hashable, Codable {
    public var frame: Int
    public var rect: PixelRect
    public var findingIndex: Int?

    public init(frame: Int, rect: PixelRect, findingIndex: Int? = nil) {
        self.frame = frame
        self.rect = rect
        self.findingIndex = findingIndex
    }
}

/// Everything the scan learned about one input file, stored in one transaction by
/// `BatchStore.upsertScanned`.
public struct ScanRecord: Sendable, Hashable {
    /// Path relative to the batch input folder; the identity of the file in the batch.
    public var path: String
    public var size: Int64
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    public var original: InstanceKeys
    public var pseudonymous: InstanceKeys
    /// Instance Number (0020,0013), for ordering within a series; 0 when absent.
    public var instanceNumber: Int
    public var modality: String
    public var rows: Int
    public var columns: Int
    public var frames: Int
    /// Transfer syntax UID.
    public var transferSyntax: String
    public var signals: ReviewSignals
    public var actions: [PlannedAction]
    public var findings: [TextFinding]
    public var proposedMasks: [ProposedMask]
    /// When set, the file could not be processed: it is stored as `quarantined` with this reason.
    public var quarantineReason: String?

    public init(
        path: String, size: Int64, sha256: String,
        original: InstanceKeys = InstanceKeys(), pseudonymous: InstanceKeys = InstanceKeys(),
        instanceNumber: Int = 0, modality: String = "", rows: Int = 0, columns: Int = 0, frames: Int = 1,
        transferSyntax: String = "", signals: ReviewSignals? = nil,
        actions: [PlannedAction] = [], findings: [TextFinding] = [], proposedMasks: [ProposedMask] = [],
        quarantineReason: String? = nil
    ) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.original = original
        self.pseudonymous = pseudonymous
        self.instanceNumber = instanceNumber
        self.modality = modality
        self.rows = rows
        self.columns = columns
        self.frames = frames
        self.transferSyntax = transferSyntax
        self.signals = signals ?? ReviewSignals(hasFindings: !findings.isEmpty, modality: modality)
        self.actions = actions
        self.findings = findings
        self.proposedMasks = proposedMasks
        self.quarantineReason = quarantineReason
    }

    /// A record for a file that could not be processed.
    public static func quarantined(path: String, size: Int64, sha256: String, reason: String) -> ScanRecord {
        ScanRecord(path: path, size: size, sha256: sha256, quarantineReason: reason)
    }
}

/// What `upsertScanned` did with a record.
public enum UpsertOutcome: Sendable, Hashable {
    /// A new file; its instance id.
    case inserted(Int64)
    /// The same path with the same SHA-256 was already stored; nothing changed.
    case unchanged(Int64)
    /// The path was stored with another hash: the old rows were replaced.
    case replaced(old: Int64, new: Int64)

    /// The instance id now stored for the path.
    public var instanceID: Int64 {
        switch self {
        case .inserted(let id), .unchanged(let id): id
        case .replaced(_, let id): id
        }
    }
}

import DicomCore

/// Identifies one instance in the batch (the review store's row id).
public struct InstanceID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var value: Int64
    public init(_ value: Int64) { self.value = value }
    public static func < (a: InstanceID, b: InstanceID) -> Bool { a.value < b.value }
    public var description: String { String(value) }
}

/// Where an instance stands in review.
public enum InstanceState: String, CaseIterable, Hashable, Sendable {
    /// Findings or proposed masks wait for a person.
    case needsReview = "needs-review"
    case approved, rejected
    /// Approved by a person over the findings, with a reason.
    case overridden
    /// Nothing found: no review needed.
    case clean
    /// Processing failed (quarantined): never exported; counted, not blocking.
    case failed

    /// The short badge the browser shows.
    public var badge: String {
        switch self {
        case .needsReview: return "REVIEW"
        case .approved: return "OK"
        case .rejected: return "REJECT"
        case .overridden: return "OVERRD"
        case .clean: return "clean"
        case .failed: return "FAILED"
        }
    }

    var role: ThemeRole {
        switch self {
        case .needsReview: return .stateNeedsReview
        case .approved: return .stateApproved
        case .rejected: return .stateRejected
        case .overridden: return .stateOverridden
        case .clean: return .stateClean
        case .failed: return .stateFailed
        }
    }
}

/// The kind of text OCR found in pixels.
public enum FindingClass: String, CaseIterable, Hashable, Sendable {
    case phi, date, id, text

    var role: ThemeRole {
        switch self {
        case .phi: return .findingPHI
        case .date: return .findingDate
        case .id: return .findingID
        case .text: return .findingText
        }
    }
}

/// A set of finding classes.
public struct FindingClasses: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ classes: [FindingClass]) {
        var v: UInt8 = 0
        for c in classes { v |= Self.bit(c) }
        rawValue = v
    }
    static func bit(_ c: FindingClass) -> UInt8 { 1 << UInt8(FindingClass.allCases.firstIndex(of: c) ?? 0) }
    public func contains(_ c: FindingClass) -> Bool { rawValue & Self.bit(c) != 0 }
    /// The classes, in declaration order.
    public var classes: [FindingClass] { FindingClass.allCases.filter { contains($0) } }
}

/// One instance as the browser lists it. Only de-identified values: the original identity comes
/// separately, through a logged reveal.
public struct InstanceRow: Hashable, Sendable {
    public var id: InstanceID
    public var patientPseudonym: String
    /// Groups instances into a study (e.g. the new Study Instance UID); `studyLabel` is shown.
    public var studyKey: String
    public var studyLabel: String
    public var seriesKey: String
    public var seriesLabel: String
    public var sopKey: String
    public var modality: String
    public var state: InstanceState
    public var findingClasses: FindingClasses
    public var frameCount: Int
    /// Mask edits and overrides on this instance waiting for a curator.
    public var pendingEdits: Int

    public init(id: InstanceID, patientPseudonym: String, studyKey: String, studyLabel: String = "",
                seriesKey: String, seriesLabel: String = "", sopKey: String, modality: String,
                state: InstanceState, findingClasses: FindingClasses = [], frameCount: Int = 1, pendingEdits: Int = 0) {
        self.id = id
        self.patientPseudonym = patientPseudonym
        self.studyKey = studyKey
        self.studyLabel = studyLabel
        self.seriesKey = seriesKey
        self.seriesLabel = seriesLabel
        self.sopKey = sopKey
        self.modality = modality
        self.state = state
        self.findingClasses = findingClasses
        self.frameCount = frameCount
        self.pendingEdits = pendingEdits
    }
}

/// The original identity behind a pseudonym, delivered only after a logged reveal.
public struct RevealedIdentity: Hashable, Sendable {
    public var patientName: String
    public var patientID: String
    public init(patientName: String, patientID: String) {
        self.patientName = patientName
        self.patientID = patientID
    }
}

/// Counts of masks by status.
public struct MaskCounts: Hashable, Sendable {
    public var proposed: Int
    public var approved: Int
    public var manual: Int
    public var rejected: Int
    /// Edits waiting for a curator.
    public var awaitingCurator: Int
    public init(proposed: Int = 0, approved: Int = 0, manual: Int = 0, rejected: Int = 0, awaitingCurator: Int = 0) {
        self.proposed = proposed
        self.approved = approved
        self.manual = manual
        self.rejected = rejected
        self.awaitingCurator = awaitingCurator
    }
}

/// The batch as the overview and the commit dialog show it.
public struct BatchSummary: Hashable, Sendable {
    public var batchName: String
    public var reviewer: String
    /// Roles configured for the batch; empty means single-person mode.
    public var roles: [String]
    public var counts: [InstanceState: Int]
    public var masks: MaskCounts
    public var overrides: Int
    /// Overrides waiting for a curator.
    public var overridesAwaitingCurator: Int
    /// Modalities present, for the modality filter.
    public var modalities: [String]
    /// Other reasons commit is blocked, from the store (the view adds the ones counts imply).
    public var otherBlockers: [String]
    /// Whether the batch has been committed already.
    public var committed: Bool

    public init(batchName: String, reviewer: String, roles: [String] = [], counts: [InstanceState: Int],
                masks: MaskCounts = MaskCounts(), overrides: Int = 0, overridesAwaitingCurator: Int = 0,
                modalities: [String] = [], otherBlockers: [String] = [], committed: Bool = false) {
        self.batchName = batchName
        self.reviewer = reviewer
        self.roles = roles
        self.counts = counts
        self.masks = masks
        self.overrides = overrides
        self.overridesAwaitingCurator = overridesAwaitingCurator
        self.modalities = modalities
        self.otherBlockers = otherBlockers
        self.committed = committed
    }

    /// All instances.
    public var total: Int { counts.values.reduce(0, +) }
    /// Instances a person has decided or that need no decision.
    public var reviewed: Int { total - (counts[.needsReview] ?? 0) - (counts[.failed] ?? 0) }
    /// Whether the batch runs without roles (one person does everything).
    public var singlePerson: Bool { roles.isEmpty }
    /// Mask edits and overrides waiting for a curator.
    public var awaitingCurator: Int { masks.awaitingCurator + overridesAwaitingCurator }

    /// Everything that stops a commit now; empty when commit may go ahead. Failed (quarantined)
    /// instances do not block: like `dcmveil commit`, a commit leaves them out and counts them in the
    /// audit entry.
    public var blockers: [String] {
        var out: [String] = []
        if let n = counts[.needsReview], n > 0 { out.append(n == 1 ? "1 instance still needs review" : "\(n) instances still need review") }
        if masks.proposed > 0 { out.append("\(masks.proposed) proposed mask\(masks.proposed == 1 ? "" : "s") not yet accepted or rejected") }
        if masks.awaitingCurator > 0 { out.append("\(masks.awaitingCurator) mask edit\(masks.awaitingCurator == 1 ? "" : "s") awaiting a curator") }
        if overridesAwaitingCurator > 0 {
            out.append("\(overridesAwaitingCurator) override\(overridesAwaitingCurator == 1 ? "" : "s") awaiting a curator")
        }
        if committed { out.append("the batch is already committed") }
        return out + otherBlockers
    }
}

/// The de-identification action on one tag.
public enum TagAction: String, CaseIterable, Hashable, Sendable {
    case remove = "X", zero = "Z", dummy = "D", keep = "K", clean = "C", uid = "U"
    case dateShift = "S", uidMap = "M"

    /// The code the tag diff shows.
    public var code: String {
        switch self {
        case .dateShift: return "Δd"
        case .uidMap: return "UM"
        default: return rawValue
        }
    }

    var role: ThemeRole {
        switch self {
        case .remove: return .diffRemoved
        case .keep: return .diffKept
        default: return .diffChanged
        }
    }
}

/// One line of the tag diff: an element before and after de-identification.
public struct TagDiffRow: Hashable, Sendable {
    /// Nesting depth: 0 for the top-level data set, 1 inside a sequence item, …
    public var depth: Int
    public var tag: Tag
    public var keyword: String
    public var vr: String
    public var before: String
    /// The value after; nil when the element is removed.
    public var after: String?
    public var action: TagAction
    /// The rule behind the action (profile option, Annex E row, or user rule).
    public var rule: String
    /// Character ranges of `after` that matched the retained-text scan (possible leftover PHI).
    public var retainedTextHits: [Range<Int>]
    /// Whether this row is a sequence whose items follow at `depth + 1`.
    public var isSequence: Bool

    public init(depth: Int = 0, tag: Tag, keyword: String, vr: String, before: String, after: String?,
                action: TagAction, rule: String, retainedTextHits: [Range<Int>] = [], isSequence: Bool = false) {
        self.depth = depth
        self.tag = tag
        self.keyword = keyword
        self.vr = vr
        self.before = before
        self.after = after
        self.action = action
        self.rule = rule
        self.retainedTextHits = retainedTextHits
        self.isSequence = isSequence
    }

    /// Whether de-identification changes this element.
    public var changed: Bool { after != before || action == .remove }
}

/// Window centre and width applied when the runner turns a frame into 8-bit grey.
public struct WindowLevel: Hashable, Sendable {
    public var center: Double
    public var width: Double
    public init(center: Double, width: Double) {
        self.center = center
        self.width = width
    }
}

/// A frame as 8-bit grey, already windowed, row-major.
public struct FrameImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var grey: [UInt8]
    /// The same frame as a PNG file, when kitty mode asked for it.
    public var png: [UInt8]?

    public init(width: Int, height: Int, grey: [UInt8], png: [UInt8]? = nil) {
        self.width = width
        self.height = height
        self.grey = grey
        self.png = png
    }

    /// The grey value at a pixel (0 outside the image or when the buffer is short).
    @inline(__always)
    public func value(x: Int, y: Int) -> UInt8 {
        let i = y * width + x
        return x >= 0 && y >= 0 && x < width && i < grey.count ? grey[i] : 0
    }
}

/// Text OCR found on a frame.
public struct FindingBox: Hashable, Sendable {
    public var frame: Int
    public var rect: PixelRect
    public var findingClass: FindingClass
    public var text: String
    public init(frame: Int, rect: PixelRect, findingClass: FindingClass, text: String) {
        self.frame = frame
        self.rect = rect
        self.findingClass = findingClass
        self.text = text
    }
}

/// Identifies a mask in the review store.
public struct MaskID: Hashable, Sendable, CustomStringConvertible {
    public var value: Int64
    public init(_ value: Int64) { self.value = value }
    public var description: String { String(value) }
}

/// Where a mask is in review.
public enum MaskStatus: String, Hashable, Sendable {
    /// Proposed by text detection, undecided.
    case proposed
    /// In effect: accepted by a reviewer, approved by a curator, or drawn in single-person mode.
    case approved
    /// Not applied.
    case rejected
    /// An edit waiting for a curator (multi-role batches); not applied yet.
    case awaitingCurator = "awaiting-curator"
}
/// Who made a mask.
public enum MaskOrigin: String, Hashable, Sendable { case detected, manual }

/// A rectangle blacked out of a frame.
public struct MaskBox: Hashable, Sendable {
    public var id: MaskID
    public var frame: Int
    public var rect: PixelRect
    public var status: MaskStatus
    public var origin: MaskOrigin
    public init(id: MaskID, frame: Int, rect: PixelRect, status: MaskStatus, origin: MaskOrigin) {
        self.id = id
        self.frame = frame
        self.rect = rect
        self.status = status
        self.origin = origin
    }

    var role: ThemeRole {
        switch (status, origin) {
        case (.rejected, _): return .maskRejected
        case (.awaitingCurator, _): return .maskProposed
        case (_, .manual): return .maskManual
        case (.approved, _): return .maskApproved
        case (.proposed, _): return .maskProposed
        }
    }
}

/// What the pixel view asks the runner for.
public struct FrameRequest: Hashable, Sendable {
    public var instance: InstanceID
    public var frame: Int
    /// nil asks for the instance's own default window (the reply says which it used).
    public var windowLevel: WindowLevel?
    /// Whether to apply the approved and manual masks (the "after" view).
    public var masked: Bool
    /// Whether to include PNG bytes (kitty mode).
    public var wantPNG: Bool
    public init(instance: InstanceID, frame: Int, windowLevel: WindowLevel?, masked: Bool, wantPNG: Bool) {
        self.instance = instance
        self.frame = frame
        self.windowLevel = windowLevel
        self.masked = masked
        self.wantPNG = wantPNG
    }
}

/// The runner's answer to a frame request.
public struct FramePayload: Hashable, Sendable {
    public var image: FrameImage
    public var frameCount: Int
    /// The window/level actually applied.
    public var windowLevel: WindowLevel
    /// Findings and masks of the whole instance (the view shows those of the current frame).
    public var findings: [FindingBox]
    public var masks: [MaskBox]
    public init(image: FrameImage, frameCount: Int, windowLevel: WindowLevel, findings: [FindingBox], masks: [MaskBox]) {
        self.image = image
        self.frameCount = frameCount
        self.windowLevel = windowLevel
        self.findings = findings
        self.masks = masks
    }
}

/// What a commit produced.
public struct CommitReceipt: Hashable, Sendable {
    public var auditEntryHash: String
    public var signingKeyFingerprint: String
    public var outputDirectory: String
    public var filesWritten: Int
    public init(auditEntryHash: String, signingKeyFingerprint: String, outputDirectory: String, filesWritten: Int) {
        self.auditEntryHash = auditEntryHash
        self.signingKeyFingerprint = signingKeyFingerprint
        self.outputDirectory = outputDirectory
        self.filesWritten = filesWritten
    }
}

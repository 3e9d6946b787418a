import DicomCore
import DicomDictionary
import ReviewStore
import Workstation

/// Turns the review store's records into the workstation's types (see docs/WORKSTATION.md,
/// "Mapping the review store onto the workstation's types"). Pure functions.
public enum StoreMapping {
    /// The store filter for a browser query.
    public static func filter(_ query: InstanceQuery) -> InstanceFilter {
        InstanceFilter(states: query.needsReviewOnly ? [.needsReview] : [],
                       modalities: query.modality.map { [$0] } ?? [],
                       findingClass: query.findingClass?.rawValue)
    }

    /// `auto-clear` → clean, `quarantined` → failed; approved with an approved override → overridden.
    public static func state(_ s: ReviewStore.InstanceState, overridden: Bool) -> Workstation.InstanceState {
        switch s {
        case .autoClear: return .clean
        case .needsReview: return .needsReview
        case .approved: return overridden ? .overridden : .approved
        case .rejected: return .rejected
        case .quarantined: return .failed
        }
    }

    /// A browser row: pseudonymous values only (the original identity comes through a logged reveal).
    public static func row(_ i: InstanceSummary, overridden: Bool, findingClasses: Set<String>) -> InstanceRow {
        let p = i.pseudonymous
        return InstanceRow(
            id: InstanceID(i.id), patientPseudonym: p.patientID,
            studyKey: p.studyUID, studyLabel: shortUID(p.studyUID),
            seriesKey: p.seriesUID, seriesLabel: "\(i.modality) \(shortUID(p.seriesUID))",
            sopKey: p.sopUID, modality: i.modality, state: state(i.state, overridden: overridden),
            findingClasses: FindingClasses(findingClasses.compactMap(Workstation.FindingClass.init(rawValue:))),
            frameCount: max(1, i.frames))
    }

    /// The last two components of a UID, enough to tell studies and series apart on screen.
    public static func shortUID(_ uid: String) -> String {
        let parts = uid.split(separator: ".")
        guard parts.count > 2 else { return uid }
        return "…" + parts.suffix(2).joined(separator: ".")
    }

    /// Mask status: `accepted` and `approved` are in effect; `deleted` masks are not sent (nil).
    public static func mask(_ m: MaskRecord) -> MaskBox? {
        let status: Workstation.MaskStatus
        switch m.status {
        case .proposed: status = .proposed
        case .accepted, .approved: status = .approved
        case .rejected: status = .rejected
        case .awaitingCurator: status = .awaitingCurator
        case .deleted: return nil
        }
        return MaskBox(id: MaskID(m.id), frame: m.frame, rect: m.rect, status: status,
                       origin: m.origin == .proposed ? .detected : .manual)
    }

    public static func finding(_ f: FindingRecord) -> FindingBox {
        FindingBox(frame: f.finding.frame, rect: f.finding.rect,
                   findingClass: Workstation.FindingClass(rawValue: f.finding.findingClass) ?? .text, text: f.finding.text)
    }

    /// The engine's action codes (`Deidentify.TagAction.Code` raw values) as the diff shows them.
    public static func action(_ code: String) -> Workstation.TagAction {
        switch code {
        case "X": return .remove
        case "Z": return .zero
        case "D", "pseudonym", "mark": return .dummy
        case "K", "override": return .keep
        case "C", "ageCap": return .clean
        case "U", "uid", "uidMap": return .uidMap
        case "S", "shift", "dateShift": return .dateShift
        default: return .clean
        }
    }

    /// The planned actions as diff rows in data-set order; each sequence on the way to a nested
    /// element gets one header row, and the element follows at its depth.
    public static func tagDiff(_ actions: [PlannedAction]) -> [TagDiffRow] {
        var rows: [TagDiffRow] = []
        var headers: Set<String> = []
        for a in actions {
            let components = a.path.split(separator: "/").map(String.init)
            guard let last = components.last, let tag = Tag(parsing: tagText(last)) else { continue }
            for depth in 0..<(components.count - 1) {
                let prefix = components[0...depth].map(tagText).joined(separator: "/")
                guard !headers.contains(prefix), let seqTag = Tag(parsing: tagText(components[depth])) else { continue }
                headers.insert(prefix)
                rows.append(TagDiffRow(depth: depth, tag: seqTag, keyword: DataDictionary.keyword(for: seqTag) ?? seqTag.description,
                                       vr: "SQ", before: "", after: "", action: .keep, rule: "", isSequence: true))
            }
            let code = action(a.action)
            rows.append(TagDiffRow(depth: components.count - 1, tag: tag, keyword: a.keyword.isEmpty ? tag.description : a.keyword,
                                   vr: a.vr, before: a.old ?? "", after: a.new, action: code, rule: a.rule,
                                   retainedTextHits: code == .clean ? retainedTextHits(in: a.new ?? "", vr: a.vr) : []))
        }
        return rows
    }

    /// Where the engine cut PHI out of retained text: the places its replacement marker stands
    /// (`REMOVED` in person names, `[REMOVED]` elsewhere), as character ranges of `after`.
    public static func retainedTextHits(in after: String, vr: String) -> [Range<Int>] {
        let text = Array(after), marker = Array(vr == "PN" ? "REMOVED" : "[REMOVED]")
        guard text.count >= marker.count else { return [] }
        var hits: [Range<Int>] = []
        var i = 0
        while i <= text.count - marker.count {
            if Array(text[i..<(i + marker.count)]) == marker {
                hits.append(i..<(i + marker.count))
                i += marker.count
            } else {
                i += 1
            }
        }
        return hits
    }

    /// `(0040,0275)[0]` → `(0040,0275)`.
    private static func tagText(_ component: String) -> String {
        component.firstIndex(of: "[").map { String(component[..<$0]) } ?? component
    }
}

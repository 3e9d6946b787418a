import DicomCore
import DicomDictionary

/// The de-identification engine: a data set, a profile and a key in; a new data set and the list of
/// what was done out. Pure: no files, no terminal, no database, so one value can serve many threads
/// (its only shared state is a memo of keyed UIDs, which never changes an output).
///
/// For each attribute, at every depth, the first rule that applies decides:
/// 1. group lengths and command-group attributes are removed;
/// 2. a profile override (keep, remove, empty, replace);
/// 3. private attributes: removed, unless safe-listed under Retain Safe Private (creators follow their blocks);
/// 4. PatientID and PatientName (top level) become the pseudonym;
/// 5. the Annex E row of the tag, with the profile's options, combined codes resolved (see ``resolve(_:_:)``);
/// 6. attributes the table does not list: UIDs are remapped (except well-known and SOP-class-like ones),
///    DA and DT follow the date options like the listed dates, sequences are entered, the rest is kept.
/// Kept text then goes through the retained-text scan.
public struct Deidentifier: Sendable {
    public let profile: Profile
    let key: PseudonymKey
    let remapper: UIDRemapper
    /// Remapped UIDs shared across the files (and threads) this value de-identifies.
    let uidMemo = UIDMemo()
    /// When false, ``DeidentificationResult/actions`` stays empty (batch mode saves the formatting).
    public var recordActions: Bool
    let tableOptions: [AnnexEOption]
    let publicOverrides: [Tag: OverrideAction]
    let privateOverrides: [PrivateTag: OverrideAction]
    let safePrivate: Set<PrivateTag>
    let safePrivateExact: Set<Tag>
    let lookup: PseudonymTable?
    let prefix: String
    /// The marker elements for each combination of (pixels cleaned, visual features cleaned), built once.
    let markers: [Markers]

    public init(profile: Profile, key: PseudonymKey, recordActions: Bool = true) throws(DeidentificationError) {
        self.profile = profile
        self.key = key
        self.remapper = UIDRemapper(key: key)
        self.recordActions = recordActions
        tableOptions = AnnexEOption.allCases.filter { o in profile.options.contains { $0.annexEOption == o } }
        var pub: [Tag: OverrideAction] = [:], priv: [PrivateTag: OverrideAction] = [:]
        for (s, a) in profile.overrides {
            switch s {
            case .tag(let t): pub[t] = a
            case .privateTag(let p): priv[Self.normalized(p)] = a
            }
        }
        publicOverrides = pub
        privateOverrides = priv
        var sp = Set<PrivateTag>(), se = Set<Tag>()
        for s in profile.safePrivate {
            switch s {
            case .tag(let t): se.insert(t)
            case .privateTag(let p): sp.insert(Self.normalized(p))
            }
        }
        safePrivate = sp
        safePrivateExact = se
        markers = (0..<4).map { Markers(profile: profile, pixelsCleaned: $0 & 1 != 0, featuresCleaned: $0 & 2 != 0) }
        switch profile.pseudonyms {
        case .derived(let p):
            prefix = p
            lookup = nil
        case .lookup(let path, let table):
            guard let table else { throw .lookupTableNotLoaded(path: path) }
            prefix = ""
            lookup = table
        }
    }

    static func normalized(_ p: PrivateTag) -> PrivateTag {
        PrivateTag(creator: p.creator.trimmed(" \0"), group: p.group, offset: p.offset)
    }

    /// De-identifies one instance: its file meta group and its data set.
    /// - Parameter pixels: what the caller did to the pixels; it decides 113101/113102 and BurnedInAnnotation.
    /// - Throws: ``DeidentificationError/patientNotInLookupTable`` when a lookup table lacks the patient.
    /// - Parameter tokens: the PHI tokens of `dataSet` when the caller harvested them already (for OCR);
    ///   harvested here when nil. They must come from this same original data set.
    public func deidentify(meta: DataSet, dataSet: DataSet, pixels: PixelStatus = .unchecked,
                           tokens harvested: PHITokens? = nil) throws(DeidentificationError) -> DeidentificationResult {
        let charset = dataSet.declaredCharacterSet ?? .default
        let patientID = DateShift.trim(dataSet[Tag(0x0010_0020)]?.bytes ?? [])
        let issuer = DateShift.trim(dataSet[Tag(0x0010_0021)]?.bytes ?? [])
        let pseudonym: String
        if let lookup {
            let id = charset.decode(patientID, vr: .LO)
            guard let s = lookup.subject(for: id) else { throw .patientNotInLookupTable }
            pseudonym = s
        } else {
            pseudonym = PatientPseudonym.derive(key: key, patientID: patientID, issuer: issuer, prefix: prefix)
        }
        let modifiedDates = profile.has(.retainLongitudinalModifiedDates) && !profile.has(.retainLongitudinalFullDates)
        let offset = modifiedDates ? DateShift.offset(key: key, patientID: patientID, issuer: issuer, range: profile.dateShiftRange) : 0
        let tokens = harvested ?? PHITokens.harvest(from: dataSet)

        var run = Run(engine: self, charset: charset, tokens: tokens, pseudonym: pseudonym,
                      shift: modifiedDates ? DateShift(days: offset) : nil)
        var out = run.process(dataSet, depth: 0)
        run.applyTopLevelReplacements(&out)
        run.addMarkers(&out, pixels: pixels)

        var newMeta = meta
        for t in WellKnownAttributes.metaToRemove where newMeta.contains(t) {
            run.record(t, vr: newMeta[t]?.vr ?? .UN, .removed, old: newMeta[t], new: nil, rule: "file meta: identifies the sending system")
            newMeta.remove(t)
        }
        if !profile.has(.retainUIDs), let m = newMeta[.mediaStorageSOPInstanceUID], let b = m.bytes {
            let newUID: [UInt8]
            if let sop = out[.sopInstanceUID]?.bytes { newUID = Array(sop) } else { newUID = run.remapUIDValue(b) }
            var e = m
            e.value = .bytes(ArraySlice(Run.padded(newUID, vr: .UI)))
            run.record(m.tag, vr: .UI, .uidMapped, old: m, new: e, rule: "file meta follows the new SOPInstanceUID")
            newMeta.set(e)
        }
        return DeidentificationResult(meta: newMeta, dataSet: out, actions: run.actions, findings: run.findings,
                                      patientPseudonym: pseudonym, dateOffsetDays: offset, uidMap: run.uidCache)
    }
}

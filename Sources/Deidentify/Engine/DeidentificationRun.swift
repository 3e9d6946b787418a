import DicomCore
import DicomDictionary

/// The mutable state of one ``Deidentifier/deidentify(meta:dataSet:pixels:)`` call: the path being
/// walked, the actions and findings so far, and the UID cache.
struct Run {
    let engine: Deidentifier
    let charset: SpecificCharacterSet
    let tokens: PHITokens
    let pseudonym: String
    let shift: DateShift?
    var actions: [TagAction] = []
    var findings: [RetainedTextFinding] = []
    var uidCache: [String: String] = [:]
    var path: [TagPathComponent] = []

    init(engine: Deidentifier, charset: SpecificCharacterSet, tokens: PHITokens, pseudonym: String, shift: DateShift?) {
        self.engine = engine
        self.charset = charset
        self.tokens = tokens
        self.pseudonym = pseudonym
        self.shift = shift
        let p = engine.profile
        recording = engine.recordActions
        retainUIDs = p.has(.retainUIDs)
        fullDates = p.has(.retainLongitudinalFullDates)
        scanOn = p.retainedTextScan
        ageCap = p.ageCap
        cleanGraphics = p.has(.cleanGraphics)
        retainSafePrivate = p.has(.retainSafePrivate)
    }

    let recording: Bool
    let retainUIDs: Bool
    let fullDates: Bool
    let scanOn: Bool
    let ageCap: Bool
    let cleanGraphics: Bool
    let retainSafePrivate: Bool

    // MARK: walking

    /// A de-identified copy of `ds` (a whole data set or a sequence item).
    mutating func process(_ ds: DataSet, depth: Int) -> DataSet {
        var kept: [DataElement] = []
        kept.reserveCapacity(ds.count)
        var usedCreators = Set<Tag>()
        var hasCreators = false
        for e in ds.elements {
            if e.tag.isPrivateCreator {
                hasCreators = true
                kept.append(e)
                continue
            }
            if let n = element(e, in: ds, depth: depth) {
                if let c = n.tag.privateCreatorTag { usedCreators.insert(c) }
                kept.append(n)
            }
        }
        if hasCreators {
            kept.removeAll { e in
                guard e.tag.isPrivateCreator, !usedCreators.contains(e.tag) else { return false }
                record(e.tag, vr: e.vr, .removed, old: e, new: nil, rule: "Annex E basic: X (private creator of no kept attribute)")
                return true
            }
        }
        return DataSet(kept)
    }

    /// The fate of one element: nil when removed.
    mutating func element(_ original: DataElement, in container: DataSet, depth: Int) -> DataElement? {
        var e = original
        let tag = e.tag
        if tag.isGroupLength || tag.group == 0x0000 || tag.group == 0x0002 {
            record(tag, vr: e.vr, .removed, old: e, new: nil, rule: tag.isGroupLength ? "group length (recomputed by writers)" : "command or file meta attribute inside a data set")
            return nil
        }
        if tag.isPrivate {
            return privateElement(e, in: container, depth: depth)
        }
        // Overlay planes go whole (Annex E lists only their data and comments; a plane without data is invalid),
        // unless Clean Graphics keeps them.
        if tag.group & 0xFF00 == 0x6000 && !cleanGraphics && engine.publicOverrides[tag] == nil {
            record(tag, vr: e.vr, .removed, old: e, new: nil, rule: "Annex E basic: X (overlay plane, removed whole)")
            return nil
        }
        // A UN value of a known public attribute is read as its dictionary VR.
        if e.vr == .UN, case .bytes = e.value {
            let dvr = DataDictionary.vr(for: tag)
            if dvr == .UN || dvr == .SQ {
                record(tag, vr: e.vr, .removed, old: e, new: nil, rule: dvr == .SQ ? "UN-encoded sequence: contents cannot be inspected" : "unknown public attribute with unknown VR: cannot be inspected")
                return nil
            }
            e.vr = dvr
        }
        if !engine.publicOverrides.isEmpty, let o = engine.publicOverrides[tag] {
            return override(e, o, depth: depth)
        }
        if depth == 0 && (tag.raw == 0x0010_0020 || tag.raw == 0x0010_0010) {
            return pseudonymize(e)
        }
        if let rule = AnnexETable.rule(for: tag) {
            let r = Deidentifier.resolve(rule, e, options: engine.tableOptions)
            return apply(r.action, e, rule: r.text, depth: depth)
        }
        return unlisted(e, depth: depth, rulePrefix: "not in Annex E")
    }

    /// Attributes the table does not list (and safe-listed private ones).
    mutating func unlisted(_ e: DataElement, depth: Int, rulePrefix: String) -> DataElement? {
        if case .bytes = e.value {
            switch e.vr {
            case .UI:
                if retainUIDs || WellKnownAttributes.isClassUID(e.tag.raw) { return e }
                return remapUIDs(e, rule: "\(rulePrefix): instance UID remapped")
            case .DA, .DT:
                if fullDates { return e }
                if shift != nil { return apply(.C, e, rule: "\(rulePrefix): date follows retainLongitudinalModifiedDates: C", depth: depth) }
                return apply(.D, e, rule: "\(rulePrefix): date treated as listed dates: D", depth: depth)
            default: break
            }
        }
        return retain(e, depth: depth, scan: scanOn, rule: "retained-text scan")
    }

    mutating func privateElement(_ e: DataElement, in container: DataSet, depth: Int) -> DataElement? {
        // The common case, nothing private can stay: no need to resolve the creator.
        if !retainSafePrivate && engine.privateOverrides.isEmpty && engine.publicOverrides.isEmpty {
            if recording {
                let hasCreator = e.tag.privateCreatorTag.map { container.contains($0) } ?? false
                record(e.tag, vr: e.vr, .removed, old: e, new: nil, rule: hasCreator ? "Annex E basic: X (private attribute)" : "Annex E basic: X (private attribute without creator)")
            }
            return nil
        }
        let ptag = privateTag(e.tag, in: container)
        if let p = ptag, let o = engine.privateOverrides[p] { return override(e, o, depth: depth) }
        if let o = engine.publicOverrides[e.tag] { return override(e, o, depth: depth) }
        if retainSafePrivate, engine.safePrivateExact.contains(e.tag) || (ptag.map { engine.safePrivate.contains($0) } ?? false) {
            return unlisted(e, depth: depth, rulePrefix: "option retainSafePrivate: C (safe-listed)")
        }
        record(e.tag, vr: e.vr, .removed, old: e, new: nil, rule: ptag == nil ? "Annex E basic: X (private attribute without creator)" : "Annex E basic: X (private attribute)")
        return nil
    }

    /// The creator-relative name of a private data element, decoded with the data set's character set.
    func privateTag(_ tag: Tag, in container: DataSet) -> PrivateTag? {
        guard let ct = tag.privateCreatorTag, let b = container[ct]?.bytes else { return nil }
        let creator = (DataSet.decodeStrings(b, vr: .LO, charset: charset).first ?? "").trimmed(" \0")
        guard !creator.isEmpty else { return nil }
        return PrivateTag(creator: creator, group: tag.group, offset: UInt8(truncatingIfNeeded: tag.element))
    }

    // MARK: actions

    mutating func apply(_ action: AnnexEAction, _ e: DataElement, rule: @autoclosure () -> String, depth: Int) -> DataElement? {
        switch action {
        case .X, .XZ, .XD, .XZD, .XZU:
            record(e.tag, vr: e.vr, .removed, old: e, new: nil, rule: rule())
            return nil
        case .Z:
            return emptied(e, rule: rule())
        case .D, .ZD:
            if e.isEmpty { return e }
            return dummy(e, rule: rule(), depth: depth)
        case .K:
            return retain(e, depth: depth, scan: scanOn, rule: "retained-text scan")
        case .C:
            return clean(e, rule: rule(), depth: depth)
        case .U:
            if case .sequence = e.value { return retain(e, depth: depth, scan: scanOn, rule: "retained-text scan") }
            if e.vr == .UI {
                if retainUIDs { return e }
                return remapUIDs(e, rule: rule())
            }
            if e.isEmpty { return e }
            return dummy(e, rule: rule(), depth: depth)
        }
    }

    mutating func emptied(_ e: DataElement, rule: @autoclosure () -> String) -> DataElement {
        var n = e
        switch e.value {
        case .sequence(let s):
            if s.items.isEmpty { return e }
            n.value = .sequence(.init(items: [], undefinedLength: s.undefinedLength))
        case .bytes(let b):
            if b.isEmpty { return e }
            n.value = .bytes([])
        case .encapsulated:
            n.value = .bytes([])
        }
        record(e.tag, vr: e.vr, .emptied, old: e, new: n, rule: rule())
        return n
    }

    /// D: a non-empty dummy consistent with the VR; UIDs are remapped and sequences are cleaned inside.
    mutating func dummy(_ e: DataElement, rule: @autoclosure () -> String, depth: Int) -> DataElement? {
        if case .sequence = e.value { return retain(e, depth: depth, scan: scanOn, rule: "retained-text scan") }
        if e.vr == .UI { return remapUIDs(e, rule: rule()) }
        var n = e
        let value: [UInt8]
        switch e.vr {
        case .DA: value = Array("19000101".utf8)
        case .DT: value = Array("19000101000000".utf8)
        case .TM: value = Array("000000".utf8)
        case .AS: value = Array("000D".utf8)
        case .DS, .IS: value = Array("0".utf8)
        case .PN, .CS, .SH, .LO, .ST, .LT, .UT, .UC, .AE: value = Array("ANONYMIZED".utf8)
        case .UR: value = Array("urn:anonymized".utf8)
        case .US, .SS, .UL, .SL, .FL, .FD, .AT, .SV, .UV:
            let unit = e.vr.binaryUnitSize ?? 2
            let count = max(unit, (e.bytes?.count ?? 0) / unit * unit)
            value = [UInt8](repeating: 0, count: count)
        default:
            value = [UInt8](repeating: 0, count: max(2, e.vr.binaryUnitSize ?? 2))
        }
        n.value = .bytes(ArraySlice(Self.padded(value, vr: e.vr)))
        record(e.tag, vr: e.vr, .dummy, old: e, new: n, rule: rule())
        return n
    }

    /// C: dates shift (or stay, under full dates), text loses harvested tokens, sequences are cleaned inside.
    mutating func clean(_ e: DataElement, rule: @autoclosure () -> String, depth: Int) -> DataElement? {
        guard case .bytes(let b) = e.value else {
            return retain(e, depth: depth, scan: scanOn, rule: "retained-text scan")
        }
        switch e.vr {
        case .DA, .DT:
            if fullDates || b.isEmpty { return e }
            guard let shift else { return dummy(e, rule: rule(), depth: depth) }
            guard let s = e.vr == .DA ? shift.shiftDA(b) : shift.shiftDT(b) else {
                return emptied(e, rule: rule() + "; value is not a date, emptied")
            }
            var n = e
            n.value = .bytes(ArraySlice(Self.padded(s, vr: e.vr)))
            record(e.tag, vr: e.vr, .dateShifted, old: e, new: n, rule: rule() + " (\(shift.days) days)")
            return n
        case .UI:
            if retainUIDs { return e }
            return remapUIDs(e, rule: rule())
        default:
            // Clean always removes harvested tokens, even with the retained-text scan off.
            return retain(e, depth: depth, scan: true, rule: rule())
        }
    }

    /// Keeps a value: sequences are entered, UIDs inside kept values follow the UID rules,
    /// text is scanned, and ages are capped.
    mutating func retain(_ e: DataElement, depth: Int, scan: Bool, rule: @autoclosure () -> String) -> DataElement {
        switch e.value {
        case .sequence(let s):
            var items = s.items
            for i in items.indices {
                path.append(TagPathComponent(tag: e.tag, item: i))
                items[i].dataSet = process(items[i].dataSet, depth: depth + 1)
                path.removeLast()
            }
            var n = e
            n.value = .sequence(.init(items: items, undefinedLength: s.undefinedLength))
            return n
        case .encapsulated:
            return e
        case .bytes(let b):
            if b.isEmpty { return e }
            if e.vr == .AS && ageCap { return capAge(e, b) }
            guard scan, !tokens.isEmpty, Self.scannedVRs.contains(e.vr) else { return e }
            return scanText(e, b, rule: rule())
        }
    }

    static let scannedVRs: Set<VR> = [.PN, .SH, .LO, .ST, .LT, .UT, .UC, .AE]

    /// Replaces every harvested token in a text value with a marker and records a finding per hit.
    mutating func scanText(_ e: DataElement, _ b: ArraySlice<UInt8>, rule: @autoclosure () -> String) -> DataElement {
        let hits = tokens.matches(bytes: b)
        if hits.isEmpty { return e }
        let marker: [UInt8]
        switch e.vr {
        case .AE, .SH: marker = Array("XXX".utf8)
        case .PN: marker = Array("REMOVED".utf8)
        default: marker = Array("[REMOVED]".utf8)
        }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var pos = b.startIndex
        for h in hits {
            out += b[pos..<h.range.lowerBound]
            out += marker
            pos = h.range.upperBound
            let token = tokens.token(at: h.token)
            findings.append(RetainedTextFinding(path: path + [TagPathComponent(tag: e.tag, item: nil)],
                                                vr: e.vr, token: token.text, kind: token.kind))
        }
        out += b[pos...]
        if let limit = Self.maxLength[e.vr], out.count > limit { out = Array(out.prefix(limit)) }
        var n = e
        n.value = .bytes(ArraySlice(Self.padded(out, vr: e.vr)))
        record(e.tag, vr: e.vr, .cleaned, old: e, new: n, rule: rule() + ": \(hits.count) PHI token(s) replaced")
        return n
    }

    static let maxLength: [VR: Int] = [.AE: 16, .SH: 16, .CS: 16, .LO: 64, .ST: 1024, .LT: 10240]

    mutating func capAge(_ e: DataElement, _ b: ArraySlice<UInt8>) -> DataElement {
        let v = Array(DateShift.trim(b))
        guard v.count == 4, v[3] == UInt8(ascii: "Y"), let n = Int(String(decoding: v[0..<3], as: UTF8.self)), n > 89 else { return e }
        var out = e
        out.value = .bytes(ArraySlice("090Y".utf8))
        record(e.tag, vr: e.vr, .ageCapped, old: e, new: out, rule: "age cap: over 89 years becomes 090Y")
        return out
    }

    mutating func pseudonymize(_ e: DataElement) -> DataElement {
        var n = e
        n.value = .bytes(ArraySlice(Self.padded(Array(pseudonym.utf8), vr: e.vr)))
        let which = e.tag.raw == 0x0010_0020 ? "Z/D" : "Z"
        let source = engine.lookup == nil ? "derived from the key" : "lookup table"
        record(e.tag, vr: e.vr, .pseudonym, old: e, new: n, rule: "Annex E basic: \(which) -> pseudonym (\(source))")
        return n
    }

    mutating func override(_ e: DataElement, _ o: OverrideAction, depth: Int) -> DataElement? {
        let rule = { "override: \(o)" }
        switch o {
        case .keep:
            record(e.tag, vr: e.vr, .kept, old: e, new: e, rule: rule())
            return retain(e, depth: depth, scan: scanOn, rule: "retained-text scan")
        case .remove:
            record(e.tag, vr: e.vr, .removed, old: e, new: nil, rule: rule())
            return nil
        case .empty:
            return emptied(e, rule: rule())
        case .replace(let v):
            guard e.vr.isText else {
                record(e.tag, vr: e.vr, .removed, old: e, new: nil, rule: rule() + " (not a text attribute: removed)")
                return nil
            }
            var n = e
            n.value = .bytes(ArraySlice(Self.padded(charset.encode(v, vr: e.vr).bytes, vr: e.vr)))
            record(e.tag, vr: e.vr, .overridden, old: e, new: n, rule: rule())
            return n
        }
    }

    // MARK: UIDs

    mutating func remapUIDs(_ e: DataElement, rule: @autoclosure () -> String) -> DataElement {
        guard let b = e.bytes, !b.isEmpty else { return e }
        let out = remapUIDValue(b)
        var n = e
        n.value = .bytes(ArraySlice(Self.padded(out, vr: .UI)))
        if n.value != e.value { record(e.tag, vr: e.vr, .uidMapped, old: e, new: n, rule: rule()) }
        return n
    }

    /// Remaps each backslash-separated UID, leaving well-known ones.
    mutating func remapUIDValue(_ b: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var first = true
        for part in b.split(separator: 0x5C, omittingEmptySubsequences: false) {
            if !first { out.append(0x5C) }
            first = false
            let v = DateShift.trim(part)
            if v.isEmpty { continue }
            if UIDRemapper.isWellKnown(v) { out += v; continue }
            let key = String(decoding: v, as: UTF8.self)
            if let cached = uidCache[key] { out += cached.utf8; continue }
            let n = engine.uidMemo.remap(v, with: engine.remapper)
            uidCache[key] = n
            out += n.utf8
        }
        return out
    }

    // MARK: top level

    /// Pseudonyms for absent PatientID/PatientName, and `replace` overrides of absent attributes.
    mutating func applyTopLevelReplacements(_ ds: inout DataSet) {
        for (tag, vr) in [(Tag(0x0010_0010), VR.PN), (Tag(0x0010_0020), VR.LO)] where !ds.contains(tag) && engine.publicOverrides[tag] == nil {
            let e = DataElement(tag: tag, vr: vr, bytes: ArraySlice(Self.padded(Array(pseudonym.utf8), vr: vr)))
            ds.set(e)
            record(tag, vr: vr, .pseudonym, old: nil, new: e, rule: "pseudonym added")
        }
        for (tag, o) in engine.publicOverrides where !ds.contains(tag) {
            guard case .replace(let v) = o else { continue }
            let vr = DataDictionary.vr(for: tag)
            guard vr.isText else { continue }
            let e = DataElement(tag: tag, vr: vr, bytes: ArraySlice(Self.padded(charset.encode(v, vr: vr).bytes, vr: vr)))
            ds.set(e)
            record(tag, vr: vr, .overridden, old: nil, new: e, rule: "override: \(o) (added)")
        }
    }

    /// PatientIdentityRemoved, DeidentificationMethod(CodeSequence), LongitudinalTemporalInformationModified,
    /// and what the caller says about pixels.
    mutating func addMarkers(_ ds: inout DataSet, pixels: PixelStatus) {
        let m = engine.markers[(pixels.cleaned ? 1 : 0) + (pixels.recognizableVisualFeaturesCleaned ? 2 : 0)]
        for e in [m.identityRemoved, m.method, m.codes] {
            let old = ds[e.tag]
            if old == e { continue }
            ds.set(e)
            record(e.tag, vr: e.vr, .marked, old: old, new: e, rule: "de-identification marker")
        }
        let longitudinal = fullDates ? "UNMODIFIED" : (shift != nil ? "MODIFIED" : "REMOVED")
        mark(&ds, Tag(0x0028_0303), .CS, longitudinal)
        if let burned = pixels.burnedInAnnotation { mark(&ds, Tag(0x0028_0301), .CS, burned) }
        if pixels.recognizableVisualFeaturesCleaned { mark(&ds, Tag(0x0028_0302), .CS, "NO") }
    }

    mutating func mark(_ ds: inout DataSet, _ tag: Tag, _ vr: VR, _ value: String) {
        let e = DataElement(tag: tag, vr: vr, bytes: ArraySlice(Self.padded(Array(value.utf8), vr: vr)))
        let old = ds[tag]
        if old == e { return }
        ds.set(e)
        record(tag, vr: vr, .marked, old: old, new: e, rule: "de-identification marker")
    }

    // MARK: helpers

    /// Pads to even length with the VR's padding byte.
    static func padded(_ v: [UInt8], vr: VR) -> [UInt8] {
        v.count % 2 == 0 ? v : v + [vr.paddingByte]
    }

    static func keyword(_ tag: Tag) -> String {
        DataDictionary.keyword(for: tag) ?? tag.description
    }

    mutating func record(_ tag: Tag, vr: VR, _ code: TagAction.Code, old: DataElement?, new: DataElement?, rule: @autoclosure () -> String) {
        guard recording else { return }
        actions.append(TagAction(path: path + [TagPathComponent(tag: tag, item: nil)], keyword: Self.keyword(tag), vr: vr, code: code,
                                 old: old.map(display), new: new.map(display), rule: rule()))
    }

    func display(_ e: DataElement) -> String {
        switch e.value {
        case .sequence(let s): return "<sequence of \(s.items.count) item\(s.items.count == 1 ? "" : "s")>"
        case .encapsulated(let p): return "<encapsulated, \(p.fragments.count) fragments>"
        case .bytes(let b):
            guard e.vr.isText else { return "<\(b.count) bytes>" }
            var s = DataSet.decodeStrings(b, vr: e.vr, charset: charset).joined(separator: "\\")
            if s.count > 256 { s = String(s.prefix(256)) + "…" }
            return s
        }
    }
}

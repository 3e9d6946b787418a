import DicomCore

/// The attributes that record what was done: PatientIdentityRemoved, DeidentificationMethod and
/// DeidentificationMethodCodeSequence (113100, the code of every table option in force, and 113101/113102
/// only when the caller says the pixels or visual features were cleaned).
struct Markers: Sendable {
    let identityRemoved: DataElement
    let method: DataElement
    let codes: DataElement

    init(profile: Profile, pixelsCleaned: Bool, featuresCleaned: Bool) {
        var codes: [(String, String)] = [("113100", "Basic Application Confidentiality Profile")]
        var methods = ["dcmveil PS3.15 Annex E Basic Profile"]
        var used = profile.options.filter { $0.annexEOption != nil }
        if pixelsCleaned { used.insert(.cleanPixelData) }
        if featuresCleaned { used.insert(.cleanRecognizableVisualFeatures) }
        for o in used.sorted() {
            codes.append((o.code, o.meaning))
            methods.append(o.meaning)
        }
        func text(_ tag: UInt32, _ vr: VR, _ v: String) -> DataElement {
            DataElement(tag: Tag(tag), vr: vr, bytes: ArraySlice(Run.padded(Array(v.utf8), vr: vr)))
        }
        identityRemoved = text(0x0012_0062, .CS, "YES")
        method = text(0x0012_0063, .LO, methods.joined(separator: "\\"))
        let items = codes.map { code, meaning in
            SequenceItem(DataSet([text(0x0008_0100, .SH, code), text(0x0008_0102, .SH, "DCM"), text(0x0008_0104, .LO, meaning)]))
        }
        self.codes = DataElement(tag: Tag(0x0012_0064), vr: .SQ, value: .sequence(.init(items: items, undefinedLength: false)))
    }
}

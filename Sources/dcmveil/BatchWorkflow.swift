import ArgumentParser
import Audit
import Deidentify
import DicomCore
import DicomIO
import DicomPixels
import Foundation
import Pipeline
import ReviewStore
import TextDetection

/// What `scan`, `commit` and `export` share: the batch's profile, key, engine and pipeline.
struct BatchContext {
    let store: BatchStore
    let directory: String
    let input: String
    let profile: Profile
    let key: PseudonymKey
    let processor: InstanceProcessor

    /// Loads the profile recorded at the first scan (or the given one for a new batch) and the key.
    static func open(directory: String, input: String?, profilePath: String?, keyFile: String, creating: Bool) throws -> BatchContext {
        let store = creating ? try BatchStore.open(directory: directory) : try openExistingBatch(directory, command: "batch")
        let key = try PseudonymKey.read(path: keyFile)
        var profile = Profile.default
        if let recorded = try store.metadata(BatchStore.MetadataKey.profile), !recorded.isEmpty {
            profile = try ProfileParser.parse(recorded, file: "\(directory)/batch.sqlite (recorded profile)")
            if let profilePath, ProfileRenderer.toml(try ProfileParser.load(path: profilePath)) != recorded {
                throw ValidationError("the batch was scanned with another profile; start a new batch for a new profile")
            }
        } else if let profilePath {
            profile = try ProfileParser.load(path: profilePath)
        }
        let recordedInput = try store.metadata(BatchStore.MetadataKey.input)
        guard let root = input.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) ?? recordedInput else {
            throw ValidationError("the batch has no input folder recorded")
        }
        if let recordedInput, recordedInput != root {
            throw ValidationError("the batch was scanned from \(recordedInput), not \(root)")
        }
        if creating {
            try store.setMetadata(BatchStore.MetadataKey.profile, ProfileRenderer.toml(profile))
            try store.setMetadata(BatchStore.MetadataKey.input, root)
            try store.setMetadata(BatchStore.MetadataKey.keyFingerprints, "{\"pseudonym\":\"\(key.fingerprint)\"}")
        } else if let prints = try store.metadata(BatchStore.MetadataKey.keyFingerprints), !prints.contains(key.fingerprint) {
            throw ValidationError("this is not the key the batch was scanned with (fingerprints \(prints))")
        }
        let engine = try Deidentifier(profile: profile, key: key, recordActions: true)
        let inspector = PixelInspector(detector: try TesseractDetector())
        return BatchContext(store: store, directory: directory, input: root, profile: profile, key: key,
                            processor: InstanceProcessor(engine: engine, inspector: inspector))
    }

    /// Examines one file into a scan record (or a quarantine record with the reason).
    func scanRecord(relative: String) -> ScanRecord? {
        let path = FileWalker.join(input, relative)
        let source: InstanceProcessor.Input
        do { source = try InstanceProcessor.read(path: path) } catch let e as DicomError {
            if e.kind == .notDicom { return nil }
            let bytes = (try? DicomReader.readBytes(path: path)) ?? []
            return .quarantined(path: relative, size: Int64(bytes.count), sha256: InstanceProcessor.sha256Hex(bytes), reason: "unreadable: \(e)")
        } catch {
            return .quarantined(path: relative, size: 0, sha256: "", reason: "unreadable: \(error)")
        }
        let ds = source.file.dataSet
        let exam: InstanceProcessor.Examination
        do { exam = try processor.examine(source) } catch {
            return .quarantined(path: relative, size: Int64(source.size), sha256: source.sha256, reason: error.description)
        }
        let out = exam.deidentified.dataSet
        func keys(_ d: DataSet, patient: String) -> InstanceKeys {
            InstanceKeys(patientID: patient, studyUID: d.string(Tag(0x0020_000D)) ?? "",
                         seriesUID: d.string(Tag(0x0020_000E)) ?? "", sopUID: d.string(.sopInstanceUID) ?? "")
        }
        let findings = exam.pixels.findings.map {
            ReviewStore.TextFinding(frame: $0.frame, rect: $0.box,
                                    text: $0.text, confidence: $0.confidence, findingClass: $0.findingClass.rawValue)
        }
        let masks = exam.pixels.proposedMasks.map {
            ProposedMask(frame: $0.frame, rect: PixelRect(x: $0.x, y: $0.y, width: $0.width, height: $0.height))
        }
        let actions = exam.deidentified.actions.map {
            PlannedAction(path: $0.path.map(\.description).joined(separator: "/"), keyword: $0.keyword, vr: $0.vr.rawValue,
                          action: $0.code.rawValue, old: $0.old, new: $0.new, rule: $0.rule)
        }
        let modality = ds.string(Tag(0x0008_0060)) ?? ""
        let signals = ReviewSignals(hasFindings: !findings.isEmpty,
                                    burnedInAnnotation: ds.string(Tag(0x0028_0301))?.uppercased() == "YES",
                                    modality: modality, retainedTextHits: exam.deidentified.findings.count)
        return ScanRecord(path: relative, size: Int64(source.size), sha256: source.sha256,
                          original: keys(ds, patient: ds.string(Tag(0x0010_0020)) ?? ""),
                          pseudonymous: keys(out, patient: exam.deidentified.patientPseudonym),
                          instanceNumber: ds.int(Tag(0x0020_0013)) ?? 0, modality: modality,
                          rows: exam.pixels.rows, columns: exam.pixels.columns, frames: exam.pixels.frames,
                          transferSyntax: source.file.transferSyntax.uid, signals: signals, actions: actions,
                          findings: findings, proposedMasks: masks, quarantineReason: nil)
    }
}

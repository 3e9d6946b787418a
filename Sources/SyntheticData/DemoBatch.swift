import DicomIO
import Foundation

/// The demo batch of `dcmveil demo-data`: a few made-up patients with CT, MR, US, CR and SC studies, some with
/// names, IDs and dates burned into the pixels, one with a lying BurnedInAnnotation, and one unreadable file.
public enum DemoBatch {
    /// What was written, for the caller's summary.
    public struct Summary: Sendable {
        public var files: Int
        public var withBurnedInText: Int
        public var patients: Int
    }

    public static func write(to folder: String, seed: UInt64 = 2026) throws -> Summary {
        var rng = SyntheticRandom(seed: seed)
        let patients = (0..<4).map { SyntheticPatient.make($0 * 5 + 1, rng: &rng) }
        var files = 0, burned = 0
        let plan: [(modality: String, size: Int, count: Int, burn: Bool)] = [
            ("CT", 256, 6, false), ("MR", 256, 4, false), ("US", 320, 2, true), ("CR", 384, 1, true), ("SC", 320, 1, true),
        ]
        for (pi, p) in patients.enumerated() {
            for (si, item) in plan.enumerated() where (pi + si) % 4 != 3 {
                for n in 1...item.count {
                    var burn: [String] = []
                    if item.burn {
                        burn = [p.dicomName, p.id, "DOB \(p.birthDate)"]
                        if item.modality == "US" { burn.append("L") }
                    }
                    let spec = SyntheticInstanceSpec(patient: p, studyIndex: si, seriesIndex: 0, instanceNumber: n,
                                                     modality: item.modality, rows: item.size, columns: item.size,
                                                     burnIn: burn, seed: seed &+ UInt64(pi * 1000 + si * 100 + n))
                    var (file, boxes) = SyntheticInstance.make(spec)
                    if item.modality == "CR" {
                        // The flag lies: text is burned in, the header says NO.
                        file.dataSet.setString(.init(0x0028_0301), vr: .CS, "NO")
                    }
                    let dir = "\(folder)/\(p.familyName.lowercased())/\(item.modality.lowercased())"
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    try DicomWriter.write(file, to: "\(dir)/\(String(format: "%03d", n)).dcm")
                    files += 1
                    if !boxes.isEmpty { burned += 1 }
                }
            }
        }
        // A truncated file: it must be quarantined with a reason, never passed on.
        let (whole, _) = SyntheticInstance.make(SyntheticInstanceSpec(patient: patients[0], studyIndex: 9, seriesIndex: 0,
                                                                      instanceNumber: 1, modality: "CT", rows: 64, columns: 64, seed: seed))
        let bytes = try DicomWriter.encode(whole)
        try AtomicFile.write(Array(bytes.prefix(bytes.count - 3000)), to: "\(folder)/truncated.dcm")
        return Summary(files: files + 1, withBurnedInText: burned, patients: patients.count)
    }
}

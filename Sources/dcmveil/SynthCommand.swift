import ArgumentParser
import DicomIO
import Foundation
import SyntheticData

/// `dcmveil synth`: deterministic synthetic corpora for benchmarks and tests.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "synth", 
        abstract: "Write a deterministic synthetic corpus (for benchmarks and tests); every value is made up.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case ct, small, header, mixed
    }

    @Option(help: "ct: 512×512 16-bit slices; small: 64×64; header: no pixel data; mixed: half with burned-in text.")
    var kind: Kind = .ct
    @Option(help: "Number of files.") var count = 100
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "Image size (rows = columns); defaults by kind.") var size: Int?
    @Argument(help: "Output folder (created).") var output: String

    func run() throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var rng = SyntheticRandom(seed: seed)
        let side = size ?? (kind == .small ? 64 : 512)
        let patients = (0..<max(1, count / 50)).map { SyntheticPatient.make($0, rng: &rng) }
        var truth: [[String: Any]] = []
        for i in 0..<count {
            let p = patients[i % patients.count]
            let study = (i / patients.count) % 3
            var burn: [String] = []
            if kind == .mixed && i % 2 == 0 {
                burn = [p.dicomName, p.id, "DOB \(p.birthDate)"]
            }
            let spec = SyntheticInstanceSpec(patient: p, studyIndex: study, seriesIndex: 0, instanceNumber: i / (patients.count * 3) + 1 + i,
                                             modality: kind == .mixed ? (i % 4 == 0 ? "SC" : "CT") : "CT",
                                             rows: side, columns: side, burnIn: burn, withPixels: kind != .header,
                                             seed: seed &+ UInt64(i))
            let (file, boxes) = SyntheticInstance.make(spec)
            let name = String(format: "%06d.dcm", i)
            try DicomWriter.write(file, to: "\(output)/\(name)")
            if kind == .mixed {
                truth.append(["file": name, "boxes": boxes.map { ["text": $0.text, "x": $0.x, "y": $0.y, "w": $0.width, "h": $0.height] }])
            }
        }
        if kind == .mixed {
            let data = try JSONSerialization.data(withJSONObject: truth, options: [.sortedKeys, .prettyPrinted])
            try data.write(to: URL(fileURLWithPath: "\(output)/truth.json"))
        }
        print("wrote \(count) \(kind.rawValue) files to \(output)")
    }
}

import ArgumentParser
import SyntheticData

/// `dcmveil demo-data DIR`: a synthetic batch to try the workstation on.
struct DemoData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Write a synthetic demo batch: several made-up patients with CT, MR, US, CR and SC, some with PHI burned into the pixels.")

    @Argument(help: "Folder to write into (created).") var folder: String

    func run() throws {
        let s = try DemoBatch.write(to: folder)
        print("wrote \(s.files) files for \(s.patients) made-up patients to \(folder) (\(s.withBurnedInText) with burned-in text, 1 truncated)")
    }
}

import ArgumentParser

/// The `dcmveil` command line: every subcommand of the de-identification workstation.
struct Dcmveil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcmveil",
        abstract: "De-identify DICOM for research release, review the hard cases, and prove what was done.",
        version: BuildInfo.version,
        subcommands: [Keygen.self, ProfileCommand.self, Apply.self, Scan.self, ScanPixels.self, Status.self, Decide.self, Review.self, Roles.self, Commit.self, Export.self, Dump.self, Index.self, Rewrite.self, DemoData.self, Synth.self, AuditCommand.self])
}

Dcmveil.main()

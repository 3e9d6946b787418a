import ArgumentParser

/// The `dcmveil` command line: every subcommand of the de-identification workstation.
struct Dcmveil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcmveil",
        abstract: "De-identify DICOM for research release, review the hard cases, and prove what was done.",
        version: BuildInfo.version,
        subcommands: [Dump.self, Index.self, Rewrite.self, Synth.self, DemoData.self])
}

Dcmveil.main()

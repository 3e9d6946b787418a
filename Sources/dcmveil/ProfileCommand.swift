import ArgumentParser
import Deidentify

/// `dcmveil profile show [--profile P]`: the effective profile, every default filled in.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Inspect de-identification profiles.",
        subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the effective profile as TOML, with every default filled in.")

        @Option(name: .long, help: "Profile file (TOML). Without it, the built-in default profile.")
        var profile: String?

        func run() throws {
            do {
                let p = try profile.map { try ProfileParser.load(path: $0) } ?? Profile.default
                print(ProfileRenderer.toml(p), terminator: "")
            } catch let e as ProfileError {
                printError("dcmveil profile show: \(e)")
                throw ExitCode(2)
            }
        }
    }
}

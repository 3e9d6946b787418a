import ArgumentParser
import Deidentify

/// `dcmveil keygen DIR`: create the pseudonym key and the audit signing key pair.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create pseudonym.key (HMAC secret), signing.key and signing.pub (Ed25519) in DIR.",
        discussion: "Secret files get mode 0600. Existing key files are never overwritten. Only fingerprints are printed.")

    @Argument(help: "Folder for the key files (created if missing).")
    var dir: String

    func run() throws {
        do {
            let g = try KeyFiles.generate(in: dir)
            print("pseudonym key  \(g.pseudonymKeyFingerprint)  \(g.pseudonymKeyPath)")
            print("signing key    \(g.signingKeyFingerprint)  \(g.signingKeyPath)")
            print("public key     \(g.signingKeyFingerprint)  \(g.signingPublicKeyPath)")
        } catch let e as KeyError {
            printError("dcmveil keygen: \(e)")
            throw ExitCode(1)
        }
    }
}

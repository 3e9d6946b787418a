import ArgumentParser
import Audit
import Deidentify
import Foundation

/// `dcmveil keygen DIR`: create the pseudonym key and the audit signing key pair.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create pseudonym.key (HMAC secret), signing.key and signing.pub (Ed25519) in DIR.",
        discussion: """
            pseudonym.key holds 32 raw bytes; signing.key is PKCS#8 PEM and signing.pub SubjectPublicKeyInfo PEM \
            (the Audit module's formats). Secret files get mode 0600. If any of the three files exists, nothing \
            is written. Only fingerprints are printed, never key bytes.
            """)

    @Argument(help: "Folder for the key files (created if missing).")
    var dir: String

    func run() throws {
        do {
            try KeyFiles.prepare(dir)
            let paths = KeyFiles.paths(in: dir)
            let pseudonym = try KeyFiles.generatePseudonymKey(in: dir)
            let signing = SigningKey()
            try signing.save(to: URL(fileURLWithPath: paths.signing))
            try signing.verifyingKey.save(to: URL(fileURLWithPath: paths.signingPublic))
            print("pseudonym key  \(pseudonym.fingerprint)  \(paths.pseudonym)")
            print("signing key    \(signing.fingerprint)  \(paths.signing)")
            print("public key     \(signing.verifyingKey.fingerprint)  \(paths.signingPublic)")
        } catch let e as KeyError {
            printError("dcmveil keygen: \(e)")
            throw ExitCode(1)
        } catch {
            printError("dcmveil keygen: \(error)")
            throw ExitCode(1)
        }
    }
}

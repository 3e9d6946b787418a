import ArgumentParser
import Audit
import Deidentify
import Foundation

/// `dcmveil keygen DIR`: create the pseudonym key and the audit signing key pair.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keygen", 
        abstract: "Create pseudonym.key (HMAC secret), signing.key and signing.pub (Ed25519) in DIR.",
        discussion: """
            pseudonym.key holds 32 raw bytes; signing.key is PKCS#8 PEM and signing.pub SubjectPublicKeyInfo PEM \
            (the Audit module's formats). Secret files get mode 0600. If any of the three files exists, nothing \
            is written. Only fingerprints are printed, never key bytes. With --audit LOG (and/or a project log: \
            --project-log or $DCMVEIL_PROJECT_LOG), a signed keygen entry with the three fingerprints is appended \
            there; it needs --operator and is signed by the new signing key.
            """)

    @Argument(help: "Folder for the key files (created if missing).")
    var dir: String

    @Option(help: ArgumentHelp("An audit log to record the new keys' fingerprints in.", valueName: "LOG"))
    var audit: String?

    @Option(help: ArgumentHelp("The project-wide audit log to record them in too (default: $DCMVEIL_PROJECT_LOG).", valueName: "FILE"))
    var projectLog: String?

    @Option(help: "Who creates the keys (required with a log).")
    var `operator`: String?

    func validate() throws {
        let logs = [audit, ProjectLog.resolve(projectLog)].compactMap { $0 }
        if !logs.isEmpty, (`operator` ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("recording keygen in an audit log needs --operator NAME")
        }
    }

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
            if let op = `operator` {
                let event = AuditEvent(
                    operatorName: op, host: AuditRecording.host, action: .keygen, tool: AuditRecording.tool, profile: .null,
                    keyFingerprints: ["pseudonym": pseudonym.fingerprint, "signing": signing.fingerprint],
                    governance: Audit.Governance())
                var seen: Set<String> = []
                for log in [audit, ProjectLog.resolve(projectLog)].compactMap({ $0 }) {
                    let url = URL(fileURLWithPath: log).standardizedFileURL
                    guard seen.insert(url.path).inserted else { continue }
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    let entry = try AuditLog(url: url).append(event, signingKey: signing)
                    print("audit entry #\(entry.seq) \(entry.hash) in \(log)")
                }
            }
        } catch let e as KeyError {
            printError("dcmveil keygen: \(e)")
            throw ExitCode(1)
        } catch {
            printError("dcmveil keygen: \(error)")
            throw ExitCode(1)
        }
    }
}

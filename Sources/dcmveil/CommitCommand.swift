import ArgumentParser
import Audit
import Deidentify
import DicomIO
import DicomPixels
import Foundation
import Pipeline
import ReviewStore

/// `dcmveil commit --batch DIR --operator NAME`: write the approved outputs and a signed audit entry.
struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "commit", 
        abstract: "Apply the approved de-identification and masks into DIR/output (atomically per file) and append a signed audit entry. Refuses while anything needs review.")

    @Option(help: "The batch folder.") var batch: String
    @Option(help: "Who commits (must hold the officer or curator role when roles are set).") var `operator`: String
    @Option(help: "The pseudonym key the batch was scanned with.") var keyFile: String
    @Option(help: "The Ed25519 signing key for the audit entry (default: signing.key beside the key file).") var signingKey: String?
    @Option(help: ArgumentHelp("A project-wide audit log the commit entry also goes into (default: $DCMVEIL_PROJECT_LOG).", valueName: "FILE")) var projectLog: String?

    func run() throws {
        let ctx: BatchContext
        let signing: SigningKey
        do {
            ctx = try BatchContext.open(directory: batch, input: nil, profilePath: nil, keyFile: keyFile, creating: false)
            signing = try AuditRecording.signingKey(explicit: signingKey, keyFile: keyFile)
        } catch {
            printError("dcmveil commit: \(error)")
            throw ExitCode(2)
        }
        let outcome: CommitOutcome
        do {
            outcome = try BatchCommit.run(ctx, operatorName: `operator`, signing: signing, projectLog: ProjectLog.resolve(projectLog))
        } catch let refusal as CommitRefusal {
            for line in refusal.lines { printError("dcmveil commit: \(line)") }
            throw ExitCode(1)
        }
        print("committed \(outcome.filesWritten) instance(s) with \(outcome.masksApplied) mask(s) into \(outcome.outputRoot)")
        print("audit entry #\(outcome.auditEntry.seq) \(outcome.auditEntry.hash)")
        print("signed by key \(outcome.signingKeyFingerprint); commit \(outcome.commitID)")
        if let p = outcome.projectEntry { print("project log entry #\(p.seq) \(p.hash)") }
        if let e = outcome.projectLogError {
            printError("dcmveil commit: the batch is committed, but the project log entry failed: \(e)")
            throw ExitCode(1)
        }
    }
}

/// `dcmveil export --batch DIR DEST --operator NAME`: copy the committed, approved outputs with a manifest.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", 
        abstract: "Copy the committed, approved instances to DEST with manifest.csv and manifest.json, checking every hash. Refuses if the batch changed after commit.")

    @Option(help: "The batch folder.") var batch: String
    @Argument(help: "Destination folder (created).") var destination: String
    @Option(help: "Who exports (must hold the exporter role when roles are set).") var `operator`: String
    @Option(help: "Signing key for the audit entry (optional).") var signingKey: String?
    @Option(help: ArgumentHelp("A project-wide audit log the export entry also goes into (default: $DCMVEIL_PROJECT_LOG; needs --signing-key).", valueName: "FILE")) var projectLog: String?

    func run() throws {
        let store = try openExistingBatch(batch, command: "export")
        let plan: (commit: CommitRecord, outputs: [CommittedOutput])
        do { plan = try store.exportPlan(operator: `operator`) } catch {
            printError("dcmveil export: refused: \(error)")
            throw ExitCode(1)
        }
        var csv = "path,input_sha256,output_sha256\n"
        var json: [[String: String]] = []
        var rows: [ManifestRow] = []
        // Committed outputs are found by their hash under output/ (the store records input paths); every
        // file is checked before anything is copied.
        let outputs = committedOutputsByHash()
        if let missing = plan.outputs.first(where: { outputs[$0.outputSHA256] == nil }) {
            printError("dcmveil export: refused: output of \(missing.path) is missing or was changed after commit")
            throw ExitCode(1)
        }
        for o in plan.outputs.sorted(by: { $0.path < $1.path }) {
            guard let rel = outputs[o.outputSHA256] else {
                printError("dcmveil export: refused: output of \(o.path) is missing or was changed after commit")
                throw ExitCode(1)
            }
            let src = "\(batch)/output/\(rel)"
            let bytes = try DicomReader.readBytes(path: src)
            guard InstanceProcessor.sha256Hex(bytes) == o.outputSHA256 else {
                printError("dcmveil export: refused: \(rel) does not match its committed hash")
                throw ExitCode(1)
            }
            let dest = "\(destination)/\(rel)"
            try FileManager.default.createDirectory(atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(bytes, to: dest, durable: true)
            csv += "\(rel),\(o.inputSHA256),\(o.outputSHA256)\n"
            json.append(["path": rel, "input_sha256": o.inputSHA256, "output_sha256": o.outputSHA256])
            rows.append(try ManifestRow(path: rel, inputSHA256: o.inputSHA256, outputSHA256: o.outputSHA256, masks: ""))
        }
        try AtomicFile.write(Array(csv.utf8), to: "\(destination)/manifest.csv")
        let doc: [String: Any] = ["commit": plan.commit.id, "audit_entry": plan.commit.auditEntryHash, "files": json]
        try AtomicFile.write(Array(try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted])), to: "\(destination)/manifest.json")
        if let signingKey {
            let signing = try SigningKey.load(from: URL(fileURLWithPath: signingKey))
            let profileText = try store.metadata(BatchStore.MetadataKey.profile) ?? ""
            let profile = (try? Deidentify.ProfileParser.parse(profileText)) ?? .default
            let manifest = try Manifest(rows: rows)
            // The manifest sits beside the batch log that names it (as verify and the project log read it),
            // with a copy in DEST for the recipient.
            let manifestName = "export-\(Int(Date().timeIntervalSince1970))-\(manifest.sha256.prefix(12)).manifest"
            try manifest.write(to: URL(fileURLWithPath: "\(batch)/\(manifestName)"))
            try manifest.write(to: URL(fileURLWithPath: "\(destination)/audit.manifest"))
            let event = AuditRecording.event(.export, operatorName: `operator`, profile: profile, pseudonymKey: nil, signing: signing, ocr: false,
                                             counts: FileCounts(input: plan.outputs.count, output: plan.outputs.count, quarantined: 0),
                                             manifest: manifest.reference(file: manifestName))
            let logPath = "\(batch)/audit.jsonl"
            let entry = try AuditLog(url: URL(fileURLWithPath: logPath)).append(event, signingKey: signing)
            print("audit entry #\(entry.seq) \(entry.hash)")
            if let project = ProjectLog.resolve(projectLog) {
                let p = try ProjectLog.mirror(entry, sourceLog: logPath, to: project, signing: signing)
                print("project log entry #\(p.seq) \(p.hash)")
            }
        }
        if signingKey == nil {
            print("no audit entry: give --signing-key to sign the export into the batch log" + (ProjectLog.resolve(projectLog) != nil ? " and the project log" : ""))
        }
        print("exported \(plan.outputs.count) instance(s) of commit \(plan.commit.id) to \(destination)")
    }

    /// The files under DIR/output by their SHA-256.
    func committedOutputsByHash() -> [String: String] {
        var index: [String: String] = [:]
        for rel in (try? FileWalker.files(under: "\(batch)/output")) ?? [] where rel.hasSuffix(".dcm") {
            if let b = try? DicomReader.readBytes(path: "\(batch)/output/\(rel)") {
                index[InstanceProcessor.sha256Hex(b)] = rel
            }
        }
        return index
    }
}

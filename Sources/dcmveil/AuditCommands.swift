import ArgumentParser
import Audit
import Foundation

/// `dcmveil audit …`: check and summarise hash-chained, signed audit logs.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check and summarise the hash-chained, Ed25519-signed audit logs (audit.jsonl).",
        subcommands: [AuditVerify.self, AuditReplay.self, AuditReport.self, AuditSynth.self])
}

/// `dcmveil audit verify LOG [--pubkey signing.pub] [--files DIR] [--head HASH]`.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every hash link, signature and sequence number of an audit log.",
        discussion: """
            Reports the first broken entry by line number, with the reason. A last line without a newline (a cut-short write) is reported, never accepted. Signatures are checked through the hash chain (a valid signature on an entry vouches for every entry before it); --thorough checks each one on its own and re-encodes every line with the full JSON parser and encoder. Exits 0 when the log is intact, 1 when it is not or cannot be checked.
            """)

    @Argument(help: "The audit log (audit.jsonl).")
    var log: String

    @Option(name: .customLong("pubkey"), help: "A signing public key (signing.pub) the entries may be signed with; repeat it for a log signed by several people. Without one, signatures are not checked.")
    var pubkey: [String] = []

    @Option(name: .customLong("files"), help: ArgumentHelp("Also check the manifests, and re-hash the output files under DIR.", valueName: "DIR"))
    var files: String?

    @Option(name: .customLong("head"), help: ArgumentHelp("A line hash published earlier (a report's head) that must be in the log; catches a log cut back at a line boundary.", valueName: "HASH"))
    var head: String?

    @Flag(name: .long, help: "Also check every signature on its own and re-encode every line with the full parser (slower).")
    var thorough = false

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let report: VerificationReport
        do {
            let keys = try pubkey.map { try VerifyingKey.load(from: URL(fileURLWithPath: $0)) }
            report = try AuditLog.verify(
                at: URL(fileURLWithPath: log), trustedKeys: keys, filesDirectory: files.map { URL(fileURLWithPath: $0, isDirectory: true) },
                anchor: head, thorough: thorough)
        } catch let e as AuditError {
            auditPrintError("dcmveil audit verify: \(e)")
            throw ExitCode(1)
        }
        if json {
            var failure: JSONValue = .null
            if let f = report.failure {
                failure = ["line": .int(Int64(f.line)), "reason": .string(f.reason.rawValue), "detail": .string(f.detail)]
            }
            let value: JSONValue = [
                "log": .string(report.path), "intact": .bool(report.isIntact), "entries": .int(Int64(report.lineCount)),
                "verified": .int(Int64(report.verifiedCount)), "head": .string(orNull: report.head),
                "signaturesChecked": .bool(report.signaturesChecked), "signers": .array(report.signers.map(JSONValue.string)),
                "filesChecked": .int(Int64(report.filesChecked)), "failure": failure,
            ]
            print(try CanonicalJSON.string(value))
        } else {
            print(report.summary)
            if report.isIntact, !report.signaturesChecked {
                auditPrintError("warning: signatures were not checked; pass --pubkey signing.pub to check them")
            }
        }
        if !report.isIntact { throw ExitCode(1) }
    }
}

/// `dcmveil audit report LOG [--pubkey signing.pub] [--format md|json]`.
struct AuditReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise an audit log for a methods section: tool, profile, derivations, OCR, counts, overrides, reviewers, governance, head hash, k-anonymity.",
        discussion: "The log is verified first; a broken log is reported as such and only its intact entries are summarised (exit 1). The risk summary reads the headers of the files the latest commit or apply entry released (each checked against its recorded hash).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, json
    }

    @Argument(help: "The audit log (audit.jsonl).")
    var log: String

    @Option(name: .customLong("pubkey"), help: "A signing public key (signing.pub) the entries may be signed with; repeat it for a log signed by several people. Without one, signatures are not checked.")
    var pubkey: [String] = []

    @Option(name: .long, help: "Output format: md or json.")
    var format: Format = .md

    @Option(name: .customLong("files"), help: ArgumentHelp("Where the released files are, for the risk summary (default: DIR/output beside a batch log after a commit, the log's folder after apply).", valueName: "DIR"))
    var files: String?

    func run() throws {
        var summary: AuditSummary
        do {
            let keys = try pubkey.map { try VerifyingKey.load(from: URL(fileURLWithPath: $0)) }
            let url = URL(fileURLWithPath: log)
            summary = try AuditSummary.make(log: url, trustedKeys: keys)
            do { summary.risk = try ReleaseRisk.assess(summary, log: url, filesDirectory: files) } catch let e as AuditError {
                summary.riskUnavailable = e.description
            }
        } catch let e as AuditError {
            auditPrintError("dcmveil audit report: \(e)")
            throw ExitCode(1)
        }
        switch format {
        case .md: print(summary.markdown(), terminator: "")
        case .json: print(try CanonicalJSON.string(try summary.json()))
        }
        if !summary.verification.isIntact { throw ExitCode(1) }
    }
}

/// `dcmveil audit synth OUTDIR --entries N`: a synthetic signed log for benchmarks and demos (hidden).
struct AuditSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic signed audit log (OUTDIR/audit.jsonl, signing.key, signing.pub) for benchmarks.",
        shouldDisplay: false)

    @Argument(help: "A directory to create; it must not exist.")
    var outdir: String

    @Option(help: "How many entries.")
    var entries = 100_000

    @Flag(help: "Append each entry through the locked, fsynced append path (slow; measures append) instead of writing the log in one go.")
    var appendEach = false

    func run() throws {
        let dir = URL(fileURLWithPath: outdir, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        } catch {
            auditPrintError("dcmveil audit synth: cannot create \(outdir): it must not exist yet")
            throw ExitCode(1)
        }
        do {
            let key = SigningKey()
            try key.save(to: dir.appendingPathComponent("signing.key"))
            try key.verifyingKey.save(to: dir.appendingPathComponent("signing.pub"))
            let log = AuditLog(url: dir.appendingPathComponent("audit.jsonl"))
            let start = Date()
            if appendEach {
                for i in 0..<entries { try log.append(Self.event(i, key: key), signingKey: key) }
            } else {
                // Sealed in memory and written once: the same bytes append would write, minus the fsyncs.
                var bytes: [UInt8] = []
                var prev = AuditEntry.genesisPrev
                for i in 0..<entries {
                    let time = AuditLog.timestamp(Date(timeInterval: Double(i), since: start)) ?? "1970-01-01T00:00:00.000Z"
                    let entry = try AuditEntry.seal(Self.event(i, key: key), seq: i + 1, prev: prev, time: time, signingKey: key)
                    prev = entry.lineHash
                    bytes += entry.line
                    bytes.append(0x0A)
                }
                try Data(bytes).write(to: log.url)
            }
        } catch let e as AuditError {
            auditPrintError("dcmveil audit synth: \(e)")
            throw ExitCode(1)
        }
    }

    static func event(_ i: Int, key: SigningKey) -> AuditEvent {
        AuditEvent(
            operatorName: "synthetic operator", host: "synthetic-host", action: i % 2 == 0 ? .scan : .decisions,
            tool: ToolInfo(version: "0.0.0-synthetic", gitCommit: String(repeating: "0", count: 40), build: "synthetic"),
            profile: [
                "name": "synthetic", "options": ["cleanPixelData", "retainLongitudinalTemporalInformationWithModifiedDates"],
                "codes": ["113100", "113101", "113107"], "dateShift": ["maxDays": 365], "ocrThreshold": 0.6,
            ],
            keyFingerprints: ["deid": "0123456789abcdef", "signing": key.fingerprint],
            ocr: OCRInfo(engine: "tesseract", version: "5.3.0"),
            governance: Governance(irbProtocol: "IRB-SYNTHETIC", dua: "DUA-SYNTHETIC", recipient: "nobody", legalBasis: "none", standardContractualClauses: false),
            decisions: i % 2 == 0 ? nil : DecisionSummary(approved: i % 7, rejected: i % 3, manualMasks: i % 2, overrides: []))
    }
}

private func auditPrintError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

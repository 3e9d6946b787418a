import Foundation

/// What an audit log says, gathered for a methods section or a quick look: who, when, with which
/// tool, profile, derivations and agreements, how many files, and every override with its reason.
/// It always carries the verification result, so an unverified log is never summarised silently.
public struct AuditSummary: Sendable, Equatable {
    public var verification: VerificationReport
    public var entryCount: Int
    /// Entries per action, by action name.
    public var actions: [String: Int]
    public var firstTime: String?
    public var lastTime: String?
    /// Distinct values in order of first appearance.
    public var operators: [String]
    public var hosts: [String]
    public var tools: [ToolInfo]
    /// Distinct profile hashes, with the profile's "name" member when it has one.
    public var profiles: [(sha256: String, name: String?)]
    public var derivations: [Derivations]
    public var ocrEngines: [OCRInfo]
    /// Distinct governance records (normally one).
    public var governance: [Governance]
    /// Sums over commit, export and apply entries (decision counts too: `decisions` entries are
    /// counted apart, in `decisionRecords`, so nothing is counted twice).
    public var inputFiles = 0
    public var outputFiles = 0
    public var quarantinedFiles = 0
    public var approved = 0
    public var rejected = 0
    public var manualMasks = 0
    /// Every distinct override, with the line of the first entry that recorded it.
    public var overrides: [(line: Int, override: DecisionSummary.Override)]
    /// Signed review decisions listed by `decisions` entries.
    public var decisionRecords = 0
    /// Who decided: the reviewers of listed decisions and overrides, in order of first appearance.
    public var reviewers: [String]
    /// The latest commit or apply entry's line and manifest: the files the risk summary reads.
    public var latestRelease: (line: Int, action: AuditAction, manifest: ManifestReference)?
    /// The k-anonymity summary over the released files, when the caller read them (see `RiskSection`).
    public var risk: RiskSection?
    /// Why the risk summary could not be made (e.g. the release's manifest is gone), when it could not.
    public var riskUnavailable: String?
    /// The latest Merkle root and manifest hash, when an entry carried one.
    public var latestMerkleRoot: String?
    public var latestManifestSHA256: String?

    /// Verifies the log at `url` and summarises its intact entries (those before any failure).
    public static func make(log url: URL, trustedKey: VerifyingKey?, filesDirectory: URL? = nil) throws -> AuditSummary {
        try make(log: url, trustedKeys: trustedKey.map { [$0] } ?? [], filesDirectory: filesDirectory)
    }

    /// Verifies the log at `url` against any of `trustedKeys` and summarises its intact entries.
    public static func make(log url: URL, trustedKeys: [VerifyingKey], filesDirectory: URL? = nil) throws -> AuditSummary {
        let report = try AuditLog.verify(at: url, trustedKeys: trustedKeys, filesDirectory: filesDirectory)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AuditError(.io, "cannot read the log: \(error.localizedDescription)", file: url.path)
        }
        var entries: [AuditEntry] = []
        for line in [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false).prefix(report.verifiedCount) {
            entries.append(try AuditEntry(line: Array(line)))
        }
        return AuditSummary(verification: report, entries: entries)
    }

    /// Summarises `entries` (which should have passed `verification`).
    public init(verification: VerificationReport, entries: [AuditEntry]) {
        self.verification = verification
        entryCount = entries.count
        actions = [:]
        operators = []
        hosts = []
        tools = []
        profiles = []
        derivations = []
        ocrEngines = []
        governance = []
        overrides = []
        reviewers = []
        func addDistinct<T: Equatable>(_ value: T, to list: inout [T]) {
            if !list.contains(value) { list.append(value) }
        }
        for (i, entry) in entries.enumerated() {
            let e = entry.event
            actions[e.action.rawValue, default: 0] += 1
            // RFC 3339 UTC text of one width sorts as time does.
            if firstTime.map({ entry.time < $0 }) ?? true { firstTime = entry.time }
            if lastTime.map({ entry.time > $0 }) ?? true { lastTime = entry.time }
            addDistinct(e.operatorName, to: &operators)
            addDistinct(e.host, to: &hosts)
            addDistinct(e.tool, to: &tools)
            // A keygen entry records no profile (null).
            if e.profile != .null, let sha = try? AuditEvent.profileSHA256(e.profile), !profiles.contains(where: { $0.sha256 == sha }) {
                profiles.append((sha, e.profile["name"]?.stringValue))
            }
            addDistinct(e.derivations, to: &derivations)
            if let ocr = e.ocr { addDistinct(ocr, to: &ocrEngines) }
            addDistinct(e.governance, to: &governance)
            if let c = e.counts, e.action.writesOutputs {
                inputFiles += c.input
                outputFiles += c.output
                quarantinedFiles += c.quarantined
            }
            if let d = e.decisions {
                if e.action.writesOutputs {
                    approved += d.approved
                    rejected += d.rejected
                    manualMasks += d.manualMasks
                }
                decisionRecords += d.records.count
                for r in d.records { addDistinct(r.reviewer, to: &reviewers) }
                for o in d.overrides where !overrides.contains(where: { $0.override == o }) {
                    overrides.append((i + 1, o))
                    if let r = o.reviewer { addDistinct(r, to: &reviewers) }
                }
            }
            if let m = e.manifest {
                latestMerkleRoot = m.merkleRoot
                latestManifestSHA256 = m.sha256
                if e.action == .commit || e.action == .apply { latestRelease = (i + 1, e.action, m) }
            }
        }
    }

    public static func == (a: AuditSummary, b: AuditSummary) -> Bool {
        (try? a.json()) == (try? b.json())
    }

    /// The summary as JSON (canonical when encoded with `CanonicalJSON`).
    public func json() throws -> JSONValue {
        func gov(_ g: Governance) -> JSONValue {
            [
                "irbProtocol": .string(orNull: g.irbProtocol), "dua": .string(orNull: g.dua), "dsa": .string(orNull: g.dsa),
                "recipient": .string(orNull: g.recipient), "legalBasis": .string(orNull: g.legalBasis),
                "standardContractualClauses": g.standardContractualClauses.map(JSONValue.bool) ?? .null,
            ]
        }
        var failure: JSONValue = .null
        if let f = verification.failure {
            failure = ["line": .int(Int64(f.line)), "reason": .string(f.reason.rawValue), "detail": .string(f.detail)]
        }
        return [
            "log": .string(verification.path),
            "intact": .bool(verification.isIntact),
            "failure": failure,
            "signaturesChecked": .bool(verification.signaturesChecked),
            "signers": .array(verification.signers.map(JSONValue.string)),
            "head": .string(orNull: verification.head),
            "entries": .int(Int64(entryCount)),
            "actions": .object(actions.mapValues { .int(Int64($0)) }),
            "firstTime": .string(orNull: firstTime),
            "lastTime": .string(orNull: lastTime),
            "operators": .array(operators.map(JSONValue.string)),
            "hosts": .array(hosts.map(JSONValue.string)),
            "tools": .array(tools.map { ["version": .string($0.version), "gitCommit": .string($0.gitCommit), "build": .string($0.build)] }),
            "profiles": .array(profiles.map { ["sha256": .string($0.sha256), "name": .string(orNull: $0.name)] }),
            "derivations": .array(derivations.map { ["uid": .string($0.uid), "dateShift": .string($0.dateShift)] }),
            "ocr": .array(ocrEngines.map { ["engine": .string($0.engine), "version": .string($0.version)] }),
            "governance": .array(governance.map(gov)),
            "files": [
                "input": .int(Int64(inputFiles)), "output": .int(Int64(outputFiles)),
                "quarantined": .int(Int64(quarantinedFiles)),
            ],
            "decisions": [
                "approved": .int(Int64(approved)), "rejected": .int(Int64(rejected)),
                "manualMasks": .int(Int64(manualMasks)),
                "overrides": .array(
                    overrides.map {
                        [
                            "line": .int(Int64($0.line)), "subject": .string($0.override.subject),
                            "decision": .string($0.override.decision), "reason": .string($0.override.reason),
                            "reviewer": .string(orNull: $0.override.reviewer),
                        ]
                    }),
            ],
            "merkleRoot": .string(orNull: latestMerkleRoot),
            "manifestSHA256": .string(orNull: latestManifestSHA256),
            "reviewers": .array(reviewers.map(JSONValue.string)),
            "decisionRecords": .int(Int64(decisionRecords)),
            "risk": risk?.json() ?? .null,
            "riskUnavailable": .string(orNull: riskUnavailable),
        ]
    }

    /// The summary as Markdown, for a methods section.
    public func markdown() -> String {
        func list(_ items: [String]) -> String { items.isEmpty ? "none recorded" : items.joined(separator: ", ") }
        func orNone(_ s: String?) -> String { s.map { "`\($0)`" } ?? "not recorded" }
        var md: [String] = ["# Audit trail summary", ""]
        if let f = verification.failure {
            md.append("**The log is NOT intact:** line \(f.line): \(f.reason.rawValue): \(f.detail).")
            md.append("Only the \(entryCount) entries before it are summarised.")
        } else {
            md.append(
                "The audit log (\(entryCount) entries) verifies: every entry is hash-chained"
                    + (verification.signaturesChecked
                        ? " and carries a valid Ed25519 signature by key `\(list(verification.signers))`."
                        : "; signatures were **not** checked (no trusted public key given)."))
        }
        md.append("Head of the log (SHA-256 of the last entry): \(orNone(verification.head)).")
        md.append("")
        md.append("## Processing")
        md.append("- Period: \(firstTime ?? "-") to \(lastTime ?? "-") (UTC)")
        md.append("- Actions: " + list(actions.keys.sorted().map { "\($0) \(actions[$0] ?? 0)" }))
        md.append("- Operators: \(list(operators)); hosts: \(list(hosts))")
        md.append("- Tool: " + list(tools.map { "dcmveil \($0.version) (\($0.build), commit \($0.gitCommit))" }))
        md.append("- Profiles: " + list(profiles.map { "\($0.name ?? "unnamed") (SHA-256 `\($0.sha256)`)" }))
        md.append("- UID derivation: " + list(derivations.map(\.uid)) + "; date shift: " + list(derivations.map(\.dateShift)))
        md.append("- OCR engine: " + list(ocrEngines.map { "\($0.engine) \($0.version)" }))
        md.append("")
        md.append("## Files and decisions")
        md.append("- Files in: \(inputFiles); out: \(outputFiles); quarantined: \(quarantinedFiles)")
        md.append("- Instances approved: \(approved); rejected: \(rejected); manual masks: \(manualMasks); overrides: \(overrides.count)")
        for (line, o) in overrides {
            md.append("  - line \(line): \(o.subject): \(o.decision) — \(o.reason)" + (o.reviewer.map { " (\($0))" } ?? ""))
        }
        md.append("- Latest manifest SHA-256: \(orNone(latestManifestSHA256)); Merkle root: \(orNone(latestMerkleRoot))")
        md.append("- Signed review decisions recorded: \(decisionRecords); reviewers: \(list(reviewers))")
        md.append("")
        md.append("## Re-identification risk")
        if let risk {
            md.append(contentsOf: risk.markdownLines())
        } else if let riskUnavailable {
            md.append("- **Not assessed:** \(riskUnavailable)")
        } else {
            md.append("- Not assessed (no committed or applied output files were read).")
        }
        md.append("")
        md.append("## Governance")
        if governance.isEmpty { md.append("- none recorded") }
        for g in governance {
            md.append("- IRB protocol: \(g.irbProtocol ?? "not recorded"); DUA: \(g.dua ?? "not recorded"); DSA: \(g.dsa ?? "not recorded")")
            md.append("- Recipient: \(g.recipient ?? "not recorded"); legal basis: \(g.legalBasis ?? "not recorded")")
            md.append(
                "- Standard contractual clauses: "
                    + (g.standardContractualClauses.map { $0 ? "apply" : "do not apply" } ?? "not stated"))
        }
        return md.joined(separator: "\n") + "\n"
    }
}


/// The risk section of a report: the k-anonymity summary and which files it rests on.
public struct RiskSection: Sendable, Equatable {
    /// The line of the commit or apply entry whose manifest listed the files.
    public var entryLine: Int
    /// Output files read (header only).
    public var filesRead: Int
    /// Output files listed but missing, unreadable or not matching their recorded hash; they are left out.
    public var filesUnread: [String]
    public var summary: KAnonymitySummary

    public init(entryLine: Int, filesRead: Int, filesUnread: [String], summary: KAnonymitySummary) {
        self.entryLine = entryLine
        self.filesRead = filesRead
        self.filesUnread = filesUnread
        self.summary = summary
    }

    public func json() -> JSONValue {
        [
            "entryLine": .int(Int64(entryLine)), "filesRead": .int(Int64(filesRead)),
            "filesUnread": .array(filesUnread.map(JSONValue.string)), "kAnonymity": summary.json(),
        ]
    }

    public func markdownLines() -> [String] {
        var lines = ["- Over the \(filesRead) output file(s) of the release in entry \(entryLine) (headers as released)."]
        if !filesUnread.isEmpty {
            lines.append("- **\(filesUnread.count) listed file(s) could not be read or no longer match their hash and are left out**, e.g. \(filesUnread.prefix(3).joined(separator: ", ")).")
        }
        return lines + summary.markdownLines()
    }
}

import Audit
import Deidentify
import Foundation
import TextDetection

/// Builds audit events from the profile and keys in use, and appends them to a log.
enum AuditRecording {
    /// The profile as recorded: its TOML text (what replay parses back) and options.
    static func profileJSON(_ profile: Profile) -> JSONValue {
        .object(["toml": .string(ProfileRenderer.toml(profile)),
                 "options": .array(profile.options.map(\.rawValue).sorted().map { .string($0) })])
    }

    static func governance(_ p: Profile) -> Audit.Governance {
        let g = p.governance
        func v(_ s: String) -> String? { s.isEmpty ? nil : s }
        return Audit.Governance(irbProtocol: v(g.irbProtocol), dua: v(g.dua), dsa: v(g.dsa), recipient: v(g.recipient),
                                legalBasis: v(g.legalBasis), standardContractualClauses: g.standardContractualClauses)
    }

    static var host: String { ProcessInfo.processInfo.hostName }

    static var tool: ToolInfo { ToolInfo(version: BuildInfo.version, gitCommit: BuildInfo.gitCommit, build: BuildInfo.configuration) }

    /// The signing key: `--signing-key`, else `signing.key` beside the pseudonym key file.
    static func signingKey(explicit: String?, keyFile: String?) throws -> SigningKey {
        let path = explicit ?? keyFile.map { (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("signing.key") }
        guard let path else { throw AuditError(.badKeyFile, "no signing key: give --signing-key") }
        return try SigningKey.load(from: URL(fileURLWithPath: path))
    }

    static func event(_ action: AuditAction, operatorName: String, profile: Profile, pseudonymKey: PseudonymKey?,
                      signing: SigningKey, ocr: Bool, counts: FileCounts? = nil, manifest: ManifestReference? = nil,
                      decisions: DecisionSummary? = nil) -> AuditEvent {
        var prints: [String: String] = ["signing": signing.fingerprint]
        if let pseudonymKey { prints["pseudonym"] = pseudonymKey.fingerprint }
        return AuditEvent(operatorName: operatorName, host: host, action: action, tool: tool, profile: profileJSON(profile),
                          keyFingerprints: prints,
                          ocr: ocr ? OCRInfo(engine: "tesseract", version: TesseractDetector.tesseractVersion) : nil,
                          governance: governance(profile), counts: counts, manifest: manifest, decisions: decisions)
    }
}

import Foundation

@testable import Audit

/// A fresh directory under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("dcmveil-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// A plausible event of each kind, with a small real profile.
func sampleEvent(_ action: AuditAction = .scan, manifest: ManifestReference? = nil, note: String = "") -> AuditEvent {
    AuditEvent(
        operatorName: "Dr. Ada Example", host: "ws-01", action: action,
        tool: ToolInfo(version: "0.1.0", gitCommit: "0123456789abcdef0123456789abcdef01234567", build: "debug"),
        profile: [
            "name": "basic", "options": ["retainLongitudinalTemporalInformationWithModifiedDates", "cleanPixelData"],
            "codes": ["113100", "113107", "113101"], "dateShift": ["maxDays": 365], "note": .string(note),
            "ocrThreshold": 0.6,
        ],
        keyFingerprints: ["deid": "0011223344556677", "signing": "8899aabbccddeeff"],
        ocr: OCRInfo(engine: "tesseract", version: "5.3.0"),
        governance: Governance(irbProtocol: "IRB-2026-041", dua: "DUA-17", recipient: "Example Consortium", legalBasis: "GDPR 9(2)(j)", standardContractualClauses: false),
        counts: action.writesOutputs ? FileCounts(input: 3, output: 2, quarantined: 1, other: ["failed": 0]) : nil,
        manifest: action.writesOutputs ? manifest : nil,
        decisions: action == .commit
            ? DecisionSummary(approved: 10, rejected: 2, manualMasks: 1, overrides: [.init(subject: "img1.dcm (0010,0010)", decision: "keep", reason: "phantom name", reviewer: "rev1")])
            : nil)
}

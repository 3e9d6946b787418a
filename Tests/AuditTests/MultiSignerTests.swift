import Foundation
import Testing

@testable import Audit

/// Logs signed by several people (an operator and reviewers) verify against a set of trusted keys.
@Suite struct MultiSignerTests {
    @Test func everyEntryMustBeSignedByOneOfTheTrustedKeys() throws {
        let dir = try TemporaryDirectory()
        let operatorKey = SigningKey(), reviewerKey = SigningKey(), stranger = SigningKey()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        try log.append(sampleEvent(.scan), signingKey: operatorKey)
        try log.append(sampleEvent(.decisions), signingKey: reviewerKey)
        try log.append(sampleEvent(.scan), signingKey: operatorKey)

        let both = try log.verify(trustedKeys: [operatorKey.verifyingKey, reviewerKey.verifyingKey])
        #expect(both.isIntact)
        #expect(both.signaturesChecked)
        #expect(both.signers == [operatorKey.fingerprint, reviewerKey.fingerprint])
        #expect(try log.verify(trustedKeys: [operatorKey.verifyingKey, reviewerKey.verifyingKey], thorough: true).isIntact)

        let one = try log.verify(trustedKeys: [operatorKey.verifyingKey])
        #expect(one.failure?.line == 2)
        #expect(one.failure?.reason == .untrustedSigner)
        let other = try log.verify(trustedKeys: [stranger.verifyingKey, reviewerKey.verifyingKey])
        #expect(other.failure?.line == 1)
        #expect(try log.verify(trustedKeys: []).signaturesChecked == false)
    }

    @Test func aForgedEntryInAMixedLogIsNamed() throws {
        let dir = try TemporaryDirectory()
        let a = SigningKey(), b = SigningKey()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        for i in 0..<6 { try log.append(sampleEvent(.scan, note: "entry \(i)"), signingKey: i % 2 == 0 ? a : b) }
        // Line 4 (signed by b) gets the signature of line 2 (also b's): well-formed, but not over this entry.
        let entries = try log.entries()
        var lines = try String(contentsOf: log.url, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: entries[3].signature, with: entries[1].signature)
        try (lines.joined(separator: "\n") + "\n").write(to: log.url, atomically: true, encoding: .utf8)
        for thorough in [false, true] {
            let report = try log.verify(trustedKeys: [a.verifyingKey, b.verifyingKey], thorough: thorough)
            #expect(report.failure?.line == 4)
            #expect(report.failure?.reason == .badSignature)
        }
    }
}

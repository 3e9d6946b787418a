import Audit
import Foundation
import Testing
@testable import ReviewStore

/// Runs the built `dcmveil` with `arguments`; returns exit status, stdout and stderr.
func dcmveil(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    guard let exe = builtExecutable("dcmveil") else { throw ReviewStoreError(.notFound, "dcmveil is not built") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite(.serialized) struct CommandTests {
    @Test func keysFromKeygenSignDecisionsAndShareTheAuditFingerprint() throws {
        let key = SigningKey()
        #expect(DecisionKeys.fingerprint(key.verifyingKey.rawRepresentation) == key.verifyingKey.fingerprint)
        let message = Array("dcmveil-decision-v1\n".utf8)
        #expect(DecisionKeys.verify(signature: try key.signature(for: message), message: message, publicKey: key.verifyingKey.rawRepresentation))
    }

    @Test func rolesDecideAndStatusOnARealBatch() throws {
        let t = TempBatch()
        let (scan, out) = try startHelper(["scan", t.directory, "in", "2"])
        _ = readLines(out) { $0 == "committed 2" }
        scan.waitUntilExit()
        for name in ["alice", "carol"] {
            let k = SigningKey()
            try k.save(to: URL(fileURLWithPath: "\(t.directory)/\(name).key"))
            try k.verifyingKey.save(to: URL(fileURLWithPath: "\(t.directory)/\(name).pub"))
        }
        let b = ["--batch", t.directory]

        var r = try dcmveil(["status"] + b + ["--json"])
        #expect(r.status == 0)
        var status = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        #expect(status?["mode"] as? String == "single-person")
        #expect((status?["states"] as? [String: Int])?["needs-review"] == 2)

        #expect(try dcmveil(["roles"] + b + ["add", "alice", "officer", "--pubkey", "\(t.directory)/alice.pub"]).status == 0)
        #expect(try dcmveil(["roles"] + b + ["add", "carol", "curator", "--pubkey", "\(t.directory)/carol.pub"]).status == 0)
        r = try dcmveil(["roles"] + b)
        #expect(r.out.split(separator: "\n").count == 2)

        r = try dcmveil(["decide"] + b + ["--reviewer", "alice", "--approve-all", "--accept-proposed"])
        #expect(r.status == 1)
        #expect(r.err.contains("must be signed"))
        r = try dcmveil(["decide"] + b + ["--reviewer", "alice", "--signing-key", "\(t.directory)/carol.key", "--approve-all", "--accept-proposed"])
        #expect(r.status == 1)
        #expect(r.err.contains("does not verify"))
        r = try dcmveil(["decide"] + b + ["--reviewer", "alice", "--signing-key", "\(t.directory)/alice.key", "--approve-all", "--accept-proposed"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(#""acceptProposed":true,"acceptedMasks":400,"approved":2"#))

        r = try dcmveil(["decide"] + b + ["--reviewer", "alice", "--signing-key", "\(t.directory)/alice.key", "--add-mask", "in/0.dcm:0:1,1,10,10", "--reason", "name"])
        #expect(r.status == 0, "\(r.err)")
        let store = try t.open()
        let manual = try #require(try store.awaitingCurator().masks.first)
        r = try dcmveil(["decide"] + b + ["--reviewer", "alice", "--signing-key", "\(t.directory)/alice.key", "--curator-approve-mask", "\(manual.id)"])
        #expect(r.status == 1)
        r = try dcmveil(["status"] + b + ["--json"])
        status = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        #expect((status?["blockers"] as? [String: Int])?["editsAwaitingCurator"] == 1)
        r = try dcmveil(["decide"] + b + ["--reviewer", "carol", "--signing-key", "\(t.directory)/carol.key", "--curator-approve-mask", "\(manual.id)"])
        #expect(r.status == 0, "\(r.err)")
        #expect(try store.commitBlockers().isEmpty)
        #expect(try store.verifyDecisions(requireSignatures: true).isEmpty)

        r = try dcmveil(["status"] + b)
        #expect(r.out.contains("mode       roles: alice (officer); carol (curator)"))
        #expect(r.out.contains("nothing blocks commit"))
        #expect(try dcmveil(["status", "--batch", t.directory + "/absent"]).status == 1)
        #expect(try dcmveil(["decide"] + b + ["--reviewer", "alice"]).status != 0)
    }
}

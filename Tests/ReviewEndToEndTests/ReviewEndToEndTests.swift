import Foundation
import ReviewStore
import Testing

/// The review workstation end to end: the real `dcmveil` binary in a real tmux, typed at with
/// `send-keys` and read with `capture-pane`. Demo data is scanned into a batch, everything but one
/// flagged image is approved with `dcmveil decide`, and the last image is reviewed and the batch
/// committed through the workstation; then the audit log must verify and the output files exist.
@Suite struct ReviewEndToEndTests {
    @Test(.enabled(if: onPath("tmux") != nil, "tmux is not installed; the workstation end-to-end test needs it"))
    func reviewTheFlaggedImageThenCommitInTmux() throws {
        let tmux = try #require(onPath("tmux"))
        let bin = try #require(dcmveilBinary(), "no dcmveil binary: set DCMVEIL_BIN or build the package first")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dcmveil-review-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let keys = "\(root)/keys", input = "\(root)/input", batch = "\(root)/batch"

        // A batch to review: keys, demo data, scan.
        try runChecked(bin, ["keygen", keys])
        try runChecked(bin, ["demo-data", input])
        try runChecked(bin, ["scan", input, "--batch", batch, "--key-file", "\(keys)/pseudonym.key"])
        let plan = try ReviewPlan(store: try BatchStore.open(directory: batch))

        // Everything but one flagged image decided from the command line, leaving one proposed mask on it.
        let decide = ["decide", "--batch", batch, "--reviewer", "alice", "--signing-key", "\(keys)/signing.key"]
        for id in plan.approveFirst { try runChecked(bin, decide + ["--approve", String(id)]) }
        for mask in plan.acceptFirst { try runChecked(bin, decide + ["--accept-mask", String(mask)]) }

        // The workstation, with a private configuration folder so no user keymap or theme applies.
        let review = [bin, "review", "--batch", batch, "--reviewer", "alice", "--key-file", "\(keys)/pseudonym.key"]
        let command = "env XDG_CONFIG_HOME=\(shellQuoted("\(root)/config")) "
            + review.map(shellQuoted).joined(separator: " ")
            + " 2>\(shellQuoted("\(root)/review.stderr")); echo \"[review exited $?]\"; sleep 600"
        let session = try TmuxSession(tmux: tmux, command: command, width: 160, height: 48)
        defer { session.kill() }
        try session.waitFor(text: "Blocks commit")

        // n: the only image needing review; 4: its pixels with the OCR findings and the proposed mask.
        try session.send("n")
        try session.waitFor("the flagged image selected in the browser") { $0.contains(plan.flaggedSOPUID.prefix(40)) && $0.contains("REVIEW") }
        try session.send("4")
        let pixels = try session.waitFor(text: "#\(plan.mask) proposed")
        #expect(pixels.contains("Findings"))
        #expect(pixels.contains("\(plan.findingClass.padding(toLength: 4, withPad: " ", startingAt: 0)) \(plan.findingTextPrefix)"),
                "the OCR finding is listed beside the frame")

        // Tab to the mask, accept it; then approve the instance from the browser.
        for _ in 0..<plan.tabsToMask { try session.send("Tab") }
        try session.send("a")
        try session.waitFor(text: "#\(plan.mask) approved")
        try session.send("2")
        try session.waitFor(text: "Patient / study / series / instance")
        try session.send("a")
        try session.waitFor(text: "Approved instance")

        // Commit: confirm, then read the audit entry's hash from the dialog.
        try session.send("c")
        try session.waitFor(text: "Commit now?")
        try session.send("y")
        let done = try session.waitFor("the committed dialog", timeout: 240) { $0.contains("Committed batch") || $0.contains("Commit failed") }
        #expect(!done.contains("Commit failed"), "the commit failed:\n\(done)")
        let hash = try #require(firstMatch(of: "[0-9a-f]{64}", in: done), "no audit entry hash on the screen:\n\(done)")
        try session.send("Enter")
        try session.send("q")
        try session.waitFor(text: "[review exited 0]")

        // The audit log verifies with the signing key and ends with the entry the dialog showed.
        let verify = try run(bin, ["audit", "verify", "\(batch)/audit.jsonl", "--pubkey", "\(keys)/signing.pub"])
        #expect(verify.status == 0, "audit verify: \(verify.out)\(verify.err)")
        let log = try String(contentsOfFile: "\(batch)/audit.jsonl", encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.last?.contains(hash) == true, "the last audit entry is the one the dialog showed")
        // One decisions entry per `decide`, and the workstation's session flushed into one before its commit.
        #expect(lines.count == plan.approveFirst.count + plan.acceptFirst.count + 2)
        let sessionEntry = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[lines.count - 2].utf8)) as? [String: Any])
        #expect(sessionEntry["action"] as? String == "decisions")
        #expect(sessionEntry["operator"] as? String == "alice")
        let records = (sessionEntry["decisions"] as? [String: Any])?["records"] as? [[String: Any]] ?? []
        #expect(records.map { $0["kind"] as? String } == ["accept-mask", "approve"])

        // The store recorded the decisions and the commit; every committed output is on disk.
        let store = try BatchStore.open(directory: batch)
        #expect(try store.instance(id: plan.flagged)?.state == .approved)
        #expect(try store.mask(id: plan.mask)?.status == .accepted)
        let commit = try #require(try store.latestCommit())
        #expect(commit.auditEntryHash == hash)
        let outputs = try dicomFiles(under: "\(batch)/output")
        #expect(!outputs.isEmpty)
        #expect(outputs.count == commit.outputCount)
        #expect(try store.committedOutputs().contains { $0.instanceID == plan.flagged }, "the reviewed image is in the output")
    }
}

/// What the test decides before opening the workstation, read from the scanned batch.
struct ReviewPlan {
    /// The flagged image left for the workstation, the proposed mask kept on it, and its SOP UID.
    var flagged: Int64
    var flaggedSOPUID: String
    var mask: Int64
    /// Tab presses that select `mask` in the pixel view (findings of the frame come first, then masks).
    var tabsToMask: Int
    var findingClass: String
    var findingTextPrefix: String
    /// Instances to approve and masks to accept with `dcmveil decide` first.
    var approveFirst: [Int64]
    var acceptFirst: [Int64]

    init(store: BatchStore) throws {
        var all: [InstanceSummary] = []
        var cursor: InstanceCursor? = nil
        repeat {
            let page = try store.instances(after: cursor, limit: 1000)
            all += page.instances
            cursor = page.next
        } while cursor != nil
        // A flagged image with a proposed mask and a readable finding on its first frame.
        var chosen: (InstanceSummary, MaskRecord, [FindingRecord])?
        for i in all where i.state == .needsReview {
            let masks = try store.masks(instance: i.id).filter { $0.frame == 0 && $0.status == .proposed }
            let findings = try store.findings(instance: i.id).filter { $0.finding.frame == 0 }
            if let last = masks.last, let first = findings.first, first.finding.text.unicodeScalars.allSatisfy({ $0.isASCII }) {
                chosen = (i, last, findings)
                break
            }
        }
        guard let (instance, mask, findings) = chosen else {
            throw EndToEndError("the demo batch has no flagged image with a proposed mask on its first frame")
        }
        flagged = instance.id
        flaggedSOPUID = instance.pseudonymous.sopUID
        self.mask = mask.id
        let frameMasks = try store.masks(instance: instance.id).filter { $0.frame == 0 && $0.status != .deleted }
        tabsToMask = findings.count + (frameMasks.firstIndex { $0.id == mask.id } ?? 0) + 1
        findingClass = findings[0].finding.findingClass
        findingTextPrefix = String(findings[0].finding.text.prefix(8))
        approveFirst = all.filter { $0.state == .needsReview && $0.id != instance.id }.map(\.id)
        var accept: [Int64] = []
        for i in all where i.state == .needsReview || i.state == .autoClear || i.state == .approved {
            accept += try store.masks(instance: i.id).filter { $0.status == .proposed && $0.id != mask.id }.map(\.id)
        }
        acceptFirst = accept
    }
}

/// Single-quotes a word for `sh`.
func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The first match of a regular expression, or nil.
func firstMatch(of pattern: String, in text: String) -> String? {
    guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
    return String(text[range])
}

/// The `.dcm` files under a folder, recursively.
func dicomFiles(under folder: String) throws -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") }
}

/// Four eyes in the workstation: an officer's manual mask waits for a curator, and a different
/// curator finds it with `p` and approves it with `y` in the real binary in tmux.
@Suite struct CuratorEndToEndTests {
    @Test(.enabled(if: onPath("tmux") != nil, "tmux is not installed; the workstation end-to-end test needs it"))
    func aCuratorApprovesAnOfficersMaskInTmux() throws {
        let tmux = try #require(onPath("tmux"))
        let bin = try #require(dcmveilBinary(), "no dcmveil binary: set DCMVEIL_BIN or build the package first")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dcmveil-curator-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let keys = "\(root)/keys", input = "\(root)/input", batch = "\(root)/batch"
        try runChecked(bin, ["keygen", keys])
        try runChecked(bin, ["keygen", "\(root)/alice"])
        try runChecked(bin, ["keygen", "\(root)/carol"])
        try runChecked(bin, ["demo-data", input])
        try runChecked(bin, ["scan", input, "--batch", batch, "--key-file", "\(keys)/pseudonym.key"])
        try runChecked(bin, ["roles", "--batch", batch, "add", "alice", "officer", "--pubkey", "\(root)/alice/signing.pub"])
        try runChecked(bin, ["roles", "--batch", batch, "add", "carol", "curator", "--pubkey", "\(root)/carol/signing.pub"])

        // alice draws a mask over the footer of the first image needing review: it waits for a curator.
        let flagged = try #require(try BatchStore.open(directory: batch).instances(after: nil, limit: 1000).instances
            .first { $0.state == .needsReview })
        try runChecked(bin, ["decide", "--batch", batch, "--reviewer", "alice", "--signing-key", "\(root)/alice/signing.key",
                             "--add-mask", "\(flagged.id):0:0,0,32,12", "--reason", "a date in the corner"])
        let manual = try #require(try BatchStore.open(directory: batch).masks(instance: flagged.id).first { $0.origin == .manual })
        #expect(manual.status == .awaitingCurator)

        let review = [bin, "review", "--batch", batch, "--reviewer", "carol", "--signing-key", "\(root)/carol/signing.key"]
        let command = "env XDG_CONFIG_HOME=\(shellQuoted("\(root)/config")) "
            + review.map(shellQuoted).joined(separator: " ")
            + " 2>\(shellQuoted("\(root)/review.stderr")); echo \"[review exited $?]\"; sleep 600"
        let session = try TmuxSession(tmux: tmux, command: command, width: 160, height: 48)
        defer { session.kill() }
        try session.waitFor(text: "1 edit to decide by a curator other than their author")
        try session.send("p")
        try session.waitFor("the instance with the pending edit selected") { screen in
            screen.split(separator: "\n").contains { $0.contains("▶") && $0.contains("✎") }
        }
        try session.send("y")
        try session.waitFor("the pencil gone") { screen in
            !screen.contains("✎") && screen.contains("Approving the pending edits")
        }
        try session.send("1")
        let overview = try session.waitFor(text: "Masks:")
        #expect(!overview.contains("awaiting curator"), "nothing waits any more:\n\(overview)")
        try session.send("q")
        try session.waitFor(text: "[review exited 0]")

        // The store holds carol's signed approval of alice's mask.
        let store = try BatchStore.open(directory: batch)
        #expect(try store.mask(id: manual.id)?.status == .approved)
        #expect(try store.verifyDecisions().isEmpty)
        #expect(try store.awaitingCurator().masks.isEmpty)
    }
}

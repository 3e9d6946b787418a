import ArgumentParser
import Foundation
import ReviewStore

/// `dcmveil status --batch DIR [--json]`: counts per state and modality, findings per class, what
/// blocks commit, and the last commit.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", 
        abstract: "Show a batch: counts per state and modality, findings per class, what blocks commit, the last commit.")

    @Option(name: .long, help: "The batch folder.")
    var batch: String

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    /// The JSON form of the status.
    struct Report: Encodable {
        var batch: String
        var batchID: String
        var mode: String
        var roles: [String: [String]]
        var total: Int
        var states: [String: Int]
        var modalities: [String: [String: Int]]
        var findings: [String: Int]
        var masks: [String: Int]
        var overrides: [String: Int]
        var decisions: Int
        var blockers: Blockers
        var commit: Commit?

        struct Blockers: Encodable {
            var needsReview: Int
            var editsAwaitingCurator: Int
            var undecidedProposedMasks: Int
        }

        struct Commit: Encodable {
            var id: Int64
            var committedAt: String
            var `operator`: String
            var auditEntryHash: String
            var outputs: Int
            var current: Bool
        }
    }

    func run() throws {
        let store = try openExistingBatch(batch, command: "status")
        do {
            let report = try makeReport(store)
            if json {
                let e = JSONEncoder()
                e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                print(String(decoding: try e.encode(report), as: UTF8.self))
            } else {
                print(text(report), terminator: "")
            }
        } catch let e as ReviewStoreError {
            printError("dcmveil status: \(e)")
            throw ExitCode(1)
        }
    }

    func makeReport(_ store: BatchStore) throws -> Report {
        let st = try store.statistics()
        let b = try store.commitBlockers(sampleLimit: 0)
        var roles: [String: [String]] = [:]
        for r in try store.roles() { roles[r.name, default: []].append(r.role.rawValue) }
        let commit = try store.latestCommit().map {
            Report.Commit(
                id: $0.id, committedAt: $0.committedAt, operator: $0.operatorName, auditEntryHash: $0.auditEntryHash,
                outputs: $0.outputCount, current: try !store.changedSinceCommit())
        }
        return Report(
            batch: batch, batchID: store.batchID, mode: st.mode.rawValue, roles: roles, total: st.total,
            states: Dictionary(uniqueKeysWithValues: InstanceState.allCases.map { ($0.rawValue, st.byState[$0] ?? 0) }),
            modalities: st.byModality.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) },
            findings: st.findingsByClass,
            masks: Dictionary(uniqueKeysWithValues: st.masksByStatus.map { ($0.key.rawValue, $0.value) }),
            overrides: Dictionary(uniqueKeysWithValues: st.overridesByStatus.map { ($0.key.rawValue, $0.value) }),
            decisions: st.decisions,
            blockers: Report.Blockers(
                needsReview: b.needsReviewCount, editsAwaitingCurator: b.masksAwaitingCurator.count + b.overridesAwaitingCurator.count,
                undecidedProposedMasks: b.undecidedProposedMaskCount),
            commit: commit)
    }

    func text(_ r: Report) -> String {
        var out = ""
        func line(_ s: String) { out += s + "\n" }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
        line("batch      \(r.batch)  (\(r.batchID))")
        if r.mode == DecisionMode.singlePerson.rawValue {
            line("mode       single-person: no roles configured; anyone may do anything")
        } else {
            line("mode       roles: " + r.roles.keys.sorted().map { "\($0) (\(r.roles[$0, default: []].sorted().joined(separator: ", ")))" }.joined(separator: "; "))
        }
        line("instances  \(r.total)")
        for s in InstanceState.allCases { line("  \(pad(s.rawValue, 14))\(r.states[s.rawValue] ?? 0)") }
        if !r.modalities.isEmpty {
            line("by modality")
            for m in r.modalities.keys.sorted() {
                let counts = InstanceState.allCases.compactMap { s in r.modalities[m]?[s.rawValue].map { "\(s.rawValue) \($0)" } }
                line("  \(pad(m.isEmpty ? "(none)" : m, 6))\(counts.joined(separator: ", "))")
            }
        }
        line("findings   " + (r.findings.isEmpty ? "none" : r.findings.keys.sorted().map { "\($0) \(r.findings[$0] ?? 0)" }.joined(separator: ", ")))
        line("masks      " + (r.masks.isEmpty ? "none" : r.masks.keys.sorted().map { "\($0) \(r.masks[$0] ?? 0)" }.joined(separator: ", ")))
        if !r.overrides.isEmpty {
            line("overrides  " + r.overrides.keys.sorted().map { "\($0) \(r.overrides[$0] ?? 0)" }.joined(separator: ", "))
        }
        line("decisions  \(r.decisions)")
        let b = r.blockers
        if b.needsReview + b.editsAwaitingCurator + b.undecidedProposedMasks == 0 {
            line("commit     nothing blocks commit")
        } else {
            line("commit     blocked: \(b.needsReview) need review, \(b.editsAwaitingCurator) edits await a curator, \(b.undecidedProposedMasks) proposed masks undecided")
        }
        if let c = r.commit {
            line("last commit \(c.id) at \(c.committedAt) by \(c.operator): \(c.outputs) files, audit entry \(c.auditEntryHash)"
                + (c.current ? "" : " (stale: the batch changed since)"))
        }
        return out
    }
}

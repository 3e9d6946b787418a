import Foundation
import DicomFixtures
import Testing
@testable import ReviewStore

/// The real `dcmveil scan` and `dcmveil commit`, killed with SIGKILL at seeded random points. In each
/// round a fresh batch is killed once (the last round twice: the resumed run is killed again); after
/// every kill the batch is sound (`PRAGMA integrity_check`) and every output file on disk parses and is
/// byte-identical to a clean run's; then the re-run completes with the clean run's counts and outputs.
@Suite(.serialized) struct WorkflowCrashTests {
    static let files = 24
    static let rounds = 3

    /// How many kills round `round` makes before the re-run that must complete.
    static func kills(inRound round: Int) -> Int { round == rounds - 1 ? 2 : 1 }

    @Test func scanKilledAtRandomPointsResumesToTheCleanResult() throws {
        let w = try Workspace(count: Self.files)
        let clean = "\(w.root)/clean"
        try w.must(w.scanArguments(clean))
        let expected = try stateCounts(clean)
        #expect(expected.values.reduce(0, +) == Self.files)

        var rng = SplitMix64(seed: 0x5CA9)
        var landed = 0, tried = 0
        for round in 0..<Self.rounds {
            let batch = "\(w.root)/batch\(round)"
            for _ in 0..<Self.kills(inRound: round) {
                // A point ahead of what an earlier kill left.
                let done = scannedRowCount(batch)
                guard done < Self.files - 1 else { break }
                let target = Int.random(in: (done + 1)..<Self.files, using: &rng)
                let p = try startDcmveil(w.scanArguments(batch))
                tried += 1
                if killWhen(p, { scannedRowCount(batch) >= target }) {
                    landed += 1
                    #expect(p.terminationReason == .uncaughtSignal)
                }
                let s = try BatchStore.open(directory: batch)
                #expect(try s.integrityCheck() == ["ok"])
                #expect(try s.count() <= Self.files)
            }
            // The re-run completes, duplicates nothing and ends where the clean scan did.
            let rerun = try w.must(w.scanArguments(batch))
            #expect(rerun.out.contains("scanned"))
            #expect(try stateCounts(batch) == expected, "round \(round)")
            let s = try BatchStore.open(directory: batch)
            #expect(try s.count() == Self.files)
            #expect(try s.integrityCheck() == ["ok"])
            #expect(try w.must(w.scanArguments(batch)).out.contains("scanned 0, resumed \(Self.files)"))
        }
        #expect(landed >= tried - 1, "only \(landed) of \(tried) kills landed while the scan ran")
    }

    @Test func commitKilledAtRandomPointsLeavesNoPartialFileAndRerunsToTheCleanOutputs() throws {
        let w = try Workspace(count: Self.files)
        let clean = "\(w.root)/clean"
        try w.must(w.scanArguments(clean))
        try w.approveAll(clean)
        try w.must(w.commitArguments(clean))
        let expected = try fileHashes(under: "\(clean)/output")
        #expect(expected.count == Self.files)
        let expectedStates = try stateCounts(clean)

        var rng = SplitMix64(seed: 0xC0FF)
        var landed = 0, tried = 0
        for round in 0..<Self.rounds {
            let batch = "\(w.root)/batch\(round)"
            try w.must(w.scanArguments(batch))
            try w.approveAll(batch)
            for _ in 0..<Self.kills(inRound: round) {
                // Killed after `target` files were written by this run (an earlier run's files are rewritten too).
                let target = Int.random(in: 1..<Self.files, using: &rng)
                let before = modificationTimes(under: "\(batch)/output")
                let p = try startDcmveil(w.commitArguments(batch))
                tried += 1
                if killWhen(p, { freshFileCount(under: "\(batch)/output", since: before) >= target }) { landed += 1 }
                // Whatever is on disk is whole: every output parses and is byte-identical to the clean run's.
                #expect(try unparsableFiles(under: "\(batch)/output").isEmpty)
                for (path, sha) in try fileHashes(under: "\(batch)/output") {
                    #expect(expected[path] == sha, "\(path) differs from the clean run")
                }
                #expect(try BatchStore.open(directory: batch).integrityCheck() == ["ok"])
            }
            // The re-run completes with the clean outputs, and removes the killed runs' temporary files.
            try w.must(w.commitArguments(batch))
            #expect(try fileHashes(under: "\(batch)/output") == expected, "round \(round)")
            let leftovers = (FileManager.default.enumerator(atPath: "\(batch)/output")?.compactMap { $0 as? String } ?? [])
                .filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            let s = try BatchStore.open(directory: batch)
            #expect(try s.integrityCheck() == ["ok"])
            #expect(try s.latestCommit()?.outputCount == Self.files)
            #expect(try stateCounts(batch) == expectedStates)
            let verify = try dcmveil(["audit", "verify", "\(batch)/audit.jsonl", "--pubkey", "\(w.keys)/signing.pub", "--files", "\(batch)/output"])
            #expect(verify.status == 0, "\(verify.out)\(verify.err)")
        }
        #expect(landed >= tried - 1, "only \(landed) of \(tried) kills landed while the commit ran")
    }
}

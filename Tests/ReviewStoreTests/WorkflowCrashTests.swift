import Foundation
import Testing
@testable import ReviewStore

/// The real `dcmveil scan` and `dcmveil commit`, killed with SIGKILL at seeded random points. Each time
/// the batch is sound (`PRAGMA integrity_check`), every output file on disk parses, and the re-run
/// completes with the counts and the very output bytes of a clean run.
@Suite(.serialized) struct WorkflowCrashTests {
    static let files = 24

    @Test func scanKilledAtRandomPointsResumesToTheCleanResult() throws {
        let w = try Workspace(count: Self.files)
        let clean = "\(w.root)/clean"
        try w.must(w.scanArguments(clean))
        let expected = try stateCounts(clean)
        #expect(expected.values.reduce(0, +) == Self.files)

        var rng = SeededGenerator(seed: 0x5CA9)
        let batch = "\(w.root)/batch"
        var killed = 0
        for _ in 0..<3 {
            // A point ahead of what earlier rounds left.
            let done = scannedRowCount(batch)
            guard done < Self.files - 1 else { break }
            let target = Int.random(in: (done + 1)..<Self.files, using: &rng)
            let p = try startDcmveil(w.scanArguments(batch))
            if killWhen(p, { scannedRowCount(batch) >= target }) {
                killed += 1
                #expect(p.terminationReason == .uncaughtSignal)
            }
            let s = try BatchStore.open(directory: batch)
            #expect(try s.integrityCheck() == ["ok"])
            #expect(try s.count() <= Self.files)
        }
        #expect(killed >= 2, "only \(killed) kill(s) landed while the scan ran")
        let rerun = try w.must(w.scanArguments(batch))
        #expect(rerun.out.contains("scanned"))
        #expect(try stateCounts(batch) == expected)
        let s = try BatchStore.open(directory: batch)
        #expect(try s.count() == Self.files)
        #expect(try s.integrityCheck() == ["ok"])
        // A second re-run has nothing left to do.
        #expect(try w.must(w.scanArguments(batch)).out.contains("scanned 0, resumed \(Self.files)"))
    }

    @Test func commitKilledAtRandomPointsLeavesNoPartialFileAndRerunsToTheCleanOutputs() throws {
        let w = try Workspace(count: Self.files)
        let clean = "\(w.root)/clean"
        try w.must(w.scanArguments(clean))
        try w.approveAll(clean)
        try w.must(w.commitArguments(clean))
        let expected = try fileHashes(under: "\(clean)/output")
        #expect(expected.count == Self.files)

        let batch = "\(w.root)/batch"
        try w.must(w.scanArguments(batch))
        try w.approveAll(batch)
        var rng = SeededGenerator(seed: 0xC0FF)
        var killed = 0
        for _ in 0..<3 {
            // Killed after `target` files were written by this run (earlier rounds' files are replaced too).
            let target = Int.random(in: 1..<Self.files, using: &rng)
            let before = modificationTimes(under: "\(batch)/output")
            let p = try startDcmveil(w.commitArguments(batch))
            if killWhen(p, { freshFileCount(under: "\(batch)/output", since: before) >= target }) { killed += 1 }
            // Whatever is on disk is whole: every output parses and is byte-identical to the clean run's.
            #expect(try unparsableFiles(under: "\(batch)/output").isEmpty)
            for (path, sha) in try fileHashes(under: "\(batch)/output") {
                #expect(expected[path] == sha, "\(path) differs from the clean run")
            }
            #expect(try BatchStore.open(directory: batch).integrityCheck() == ["ok"])
        }
        #expect(killed >= 2, "only \(killed) kill(s) landed while the commit ran")
        try w.must(w.commitArguments(batch))
        #expect(try fileHashes(under: "\(batch)/output") == expected)
        // The killed commits' temporary files are gone too.
        let leftovers = (FileManager.default.enumerator(atPath: "\(batch)/output")?.compactMap { $0 as? String } ?? [])
            .filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let s = try BatchStore.open(directory: batch)
        #expect(try s.integrityCheck() == ["ok"])
        #expect(try s.latestCommit()?.outputCount == Self.files)
        #expect(try stateCounts(batch) == (try stateCounts(clean)))
        let verify = try dcmveil(["audit", "verify", "\(batch)/audit.jsonl", "--pubkey", "\(w.keys)/signing.pub", "--files", "\(batch)/output"])
        #expect(verify.status == 0, "\(verify.out)\(verify.err)")
    }
}

import Foundation
import GRDB
import Testing
@testable import ReviewStore

@Suite(.serialized) struct CrashTests {
    /// Kills a scanning process with SIGKILL at several points; each time the batch is sound, holds
    /// only whole files (every instance with all 200 findings and masks), and a re-run completes
    /// without duplicating anything.
    @Test func aWriterKilledMidTransactionLeavesASoundBatch() throws {
        let t = TempBatch()
        for (round, after) in [2, 5, 9].enumerated() {
            let (p, out) = try startHelper(["scan", t.directory, "in", "0"])
            let lines = readLines(out) { $0 == "committed \(after + round * 10)" || $0.hasPrefix("error") }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            #expect(p.terminationReason == .uncaughtSignal)
            #expect(lines.last?.hasPrefix("committed") == true, "\(lines.suffix(2))")

            let s = try t.open()
            #expect(try s.integrityCheck() == ["ok"])
            let n = try s.count()
            #expect(n >= after + round * 10)
            let q = try t.rawQueue()
            let partial = try q.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM instance WHERE finding_count != 200
                        OR (SELECT COUNT(*) FROM finding WHERE instance_id = instance.id) != 200
                        OR (SELECT COUNT(*) FROM mask WHERE instance_id = instance.id) != 200
                        OR NOT EXISTS (SELECT 1 FROM planned_actions WHERE instance_id = instance.id)
                    """)
            }
            #expect(partial == 0)
        }
        // The re-run finishes and duplicates nothing.
        let total = 60
        let (p, out) = try startHelper(["scan", t.directory, "in", "\(total)"])
        _ = readLines(out) { $0 == "committed \(total)" || $0.hasPrefix("error") }
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let s = try t.open()
        #expect(try s.count() == total)
        #expect(try s.statistics().findingsByClass == ["phi": total * 200])
        #expect(try s.integrityCheck() == ["ok"])
    }
}

import Foundation
import Testing
@testable import ReviewStore

/// Separate `BatchStore` values on one file stand for separate processes (each has its own SQLite
/// connections); the helper executable is a real second process.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func writersAndReadersOnOneBatchNeverSeeALockedDatabase() throws {
        let t = TempBatch()
        _ = try t.open()
        let errors = ErrorList()
        let group = DispatchGroup()
        // Two scan writers, one reviewer, one browser, each with its own store (connections).
        for w in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let s = try t.open()
                    for n in 0..<60 { try s.upsertScanned(makeRecord(n, patient: w, modality: "US", findings: 3)) }
                } catch { errors.add(error) }
            }
        }
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            do {
                let s = try t.open()
                var decided = 0
                while decided < 40 {
                    if let i = try s.instances(matching: .needsReview, limit: 1).instances.first {
                        try s.approve(.instance(i.id), by: Reviewer("sam"))
                        decided += 1
                    }
                }
            } catch { errors.add(error) }
        }
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            do {
                let s = try t.open()
                for _ in 0..<200 {
                    _ = try s.instances(limit: 100)
                    _ = try s.statistics()
                }
            } catch { errors.add(error) }
        }
        group.wait()
        #expect(errors.all.isEmpty, "\(errors.all)")
        let s = try t.open()
        #expect(try s.count() == 120)
        #expect(try s.count(matching: InstanceFilter(states: [.approved])) == 40)
        #expect(try s.integrityCheck() == ["ok"])
    }

    @Test func processesCreatingOneBatchAtOnceAllSucceed() throws {
        for _ in 0..<3 {
            let t = TempBatch()
            let helpers = try ["a", "b", "c", "d"].map { try startHelper(["scan", t.directory, $0, "2"]) }
            for (p, out) in helpers {
                let lines = readLines(out) { $0 == "committed 2" || $0.hasPrefix("error") }
                p.waitUntilExit()
                #expect(p.terminationStatus == 0, "\(lines.suffix(1))")
            }
            let s = try t.open()
            #expect(try s.appliedMigrations() == BatchStore.migrationNames)
            #expect(try s.count() == 8)
        }
    }

    @Test func aSecondProcessWritesWhileWeDecide() throws {
        let t = TempBatch()
        let s = try t.open()
        try s.upsertScanned((0..<10).map { makeRecord($0, patient: 9, modality: "US") })
        let (scan, scanOut) = try startHelper(["scan", t.directory, "other", "40"])
        let (decide, decideOut) = try startHelper(["decide", t.directory, "helper", "60"])
        for n in 0..<60 {
            let i = try #require(try s.instances(limit: 10).instances.randomElement())
            if n % 2 == 0 { try s.approve(.instance(i.id), by: Reviewer("sam")) } else { try s.reject(.instance(i.id), by: Reviewer("sam")) }
        }
        let scanned = readLines(scanOut) { $0 == "committed 40" || $0.hasPrefix("error") }
        let decided = readLines(decideOut) { $0 == "done" || $0.hasPrefix("error") }
        scan.waitUntilExit()
        decide.waitUntilExit()
        #expect(scan.terminationStatus == 0, "\(scanned.suffix(2))")
        #expect(decide.terminationStatus == 0, "\(decided.suffix(2))")
        #expect(try s.count() == 50)
        #expect(try s.decisions().count == 120)
        #expect(try s.integrityCheck() == ["ok"])
    }
}

final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []
    func add(_ e: Error) { lock.withLock { errors.append("\(e)") } }
    var all: [String] { lock.withLock { errors } }
}

import Foundation
import Testing
@testable import Pipeline

/// A job stuck past the limit is given up, the others go on, and the stuck job can never claim its
/// completion afterwards (so it leaves no output behind).
@Suite struct TimeLimitedWorkTests {
    final class Flag: @unchecked Sendable {
        let lock = NSLock()
        var value: Bool?
        func set(_ v: Bool) { lock.lock(); value = v; lock.unlock() }
        func get() -> Bool? { lock.lock(); defer { lock.unlock() }; return value }
    }

    @Test func aStuckJobIsGivenUpAndTheOthersFinish() throws {
        let release = DispatchSemaphore(value: 0)
        let lateClaim = Flag()
        let outcomes = TimeLimitedWork.run(count: 12, workers: 2, limit: 0.3) { i, ticket in
            if i == 3 {
                release.wait()  // stuck, like a decoder looping on a crafted stream
                lateClaim.set(ticket.claimCompletion())
                return -1
            }
            return ticket.claimCompletion() ? i * i : -2
        }
        #expect(outcomes.count == 12)
        for (i, outcome) in outcomes.enumerated() {
            switch outcome {
            case .finished(let v): #expect(i != 3 && v == i * i, "job \(i)")
            case .timedOut(let seconds): #expect(i == 3 && seconds == 0.3, "job \(i) timed out")
            }
        }
        // Once freed, the stuck job finds it was given up.
        release.signal()
        for _ in 0..<200 where lateClaim.get() == nil { Thread.sleep(forTimeInterval: 0.01) }
        #expect(lateClaim.get() == false)
    }

    @Test func aJobThatClaimedItsCompletionIsNeverCutOff() {
        let outcomes = TimeLimitedWork.run(count: 3, workers: 1, limit: 0.1) { i, ticket in
            guard ticket.claimCompletion() else { return "given up" }
            if i == 1 { Thread.sleep(forTimeInterval: 0.4) }  // a slow write after the claim
            return "done \(i)"
        }
        let values = outcomes.map { outcome -> String in
            if case .finished(let v) = outcome { return v }
            return "timed out"
        }
        #expect(values == ["done 0", "done 1", "done 2"])
    }

    @Test func withoutALimitEveryJobRuns() {
        let outcomes = TimeLimitedWork.run(count: 50, workers: 4, limit: nil) { i, _ in i }
        #expect(outcomes.compactMap { if case .finished(let v) = $0 { return v } else { return nil } } == Array(0..<50))
        #expect(TimeLimitedWork.run(count: 0, workers: 2, limit: 1) { i, _ in i }.isEmpty)
    }
}

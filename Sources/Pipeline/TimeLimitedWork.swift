import Foundation

/// How one job of `TimeLimitedWork` ended.
public enum JobOutcome<Result: Sendable>: Sendable {
    case finished(Result)
    /// The job ran past the limit and was abandoned; its thread may still be running.
    case timedOut(seconds: Double)
}

/// Handed to each job: lets it claim its completion before a side effect that must not happen
/// once the job has been given up (writing an output file, recording a row).
public final class JobTicket: @unchecked Sendable {
    private let lock = NSLock()
    private var state = State.running
    private enum State { case running, completing, abandoned }

    init() {}

    /// True when the job may go on to its side effects: from now on the watchdog no longer abandons
    /// it. False when it was already abandoned: the job must then leave no trace.
    public func claimCompletion() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if state == .abandoned { return false }
        state = .completing
        return true
    }

    /// Abandons a job that has not claimed its completion; false if it already had.
    func abandon() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard state == .running else { return false }
        state = .abandoned
        return true
    }

    var isAbandoned: Bool {
        lock.lock(); defer { lock.unlock() }
        return state == .abandoned
    }
}

/// Runs `count` jobs on `workers` threads, giving up on any job that runs longer than `limit`
/// seconds. A C decoder that loops forever on a crafted stream cannot be interrupted, so its job is
/// abandoned: it is reported as timed out, a fresh thread takes its place, and the stuck thread is
/// left to the end of the process. A job that claimed its completion (`JobTicket.claimCompletion`)
/// is never abandoned, so a slow write is not cut off half-way.
public enum TimeLimitedWork {
    /// Runs the jobs and returns their outcomes in index order, once each has finished or timed out.
    public static func run<Result: Sendable>(
        count: Int, workers: Int, limit: Double?, job: @escaping @Sendable (Int, JobTicket) -> Result
    ) -> [JobOutcome<Result>] {
        guard count > 0 else { return [] }
        let board = Board<Result>(count: count)
        let start: @Sendable () -> Void = { board.spawnWorker(job: job) }
        for _ in 0..<max(1, min(workers, count)) { start() }
        while !board.waitAllDone(timeout: limit.map { min(0.2, max(0.005, $0 / 2)) } ?? 3600) {
            guard let limit else { continue }
            for _ in 0..<board.abandonOverdue(limit: limit) { start() }
        }
        return board.outcomes()
    }

    /// The shared state of one run: which index comes next, what each running job started at, and the
    /// outcomes so far.
    final class Board<Result: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var next = 0
        private var done = 0
        private var slots: [JobOutcome<Result>?]
        /// Running jobs: index → (start, ticket).
        private var running: [Int: (Date, JobTicket)] = [:]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func spawnWorker(job: @escaping @Sendable (Int, JobTicket) -> Result) {
            let thread = Thread { [self] in
                while let (i, ticket) = claim() {
                    let result = job(i, ticket)
                    if !finish(i, ticket, result) { return }
                }
            }
            // Decoders and the recursive data set parser want more than the default secondary stack.
            thread.stackSize = 8 << 20
            thread.start()
        }

        private func claim() -> (Int, JobTicket)? {
            condition.lock(); defer { condition.unlock() }
            guard next < slots.count else { return nil }
            let i = next
            next += 1
            let ticket = JobTicket()
            running[i] = (Date(), ticket)
            return (i, ticket)
        }

        /// Records a finished job; false when it had been abandoned (its thread then stops: a fresh
        /// one already took its place).
        private func finish(_ i: Int, _ ticket: JobTicket, _ result: Result) -> Bool {
            condition.lock(); defer { condition.unlock() }
            if ticket.isAbandoned { return false }
            running[i] = nil
            slots[i] = .finished(result)
            done += 1
            condition.broadcast()
            return true
        }

        /// Abandons every job past the limit that has not claimed its completion; returns how many.
        func abandonOverdue(limit: Double) -> Int {
            condition.lock(); defer { condition.unlock() }
            let now = Date()
            var abandoned = 0
            for (i, (started, ticket)) in running where now.timeIntervalSince(started) > limit {
                guard ticket.abandon() else { continue }
                running[i] = nil
                slots[i] = .timedOut(seconds: limit)
                done += 1
                abandoned += 1
            }
            if abandoned > 0 { condition.broadcast() }
            return abandoned
        }

        func waitAllDone(timeout: Double) -> Bool {
            condition.lock(); defer { condition.unlock() }
            if done == slots.count { return true }
            _ = condition.wait(until: Date().addingTimeInterval(timeout))
            return done == slots.count
        }

        func outcomes() -> [JobOutcome<Result>] {
            condition.lock(); defer { condition.unlock() }
            return slots.map { $0 ?? .timedOut(seconds: 0) }
        }
    }
}

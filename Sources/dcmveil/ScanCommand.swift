import ArgumentParser
import Audit
import DicomIO
import Foundation
import Pipeline
import ReviewStore

/// `dcmveil scan INPUT --batch DIR`: examine every file into a review batch (resumable).
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", 
        abstract: "Scan a folder into a review batch: plan the header actions, find burned-in text, propose masks. Re-running resumes.")

    @Argument(help: "The folder of DICOM files to review.") var input: String
    @Option(help: "The batch folder (created; holds batch.sqlite).") var batch: String
    @Option(help: "Profile (TOML); the built-in default without it.") var profile: String?
    @Option(help: "The pseudonym key (pseudonym.key from `dcmveil keygen`).") var keyFile: String
    @Option(help: "Parallel workers (default: the number of cores).") var jobs: Int?
    @Option(help: "Who runs the scan (recorded in the audit log when a signing key is beside the key file).") var `operator`: String?
    @Option(help: "Seconds one file may take before it is given up and quarantined (0: no limit).") var fileTimeLimit: Double = 300

    func run() throws {
        let ctx: BatchContext
        do { ctx = try BatchContext.open(directory: batch, input: input, profilePath: profile, keyFile: keyFile, creating: true) } catch {
            printError("dcmveil scan: \(error)")
            throw ExitCode(2)
        }
        let files = try FileWalker.files(under: ctx.input).filter { !$0.hasPrefix(".") }
        let known = try ctx.store.scannedFiles()
        let total = files.count
        let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, max(1, total)))
        let counter = ScanCounter()
        let tty = stdoutIsTTY
        let start = Date()
        let failures = ResultSlots<String>(count: total)
        /// Records one file's row in the store, or its failure.
        @Sendable func record(_ i: Int, _ record: ScanRecord) {
            let rel = files[i]
            do {
                _ = try ctx.store.upsertScanned(record)
                counter.add(record.quarantineReason == nil ? .scanned : .quarantined, tty: tty, total: total, start: start)
                if !tty, let reason = record.quarantineReason { print("quarantined \(rel): \(reason)") }
            } catch {
                failures.set(i, "\(rel): \(error)")
            }
        }
        // A file whose decoding or OCR does not return within the limit is given up and quarantined.
        let outcomes = TimeLimitedWork.run(count: total, workers: workers, limit: fileTimeLimit > 0 ? fileTimeLimit : nil) { i, ticket in
            let rel = files[i]
            // A file already scanned with the same size and hash is not scanned again.
            if let k = known[rel], let bytes = try? DicomReader.readBytes(path: FileWalker.join(ctx.input, rel)),
               Int64(bytes.count) == k.size, Pipeline.InstanceProcessor.sha256Hex(bytes) == k.sha256 {
                counter.add(.resumed, tty: tty, total: total, start: start)
                return
            }
            guard let scanned = ctx.scanRecord(relative: rel) else {
                counter.add(.skipped, tty: tty, total: total, start: start)
                return
            }
            // Given up meanwhile: the quarantine row is written instead, never this one.
            guard ticket.claimCompletion() else { return }
            record(i, scanned)
        }
        for (i, outcome) in outcomes.enumerated() {
            guard case .timedOut(let seconds) = outcome else { continue }
            let path = FileWalker.join(ctx.input, files[i])
            // One read gives both the size and the hash the row records.
            let bytes = try? DicomReader.readBytes(path: path)
            let hash = bytes.map { Pipeline.InstanceProcessor.sha256Hex($0) } ?? ""
            record(i, .quarantined(path: files[i], size: Int64(bytes?.count ?? 0), sha256: hash,
                                   reason: "gave up after the time limit of \(String(format: "%g", seconds)) s (a decoder or OCR did not return)"))
        }
        if tty { print("") }
        for f in failures.values.compactMap({ $0 }) { printError("dcmveil scan: \(f)") }
        let c = counter.snapshot()
        let stats = try ctx.store.statistics()
        print("scanned \(c[.scanned] ?? 0), resumed \(c[.resumed] ?? 0), quarantined \(c[.quarantined] ?? 0), skipped (not DICOM) \(c[.skipped] ?? 0) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        print("batch: " + stats.byState.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        if let op = `operator`, let signing = try? AuditRecording.signingKey(explicit: nil, keyFile: keyFile) {
            let event = AuditRecording.event(.scan, operatorName: op, profile: ctx.profile, pseudonymKey: ctx.key, signing: signing, ocr: true,
                                             counts: FileCounts(input: total, output: 0, quarantined: c[.quarantined] ?? 0))
            _ = try AuditLog(url: URL(fileURLWithPath: "\(batch)/audit.jsonl")).append(event, signingKey: signing)
        }
        if !failures.values.compactMap({ $0 }).isEmpty { throw ExitCode(1) }
    }
}


/// Counts of a scan, with a progress line (rate and ETA) on a terminal.
final class ScanCounter: @unchecked Sendable {
    enum Kind: Hashable { case scanned, resumed, quarantined, skipped }
    private let lock = NSLock()
    private var counts: [Kind: Int] = [:]
    private var last = 0.0

    func add(_ kind: Kind, tty: Bool, total: Int, start: Date) {
        lock.lock(); defer { lock.unlock() }
        counts[kind, default: 0] += 1
        guard tty else { return }
        let now = Date().timeIntervalSince1970
        let done = counts.values.reduce(0, +)
        if now - last < 0.1 && done < total { return }
        last = now
        let elapsed = max(0.001, Date().timeIntervalSince(start))
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        FileHandle.standardOutput.write(Data("\r\(done)/\(total) files  \(String(format: "%.1f", rate)) files/s  ETA \(Int(eta)) s   ".utf8))
    }

    func snapshot() -> [Kind: Int] { lock.lock(); defer { lock.unlock() }; return counts }
}

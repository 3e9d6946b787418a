import Foundation
import Testing
@testable import ReviewStore

/// `dcmveil scan --file-time-limit`: a file that keeps OCR busy past the limit is quarantined with the
/// reason, once, and the rest of the folder is scanned as usual.
@Suite struct ScanTimeLimitTests {
    @Test func aFilePastTheLimitIsQuarantinedAndTheOthersAreScanned() throws {
        let w = try Workspace(count: 3)
        // One large image with burned-in text beside the small text-free ones: OCR takes far longer
        // than the 400 ms allowed (a small file takes a few).
        try w.must(["synth", "--kind", "mixed", "--count", "1", "--size", "1024", "--seed", "3", "\(w.root)/big"])
        let big = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(w.root)/big").first { $0.hasSuffix(".dcm") })
        try FileManager.default.moveItem(atPath: "\(w.root)/big/\(big)", toPath: "\(w.input)/zz-big.dcm")
        let batch = "\(w.root)/batch"
        let r = try w.must(w.scanArguments(batch) + ["--file-time-limit", "0.4"])
        #expect(r.out.contains("quarantined zz-big.dcm: gave up after the time limit of 0.4 s"), "\(r.out)")
        let store = try BatchStore.open(directory: batch)
        let rows = try store.instances(after: nil, limit: 100).instances
        let bigRow = try #require(rows.first { $0.path == "zz-big.dcm" })
        #expect(bigRow.state == .quarantined)
        #expect(bigRow.quarantineReason?.contains("time limit") == true)
        #expect(rows.count == 4, "every file has exactly one row")
        // The small files are scanned; on a machine so loaded that one of them also ran past 400 ms it is
        // quarantined for the same reason, never for another, and never left without a row.
        let quarantined = rows.filter { $0.state == .quarantined }
        #expect(quarantined.allSatisfy { $0.quarantineReason?.contains("time limit") == true })
        #expect(quarantined.count < rows.count, "\(quarantined.map { "\($0.path): \($0.quarantineReason ?? "")" })")
    }
}

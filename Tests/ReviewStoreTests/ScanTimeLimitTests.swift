import DicomCore
import DicomIO
import Foundation
import Testing
@testable import ReviewStore

/// `dcmveil scan --file-time-limit`: a file that keeps OCR busy past the limit is quarantined with the
/// reason, once, and the rest of the folder is scanned as usual.
@Suite struct ScanTimeLimitTests {
    @Test func aFilePastTheLimitIsQuarantinedAndTheOthersAreScanned() throws {
        let w = try Workspace(count: 3)
        // One image with burned-in text, made into 16 frames: each frame is read by OCR, so the file
        // takes seconds where 400 ms are allowed (a small text-free file takes a few milliseconds).
        try w.must(["synth", "--kind", "mixed", "--count", "1", "--size", "1024", "--seed", "3", "\(w.root)/big"])
        let big = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(w.root)/big").first { $0.hasSuffix(".dcm") })
        var file = try DicomReader.read(path: "\(w.root)/big/\(big)")
        let frame = try #require(file.dataSet[.pixelData]?.bytes)
        let frames = 16
        file.dataSet.setString(Tag(0x0028_0008), vr: .IS, String(frames))
        file.dataSet.set(DataElement(tag: .pixelData, vr: file.dataSet[.pixelData]?.vr ?? .OW,
                                     bytes: ArraySlice(Array(repeating: Array(frame), count: frames).flatMap { $0 })))
        try DicomWriter.write(file, to: "\(w.input)/zz-big.dcm")
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

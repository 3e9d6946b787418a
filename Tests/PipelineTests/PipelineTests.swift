import Testing
import Deidentify
import DicomCore
import DicomIO
import DicomPixels
import Pipeline
import SyntheticData
import TextDetection

/// The single path of apply, scan and commit, end to end with real Tesseract on synthetic burned-in text.
@Suite struct PipelineTests {
    static let detector: TesseractDetector? = try? TesseractDetector()

    func processor() throws -> InstanceProcessor {
        let detector = try #require(Self.detector, "Tesseract with English data must be installed")
        let key = try PseudonymKey(bytes: [UInt8](repeating: 7, count: 32))
        return InstanceProcessor(engine: try Deidentifier(profile: .default, key: key), inspector: PixelInspector(detector: detector))
    }

    func image(_ modality: String, burn: [String]) -> (DicomFile, [BurnedText], SyntheticPatient) {
        var rng = SyntheticRandom(seed: 11)
        let p = SyntheticPatient.make(3, rng: &rng)
        let (file, boxes) = SyntheticInstance.make(SyntheticInstanceSpec(
            patient: p, studyIndex: 0, seriesIndex: 0, instanceNumber: 1, modality: modality, rows: 384, columns: 384,
            burnIn: burn.isEmpty ? [] : [p.dicomName, p.id, "DOB \(p.birthDate)"], seed: 5))
        return (file, boxes, p)
    }

    func input(_ file: DicomFile) throws -> InstanceProcessor.Input {
        let bytes = try DicomWriter.encode(file)
        return InstanceProcessor.Input(file: try DicomReader.parse(bytes), sha256: InstanceProcessor.sha256Hex(bytes), size: bytes.count)
    }

    @Test func burnedInPHIIsFoundMaskedLosslesslyAndVerified() throws {
        let proc = try processor()
        let (file, boxes, _) = image("SC", burn: ["yes"])
        #expect(boxes.count == 3)
        let source = try input(file)
        let exam = try proc.examine(source)
        #expect(exam.pixels.status == .checked)
        #expect(exam.pixels.findings.contains { $0.findingClass == .phi })
        // Every burned box is at least 90% covered by the proposed masks.
        for b in boxes {
            var covered = 0
            for y in b.y..<(b.y + b.height) {
                for x in b.x..<(b.x + b.width) where exam.pixels.proposedMasks.contains(where: {
                    x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height
                }) { covered += 1 }
            }
            #expect(covered * 10 >= b.width * b.height * 9,
                    "box \(b.text) at \(b.x),\(b.y) covered \(covered) of \(b.width * b.height); findings \(exam.pixels.findings.map { "\($0.text)@\($0.box)" })")
        }
        let out = try proc.produce(source, masks: exam.pixels.proposedMasks, phiTokens: exam.phiTokens)
        let before = try #require(file.dataSet[.pixelData]?.bytes)
        let after = try #require(out.file.dataSet[.pixelData]?.bytes)
        #expect(before.count == after.count)
        let columns = 384
        var changedOutside = 0
        for i in 0..<before.count where before[before.startIndex + i] != after[after.startIndex + i] {
            let x = i % columns, y = i / columns
            if !out.appliedMasks.contains(where: { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }) {
                changedOutside += 1
            }
        }
        #expect(changedOutside == 0)
        let codes = (out.file.dataSet[Tag(0x0012_0064)]?.items ?? []).compactMap { $0.dataSet.string(Tag(0x0008_0100)) }
        #expect(codes.contains("113101"))
        #expect(out.file.dataSet.string(Tag(0x0028_0301)) == "NO")
        // Geometry untouched.
        for t in [Tag(0x0028_0010), Tag(0x0028_0011), Tag(0x0028_0100), Tag(0x0028_0004)] {
            #expect(out.file.dataSet[t] == source.file.dataSet[t])
        }
    }

    @Test func unmaskedBurnedInPHIIsRefused() throws {
        let proc = try processor()
        let (file, _, _) = image("SC", burn: ["yes"])
        #expect(throws: QuarantineReason.self) { try proc.produce(try input(file), masks: []) }
    }

    @Test func textFreeSliceNeedsNoMask() throws {
        let proc = try processor()
        let (file, _, _) = image("CT", burn: [])
        let exam = try proc.examine(try input(file))
        #expect(exam.pixels.proposedMasks.isEmpty)
        let out = try proc.produce(try input(file), masks: [])
        #expect(out.file.dataSet[.pixelData] == file.dataSet[.pixelData])
    }
}

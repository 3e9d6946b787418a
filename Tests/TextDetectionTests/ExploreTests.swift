import Foundation
import Testing
@testable import TextDetection

@Suite struct ExploreTests {
    @Test func ocrDump() throws {
        let corpus = try sharedCorpus.get()
        var settings = TesseractSettings()
        if let mode = ProcessInfo.processInfo.environment["OCR_PSM"], let seg = RegionSegmentation(rawValue: mode) { settings.segmentation = seg }
        if let t = ProcessInfo.processInfo.environment["OCR_TARGET"], let v = Int(t) { settings.targetGlyphHeight = v }
        let detector = try TesseractDetector(settings: settings)
        print("version", TesseractDetector.tesseractVersion, "omp", detector.isOpenMPLimited)
        var found = 0, total = 0
        for item in corpus where !item.textFree {
            let t0 = Date()
            let findings = try detector.detect(in: item.image, frame: 0)
            let dt = Date().timeIntervalSince(t0)
            let masks = MaskPolicy().masks(for: findings, width: item.image.width, height: item.image.height)
            for w in item.words {
                total += 1
                let covered = masks.reduce(0) { $0 + $1.rect.intersection(w.rect).area }
                if covered * 10 >= w.rect.area * 9 { found += 1 } else { print("MISS", item.name, w.text, w.rect, "cov", covered, "/", w.rect.area) }
            }
            print(item.name, String(format: "%.0fms", dt * 1000), findings.map { "\($0.text)@\(Int($0.confidence))\($0.box)" })
        }
        print("recall", found, total, "calls", detector.tesseractCallCount)
    }
}

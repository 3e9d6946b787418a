import Testing
import TextDetection

@Suite struct ExploreTests {
    @Test func falsePositiveSources() throws {
        for (item, findings) in try EndToEndTests.detected.get() {
            let masks = MaskPolicy().masks(for: findings, width: item.image.width, height: item.image.height)
            var m = CorpusMetrics()
            m.add(item, masks: masks, allowance: 3)
            guard let f = m.falseAreaFractions.first, f.fraction > 0.005 else { continue }
            let bad = findings.filter { fi in MaskPolicy().proposes(fi) && !item.words.contains { $0.rect.padded(by: 3).intersection(fi.box).area * 2 > fi.box.area } }
            print("FP", item.name, String(format: "%.2f%%", f.fraction * 100), bad.map { "'\($0.text)'@\(Int($0.confidence))\($0.box)" })
        }
    }
}

import Testing
@testable import TextDetection

@Suite struct ExploreTests {
    @Test func dump() throws {
        let corpus = try sharedCorpus.get()
        let s = CandidateSettings()
        for item in corpus where ["free-03-ct-grid", "free-12-ct-grid"].contains(item.name) {
            let c = TextCandidateFinder().candidates(in: item.image)
            print(item.name, c.map { "\($0.box) bright=\($0.isBrightInk) h=\($0.glyphHeight)" })
            let runs = InkRuns(image: item.image, threshold: s.contrastThreshold, radius: s.windowRadius, maxLine: 128)
            for cand in c {
                for (pol, name) in [(runs.bright, "B"), (runs.dark, "D")] {
                    for g in Glyph.components(of: pol, in: runs) where g.box.intersects(cand.box) && g.box.height >= 6 && g.box.height <= 64 {
                        print("  ", name, g.box, "area", g.area, "runs", g.runCount, "ink", Int(g.inkMean), "sur", Int(runs.surroundMean(of: g.box, thickness: 1) ?? 0), "longest", g.longestRun)
                    }
                }
            }
        }
    }
}

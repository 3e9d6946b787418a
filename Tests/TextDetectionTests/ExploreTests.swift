import Testing
@testable import TextDetection

@Suite struct ExploreTests {
    @Test func glyphDump() throws {
        let corpus = try sharedCorpus.get()
        let s = CandidateSettings()
        for item in corpus where item.name == "free-06-ct-phantom" || item.name == "free-00-ct-ruler" {
            let runs = InkRuns(image: item.image, threshold: s.contrastThreshold, radius: s.windowRadius, maxLine: 128)
            for (pol, name) in [(runs.bright, "B"), (runs.dark, "D")] {
                for g in Glyph.components(of: pol, in: runs) where g.box.height >= 6 && g.box.height <= 64 {
                    let sur = runs.surroundMean(of: g.box, thickness: 2) ?? -1
                    print(item.name, name, g.box, "area", g.area, "runs", g.runCount, "ink", Int(g.inkMean), "sur", Int(sur), "longest", g.longestRun)
                }
            }
        }
    }
}

import Testing
import TextDetection

@Suite struct CandidateStageTests {
    @Test func explore() throws {
        let corpus = try sharedCorpus.get()
        let finder = TextCandidateFinder()
        for item in corpus {
            let regions = finder.candidates(in: item.image).map(\.box)
            let missed = item.words.filter { w in !regions.contains(where: { $0.contains(w.rect) }) }
            print(item.name, "regions", regions.count, regions, "missed", missed.map { "\($0.text)\($0.rect)" })
        }
    }
}

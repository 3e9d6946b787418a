import Testing
import ReviewStore

@Suite struct ReviewPolicyTests {
    @Test func textFreeCTIsAutoClear() {
        let a = ReviewPolicy.standard.assess(ReviewSignals(modality: "CT"))
        #expect(a.state == .autoClear)
        #expect(a.reasons.isEmpty)
    }

    @Test(arguments: ["US", "SC", "OT", "XC", "ES", "SM", "DOC", "us", " SC "])
    func textModalitiesNeedReview(modality: String) {
        let a = ReviewPolicy.standard.assess(ReviewSignals(modality: modality))
        #expect(a.state == .needsReview)
        #expect(a.reasons == [.textModality])
    }

    @Test func everySignalIsAReason() {
        let a = ReviewPolicy.standard.assess(ReviewSignals(hasFindings: true, burnedInAnnotation: true, modality: "US", retainedTextHits: 2))
        #expect(a.reasons == [.findings, .burnedInAnnotation, .textModality, .retainedText])
        #expect(ReviewPolicy.standard.assess(ReviewSignals(burnedInAnnotation: true, modality: "MR")).reasons == [.burnedInAnnotation])
        #expect(ReviewPolicy.standard.assess(ReviewSignals(modality: "MR", retainedTextHits: 1)).reasons == [.retainedText])
    }

    @Test func aProfileCanNarrowThePolicy() {
        let p = ReviewPolicy(reviewRetainedText: false, textModalities: ["us"])
        #expect(p.assess(ReviewSignals(modality: "SC")).state == .autoClear)
        #expect(p.assess(ReviewSignals(modality: "US")).state == .needsReview)
        #expect(p.assess(ReviewSignals(modality: "CT", retainedTextHits: 3)).state == .autoClear)
    }
}

import DicomCore
import Foundation
import Testing
import TextDetection

/// End-to-end: the corpus (real DejaVu text rendered by Pillow), the candidate stage and the
/// real Tesseract adapter. No stand-ins.
@Suite(.serialized) struct EndToEndTests {
    static let detector = Result { try TesseractDetector() }

    /// The corpus's text images, each with its classified findings: detected once, shared by the tests.
    static let detected: Result<[(CorpusImage, [TextFinding])], Error> = Result {
        let corpus = try sharedCorpus.get()
        let detector = try EndToEndTests.detector.get()
        let classifier = FindingClassifier(phiTokens: EndToEndTests.phiTokens)
        return try corpus.filter { !$0.textFree }.map { item in
            (item, classifier.classify(try detector.detect(in: item.image, frame: 0)))
        }
    }

    /// PHI tokens as the header harvest would give them for the corpus's names.
    static let phiTokens = ["DOE^JOHN", "SMITHERSON", "ANDERSSON", "MARIA", "KOWALSKI", "OBRIEN", "LINDQVIST", "BEATRIX"]

    /// The corpus seeds the recall test runs on: the list in `DCMVEIL_CORPUS_SEEDS` ("0,1,2") or
    /// `DCMVEIL_CORPUS_SEED` alone when set, else 0–15 (about eight seconds each). The detector
    /// was tuned by looking at misses on seeds 0–9, later on 10–15, which had been kept apart to
    /// check it (see docs/DECISIONS.md); seeds from 16 on are fresh.
    static var recallSeeds: [Int] {
        let env = ProcessInfo.processInfo.environment
        if let list = env["DCMVEIL_CORPUS_SEEDS"] {
            let seeds = list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if !seeds.isEmpty { return seeds }
        }
        return env["DCMVEIL_CORPUS_SEED"].flatMap { Int($0) }.map { [$0] } ?? Array(0...15)
    }

    /// One image's detection, written as JSON to `DCMVEIL_CORPUS_DUMP` (a folder) when set, for
    /// looking at misses and false masks (the corpus itself is deterministic per seed).
    struct Diagnosis: Encodable {
        var seed: Int
        var name: String
        var findings: [TextFinding]
        var masks: [MaskRect]
        var lines: [PixelRect]
    }

    @Test func recallAndFalsePositiveAreaOverTheCorpus() throws {
        let detector = try Self.detector.get()
        let classifier = FindingClassifier(phiTokens: Self.phiTokens)
        let policy = MaskPolicy()
        var pooled = CorpusMetrics()
        var all = CorpusMetrics()
        for seed in Self.recallSeeds {
            let corpus = seed == Corpus.defaultSeed ? try sharedCorpus.get() : try Corpus.build(seed: seed)
            var metrics = CorpusMetrics()
            var free = CorpusMetrics()
            for item in corpus {
                let findings = classifier.classify(try detector.detect(in: item.image, frame: 0))
                #expect(findings.allSatisfy { item.image.bounds.contains($0.box) })
                let masks = policy.masks(for: findings, width: item.image.width, height: item.image.height)
                if let dump = ProcessInfo.processInfo.environment["DCMVEIL_CORPUS_DUMP"] {
                    let diagnosis = Diagnosis(
                        seed: seed, name: item.name, findings: findings, masks: masks,
                        lines: detector.candidateLines(in: item.image))
                    try JSONEncoder().encode(diagnosis).write(
                        to: URL(fileURLWithPath: dump).appendingPathComponent("\(seed)-\(item.name).json"))
                }
                if item.textFree {
                    free.add(item, masks: masks, allowance: 0)
                } else {
                    metrics.add(item, masks: masks, allowance: policy.padding)
                }
            }
            let over = metrics.falseAreaFractions.filter { $0.fraction >= 0.01 }
            let freeOver = free.falseAreaFractions.filter { $0.fraction >= 0.01 }
            print("seed \(seed): \(metrics.wordsFound)/\(metrics.words) words found; masked outside the known boxes "
                + "\(metrics.falseAreaFraction * 100)% of the text images, \(free.falseAreaFraction * 100)% of the "
                + "text-free ones; text images with 1% or more: \(over.count)/\(metrics.falseAreaFractions.count) "
                + over.map { "\($0.name) \(($0.fraction * 1000).rounded() / 10)%" }.joined(separator: ", ")
                + "; text-free with 1% or more: "
                + freeOver.map { "\($0.name) \(($0.fraction * 1000).rounded() / 10)%" }.joined(separator: ", ")
                + "; missed: \(metrics.missed)")
            #expect(metrics.words > 100)
            // Measured (words found; area masked outside known text in the text images, in the
            // text-free ones): seed 0 132/132, 0.27%, 0.00%; 1 156/157, 0.20%, 0.05%; 2 149/150,
            // 0.72%, 0.00%; 3 130/131, 0.22%, 0.00%; 4 162/162, 0.24%, 0.00%; 5 122/123, 0.27%,
            // 0.00%; 6 155/156, 0.39%, 0.00%; 7 150/150, 0.26%, 0.00%; 8 147/147, 0.35%, 0.00%;
            // 9 163/164, 0.33%, 0.00%; 10 135/136, 0.57%, 0.00%; 11 164/165, 0.31%, 0.00%;
            // 12 132/132, 0.37%, 0.00%; 13 156/156, 0.49%, 0.00%; 14 159/159, 0.30%, 0.00%;
            // 15 136/136, 0.49%, 0.00%.
            #expect(metrics.recall >= 0.99, "seed \(seed) missed: \(metrics.missed)")
            #expect(metrics.falseAreaFraction < 0.01, "seed \(seed)")
            #expect(free.falseAreaFraction < 0.01, "seed \(seed)")
            // Per text image it exceeds 1% on some (seeds 0–15: 2 to 8 of 28, at most 8.4%): text
            // crossed by a phantom outline or a grid, whose junk reading keeps its ink masked.
            for (name, fraction) in metrics.falseAreaFractions {
                #expect(fraction < 0.15, "seed \(seed) \(name): \(fraction * 100)% of the image masked outside known text")
            }
            #expect(over.count * 3 <= metrics.falseAreaFractions.count, "seed \(seed)")
            // Every text-free image stays under 1%, CT under a grid included: its lines are
            // painted out before binarization (`OverlayLines`), so they no longer cut bright discs
            // and body edges into letter-sized pieces (that gave up to 4.9%).
            for (name, fraction) in free.falseAreaFractions {
                #expect(fraction < 0.01, "seed \(seed) \(name): \(fraction * 100)% masked")
            }
            pooled.merge(metrics)
            all.merge(metrics)
            all.merge(free)
        }
        print("all seeds \(Self.recallSeeds): \(pooled.wordsFound)/\(pooled.words) words found, recall \(pooled.recall); "
            + "masked outside known text: \(pooled.falseAreaFraction * 100)% of text images, "
            + "\(all.falseAreaFraction * 100)% of all images")
        // Measured over seeds 0–15: 2348/2356 (99.7%); 0.35% of the text images, 0.20% of all images.
        #expect(pooled.recall >= 0.99, "missed: \(pooled.missed)")
        #expect(all.falseAreaFraction < 0.01)
    }

    @Test func textFreeImagesNeverReachTesseract() throws {
        let corpus = try sharedCorpus.get()
        let detector = try Self.detector.get()
        let free = corpus.filter(\.textFree)
        #expect(free.count >= 16)
        var rejected = 0
        var passed: [String] = []
        for item in free {
            let before = detector.tesseractCallCount
            let candidates = detector.candidates(in: item.image)
            let findings = try detector.detect(in: item.image, frame: 3)
            if candidates.isEmpty {
                rejected += 1
                #expect(findings.isEmpty)
                #expect(detector.tesseractCallCount == before, "\(item.name) reached Tesseract")
            } else {
                passed.append(item.name)
                #expect(detector.tesseractCallCount == before + candidates.count)
            }
        }
        print("text-free: \(rejected)/\(free.count) rejected by the candidate stage; not rejected: \(passed)")
        // Grids are painted out first, so no text-free image of the corpus reaches Tesseract.
        #expect(passed.isEmpty, "unexpected candidates in \(passed)")
        #expect(rejected == free.count)
    }

    @Test func classifiesNamesDatesAndIdentifiers() throws {
        var right: [String: Int] = [:], total: [String: Int] = [:]
        var wrong: [String] = []
        let expected: [String: FindingClass] = ["name": .phi, "date": .date, "id": .id]
        for (item, findings) in try Self.detected.get() {
            for word in item.words {
                guard let want = expected[word.kind] else { continue }
                total[word.kind, default: 0] += 1
                // The finding that overlaps the known box most.
                let best = findings.filter { !$0.text.isEmpty }.max {
                    $0.box.intersection(word.rect).area < $1.box.intersection(word.rect).area
                }
                if let best, best.box.intersects(word.rect), best.findingClass == want {
                    right[word.kind, default: 0] += 1
                } else {
                    wrong.append("\(word.text) → \(best.map { "\($0.text) \($0.findingClass)" } ?? "nothing")")
                }
            }
        }
        print("classes right: \(right) of \(total); wrong: \(wrong)")
        for kind in ["name", "date", "id"] {
            let share = Double(right[kind, default: 0]) / Double(max(1, total[kind, default: 0]))
            #expect(total[kind, default: 0] >= 10)
            // Measured: names 42/46, dates 30/34, IDs 19/20; misses are misreadings by OCR (text crossed
            // by a phantom outline is read in part: "KOWAL").
            #expect(share >= 0.8, "\(kind): \(share)")
        }
    }

    @Test func namesAreMaskedAndAnnotationIsNot() throws {
        // A dark slice with a name, a date and orientation markers in real DejaVu.
        let corpus = try sharedCorpus.get()
        let detector = try Self.detector.get()
        let classifier = FindingClassifier(phiTokens: Self.phiTokens)
        guard let item = corpus.first(where: { !$0.textFree && $0.words.contains { $0.kind == "name" } }) else {
            Issue.record("corpus has no name")
            return
        }
        let findings = classifier.classify(try detector.detect(in: item.image, frame: 7))
        #expect(findings.allSatisfy { $0.frame == 7 })
        let phi = findings.filter { $0.findingClass == .phi }
        #expect(!phi.isEmpty)
        #expect(phi.allSatisfy { $0.matchedToken != nil })
        let masks = MaskPolicy().masks(for: findings, width: item.image.width, height: item.image.height)
        for finding in phi {
            #expect(masks.contains { $0.rect.contains(finding.box) })
        }
    }

    @Test func enginesAreReusedPerWorker() async throws {
        let corpus = try sharedCorpus.get()
        let detector = try TesseractDetector()
        #expect(detector.engineCount == 1)
        #expect(detector.isOpenMPLimited)
        let images = corpus.filter { !$0.textFree }.prefix(4).map(\.image)
        for image in images { _ = try detector.detect(in: image, frame: 0) }
        #expect(detector.engineCount == 1)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, image) in images.enumerated() {
                group.addTask { try detector.detect(in: image, frame: index).count }
            }
            for try await count in group { #expect(count > 0) }
        }
        #expect(detector.engineCount <= images.count)
    }

    @Test func missingLanguageDataIsATypedError() {
        var settings = TesseractSettings()
        settings.dataPath = FileManager.default.temporaryDirectory.appendingPathComponent("no-tessdata").path
        #expect(throws: TextDetectionError.tesseractInitFailed(language: "eng", dataPath: settings.dataPath, code: -1)) {
            _ = try TesseractDetector(settings: settings)
        }
        settings.dataPath = nil
        settings.language = "xx-missing"
        #expect {
            _ = try TesseractDetector(settings: settings)
        } throws: { error in
            guard case .tesseractInitFailed(let language, _, _) = error as? TextDetectionError else { return false }
            return language == "xx-missing"
        }
    }

    @Test func reportsTheTesseractVersion() {
        let version = TesseractDetector.tesseractVersion
        #expect(version.first?.isNumber == true, "\(version)")
    }
}

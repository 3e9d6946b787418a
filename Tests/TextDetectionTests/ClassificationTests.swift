import DicomCore
import Testing
import TextDetection

@Suite struct FuzzyMatchingTests {
    @Test func foldsOCRConfusions() {
        #expect(OCRNormalization.fold("BOSL") == OCRNormalization.fold("8051"))
        #expect(OCRNormalization.fold("l1I") == "111")
        #expect(OCRNormalization.fold("doe") == "D0E")
    }

    @Test func editDistance() {
        #expect(OCRNormalization.editDistance("KITTEN", "SITTING") == 3)
        #expect(OCRNormalization.editDistance("", "ABC") == 3)
        #expect(OCRNormalization.editDistance("SAME", "SAME") == 0)
        #expect(OCRNormalization.editDistance("ABCDEFGH", "ZYXWVUTS", limit: 2) == 3)
    }

    @Test func confusedCharactersMatchExactly() {
        let matcher = PHITokenMatcher(tokens: ["DOE^JOHN", "OBRIEN", "ID:5550018"])
        #expect(matcher.match("D0E") == "DOE")          // O read as 0; short token, exact after folding
        #expect(matcher.match("J0HN") == "JOHN")
        #expect(matcher.match("0BRlEN") == "OBRIEN")    // O→0 and I→l
        #expect(matcher.match("555OO18") == "5550018")  // 0→O
        #expect(matcher.match("SSS0018") == "5550018")  // 5→S
        #expect(matcher.match("doe") == "DOE")          // case
    }

    @Test func distanceDependsOnTokenLength() {
        let matcher = PHITokenMatcher(tokens: ["DOE", "MARIA", "SMITHERSON"])
        // Shorter than 5: exact only.
        #expect(matcher.match("DOF") == nil)
        // 5–7 characters: one edit.
        #expect(matcher.match("MARLA") == "MARIA" || matcher.match("MARLA") == nil)  // I and L fold together
        #expect(matcher.match("MARXA") == "MARIA")
        #expect(matcher.match("MXRXA") == nil)
        // 8 or more: two edits.
        #expect(matcher.match("SMlTHERS0N") == "SMITHERSON")
        #expect(matcher.match("SMXTHERSOX") == "SMITHERSON")
        #expect(matcher.match("SMXTXERSOX") == nil)
    }

    @Test func splitsTextAndTokensOnSeparators() {
        let matcher = PHITokenMatcher(tokens: ["DOE^JOHN"])
        #expect(matcher.match("Name:DOE") == "DOE")
        #expect(matcher.match("DOE^JOHN") != nil)
        #expect(matcher.match("DOEJOHN") == "DOEJOHN")
        #expect(matcher.match("Thorax") == nil)
        #expect(PHITokenMatcher(tokens: []).isEmpty)
    }
}

@Suite struct PatternTests {
    @Test(arguments: ["2023-04-12", "12/04/2023", "04.12.1961", "19610412", "12-Apr-2023", "1987/11/30", "3 MAR 98", "12APR2023", "Date:2023-04-12", "2O23-O4-l2", "12-Oct-2023", "3l/l2/2OO1"])
    func dates(_ text: String) {
        #expect(TextPatterns.isDate(text), "\(text)")
    }

    @Test(arguments: ["12345678", "Thorax", "20231399", "120kV", "2.5", "12:30"])
    func notDates(_ text: String) {
        #expect(!TextPatterns.isDate(text), "\(text)")
    }

    @Test func identifiers() {
        #expect(TextPatterns.isIdentifier("12345678"))
        #expect(TextPatterns.isIdentifier("MRN:884213"))
        #expect(TextPatterns.isIdentifier("A0049217"))
        #expect(!TextPatterns.isIdentifier("1234"))
        #expect(!TextPatterns.isIdentifier("ABCDE1"))
        #expect(!TextPatterns.isIdentifier("Radiology"))
    }

    @Test func classifierOrder() {
        let classifier = FindingClassifier(phiTokens: ["DOE^JOHN", "19610412", "PID12345"])
        #expect(classifier.classify(text: "D0E").0 == .phi)
        #expect(classifier.classify(text: "19610412").0 == .phi)    // harvested: PHI before pattern
        #expect(classifier.classify(text: "2023-04-12").0 == .date)
        #expect(classifier.classify(text: "PID12346").0 == .phi)    // one edit from an 8-character token
        #expect(classifier.classify(text: "99887766").0 == .id)
        #expect(classifier.classify(text: "Abdomen").0 == .text)
        let finding = classifier.classify(TextFinding(frame: 2, box: PixelRect(x: 1, y: 1, width: 5, height: 5), text: "JOHN", confidence: 90))
        #expect(finding.findingClass == .phi)
        #expect(finding.matchedToken == "JOHN")
        #expect(finding.frame == 2)
    }
}

@Suite struct AllowListTests {
    @Test func standardAnnotation() {
        let list = AnnotationAllowList.standard
        for word in ["L", "R", "AP", "PA", "LAT", "LATERAL", "cm", "mm", "kV", "mAs", "HU", "SUPINE", "PRONE", "(R)", "L."] {
            #expect(list.allows(word), "\(word)")
        }
        for word in ["5cm", "120kV", "2.5mm", "300mAs"] {
            #expect(list.allows(word), "\(word)")
        }
        // OCR glues a letter to a date or number: that is no measurement.
        for word in ["DOE", "12345", "cmx", "Thorax", "", "04.12.1961A", "1961A", "12.04.2023mm", "556677L"] {
            #expect(!list.allows(word), "\(word)")
        }
        #expect(list.adding(["PORTABLE", "WB"]).allows("wb"))
        var strict = AnnotationAllowList.standard
        strict.allowsMeasurements = false
        #expect(!strict.allows("5cm"))
    }

    @Test func phiIsNeverAllowListed() {
        // A patient whose name is an allow-listed word is still PHI.
        let classifier = FindingClassifier(phiTokens: ["LAT"])
        let finding = classifier.classify(TextFinding(frame: 0, box: PixelRect(x: 0, y: 0, width: 4, height: 4), text: "LAT", confidence: 90))
        #expect(finding.findingClass == .phi)
        #expect(!finding.isAllowListed)
        let plain = FindingClassifier(phiTokens: []).classify(finding)
        #expect(plain.isAllowListed)
    }
}

@Suite struct MaskPolicyTests {
    func finding(_ text: String, _ box: PixelRect, _ kind: FindingClass, allowListed: Bool = false, confidence: Double = 90) -> TextFinding {
        TextFinding(frame: 1, box: box, text: text, confidence: confidence, findingClass: kind, isAllowListed: allowListed)
    }

    @Test func padsAndClipsToTheImage() {
        let masks = MaskPolicy().masks(
            for: [finding("DOE", PixelRect(x: 1, y: 2, width: 20, height: 10), .phi),
                  finding("X", PixelRect(x: 95, y: 45, width: 10, height: 10), .text)],
            width: 100, height: 50)
        #expect(masks == [
            MaskRect(frame: 1, x: 0, y: 0, width: 24, height: 15),
            MaskRect(frame: 1, x: 92, y: 42, width: 8, height: 8),
        ])
    }

    @Test func allowListedAnnotationIsNotMaskedByDefault() {
        let items = [
            finding("L", PixelRect(x: 10, y: 10, width: 5, height: 8), .text, allowListed: true),
            finding("Hospital", PixelRect(x: 30, y: 10, width: 40, height: 8), .text),
        ]
        var policy = MaskPolicy()
        #expect(policy.masks(for: items, width: 100, height: 100).count == 1)
        policy.masksAllowListed = true
        #expect(policy.masks(for: items, width: 100, height: 100).count == 2)
    }

    @Test func anAllowListedFragmentOfAWordIsMasked() {
        // OCR read "Contrast" as "C" and left the rest unread: the "C" is no annotation marker.
        let items = [
            finding("C", PixelRect(x: 10, y: 10, width: 12, height: 18), .text, allowListed: true),
            finding("", PixelRect(x: 25, y: 10, width: 60, height: 18), .text, confidence: 0),
            // A marker that stands apart keeps its exemption.
            finding("R", PixelRect(x: 10, y: 60, width: 12, height: 18), .text, allowListed: true),
            finding("Thorax", PixelRect(x: 60, y: 60, width: 50, height: 18), .text),
        ]
        let masks = MaskPolicy().masks(for: items, width: 200, height: 100)
        #expect(masks.map(\.x).sorted() == [7, 22, 57])
    }

    @Test func classesAndConfidence() {
        let items = [
            finding("DOE", PixelRect(x: 0, y: 0, width: 5, height: 5), .phi, confidence: 10),
            finding("2023-01-01", PixelRect(x: 10, y: 0, width: 5, height: 5), .date),
            finding("Thorax", PixelRect(x: 20, y: 0, width: 5, height: 5), .text, confidence: 10),
        ]
        var policy = MaskPolicy()
        policy.maskedClasses = [.phi, .date]
        policy.minimumConfidence = 50
        policy.padding = 0
        let masks = policy.masks(for: items, width: 100, height: 100)
        // PHI is masked whatever its confidence; low-confidence plain text is not.
        #expect(masks.map(\.x) == [0, 10])
    }

    @Test func ultrasoundAnnotationOutsideRegionsIsAlwaysMasked() {
        let regions = UltrasoundRegions(regions: [PixelRect(x: 100, y: 50, width: 400, height: 400)])
        let inside = finding("L", PixelRect(x: 200, y: 200, width: 8, height: 10), .text, allowListed: true)
        let outside = finding("R", PixelRect(x: 10, y: 10, width: 8, height: 10), .text, allowListed: true)
        let straddling = finding("12cm", PixelRect(x: 90, y: 60, width: 40, height: 10), .text, allowListed: true)
        let marked = regions.mark([inside, outside, straddling])
        #expect(marked.map(\.isOutsideUltrasoundRegions) == [false, true, false])
        let masks = MaskPolicy().masks(for: marked, width: 640, height: 480)
        #expect(masks.count == 1)
        #expect(masks.first?.x == 7)
        // No regions: nothing is marked.
        #expect(UltrasoundRegions(regions: []).mark([outside]).first?.isOutsideUltrasoundRegions == false)
        // Overlapping regions are not counted twice.
        let twice = UltrasoundRegions(regions: [PixelRect(x: 0, y: 0, width: 10, height: 10), PixelRect(x: 0, y: 0, width: 10, height: 10)])
        #expect(twice.isOutside(PixelRect(x: 6, y: 0, width: 10, height: 10)))
    }
}

@Suite struct ImageTests {
    @Test func rejectsInconsistentBuffers() {
        #expect(throws: TextDetectionError.invalidImage(width: 4, height: 4, pixelCount: 15)) {
            _ = try TextImage(width: 4, height: 4, pixels: [UInt8](repeating: 0, count: 15))
        }
        #expect(throws: TextDetectionError.self) { _ = try TextImage(width: 0, height: 4, pixels: []) }
        #expect(throws: TextDetectionError.self) { _ = try TextImage(width: -2, height: -2, pixels: [0, 0, 0, 0]) }
    }

    @Test func candidateStageOnBlankAndTinyImages() throws {
        let finder = TextCandidateFinder()
        #expect(finder.candidates(in: try TextImage(width: 1, height: 1, pixels: [7])).isEmpty)
        #expect(finder.candidates(in: try TextImage(width: 64, height: 64, pixels: [UInt8](repeating: 255, count: 64 * 64))).isEmpty)
        // A checkerboard of single pixels: high contrast, nothing text-sized.
        var checker = [UInt8](repeating: 0, count: 128 * 128)
        for index in checker.indices where (index % 128 + index / 128) % 2 == 1 { checker[index] = 255 }
        #expect(finder.candidates(in: try TextImage(width: 128, height: 128, pixels: checker)).isEmpty)
    }
}

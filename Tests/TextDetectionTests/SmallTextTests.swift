import DicomCore
import Testing
@testable import TextDetection

/// The candidate stage on small built images of small text where the wide window misleads it:
/// dark letters on a small light label over a dark image, light letters over a gradient.
struct SmallTextTests {
    /// Strokes of a 5 × 9 block font ("#" is ink), letters 7 pixels apart.
    static let font: [Character: [String]] = [
        "H": ["#...#", "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#", "#...#"],
        "E": ["#####", "#....", "#....", "#....", "####.", "#....", "#....", "#....", "#####"],
        "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#....", "#....", "#####"],
        "N": ["#...#", "##..#", "##..#", "#.#.#", "#.#.#", "#..##", "#..##", "#...#", "#...#"],
    ]

    /// True when `text`, drawn from (`left`, `top`), has ink at (x, y); `bold` doubles each column.
    static func ink(_ text: String, left: Int, top: Int, x: Int, y: Int, bold: Bool = false) -> Bool {
        let row = y - top, offset = (x - left) / (bold ? 2 : 1)
        guard row >= 0, row < 9, x >= left else { return false }
        let index = offset / 7, column = offset % 7
        guard index < text.count, column < 5 else { return false }
        let letter = text[text.index(text.startIndex, offsetBy: index)]
        guard let rows = font[letter] else { return false }
        return Array(rows[row])[column] == "#"
    }

    @Test func darkLettersOnASmallLightLabelAreFound() throws {
        // A dark image with a light label (235) in its top right corner, letters of grey 100 on it:
        // the window around them is mostly the dark ground, so they hardly differ from its mean.
        let text = "HELEN", left = 104, top = 16
        let image = try OverlayLinesTests.image(170, 80) { x, y in
            let onLabel = x >= 98 && x < 146 && y >= 10 && y < 31
            guard onLabel else { return 6 + OverlayLinesTests.noise(x, y, amplitude: 4) }
            return Self.ink(text, left: left, top: top, x: x, y: y) ? 100 : 235 + OverlayLinesTests.noise(x, y, amplitude: 3)
        }
        let word = PixelRect(x: left, y: top, width: 7 * text.count - 2, height: 9)
        let found = TextCandidateFinder().candidates(in: image)
        #expect(found.contains { !$0.isBrightInk && $0.box.contains(word) }, "\(found)")
        // Without the label rule the letters are not found (the test shows the case it is for).
        var settings = CandidateSettings()
        settings.labelFill = 2
        let without = TextCandidateFinder(settings: settings).candidates(in: image)
        #expect(!without.contains { $0.box.intersects(word) }, "\(without)")
    }

    @Test func aLabelWithoutLettersAndADiscGiveNothing() throws {
        // A plain light label and a light disc on a dark ground: no holes, no ink of the other kind.
        let image = try OverlayLinesTests.image(170, 80) { x, y in
            let onLabel = x >= 98 && x < 146 && y >= 10 && y < 31
            let inDisc = (x - 40) * (x - 40) + (y - 40) * (y - 40) <= 14 * 14
            let base = onLabel || inDisc ? 235 : 6
            return base + OverlayLinesTests.noise(x, y, amplitude: 4)
        }
        let analysis = TextCandidateFinder().analyze(image)
        #expect(analysis.candidates.isEmpty)
        // No ink is added inside the label or around the disc: the masks are those without the rule.
        var settings = CandidateSettings()
        settings.labelFill = 2
        let without = TextCandidateFinder(settings: settings).analyze(image)
        #expect(analysis.ink.darkMask == without.ink.darkMask)
        #expect(analysis.ink.brightMask == without.ink.brightMask)
    }

    @Test func lightLettersAtTheBrightEndOfAGradientKeepTheirInk() throws {
        // Two lines of bold light letters (175) on a ground rising from 20 by one grey level every
        // two pixels: at the end of the lines they stand out from the ground by 50, and the wide
        // window's mean there is raised by the letters of both lines. The ground along a line is
        // followed, so its spread along the line is no noise and its far end no change of ground.
        let text = "HELLNHELLNHELLN", left = 4, tops = [20, 34]
        let image = try OverlayLinesTests.image(260, 70) { x, y in
            tops.contains { Self.ink(text, left: left, top: $0, x: x, y: y, bold: true) } ? 175 : 20 + x / 2
        }
        let analysis = TextCandidateFinder().analyze(image)
        // The last letter (an "N", x 200–209) is inside the lines and its ink is in the mask.
        let last = left + 14 * (text.count - 1)
        let lines = analysis.candidates.filter(\.isBrightInk).flatMap(\.lines)
        for top in tops {
            #expect(lines.contains { $0.contains(x: last + 8, y: top + 4) }, "\(lines)")
            var inked = 0, strokes = 0
            for y in top..<(top + 9) {
                for x in last..<(last + 10) where Self.ink(text, left: left, top: top, x: x, y: y, bold: true) {
                    strokes += 1
                    if analysis.ink.brightMask[y * image.width + x] != 0 { inked += 1 }
                }
            }
            #expect(inked * 10 >= strokes * 9, "\(inked) of \(strokes) stroke pixels of the last letter")
        }
    }
}

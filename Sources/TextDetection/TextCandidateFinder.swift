/// The fast candidate stage: finds regions that look like lines of text, so that OCR runs only there.
///
/// Steps: a local-contrast binarization (bright ink and dark ink separately, from an integral
/// image), run-based connected components, a glyph filter (height, thin strokes, not a solid
/// bar), grouping of glyphs of similar height into horizontal lines, and merging of padded
/// line boxes. A line needs at least two non-solid glyphs, or one wide glyph crossed by
/// several strokes (touching letters), so rulers, grids, phantoms and noise give nothing in
/// the common case.
public struct TextCandidateFinder: Sendable {
    public var settings: CandidateSettings

    public init(settings: CandidateSettings = CandidateSettings()) {
        self.settings = settings
    }

    /// Candidate regions, padded and clipped to the image, in reading order (top to bottom).
    public func candidates(in image: TextImage) -> [TextCandidate] {
        analyze(image).candidates
    }

    /// The candidates and the ink analysis behind them (the masks feed the OCR input).
    func analyze(_ image: TextImage) -> (candidates: [TextCandidate], ink: InkRuns) {
        let runs = InkRuns(
            image: image, threshold: settings.contrastThreshold, radius: settings.windowRadius,
            maxLine: settings.maxGlyphHeight)
        var lines: [TextCandidate] = []
        for (polarity, isBright) in [(runs.bright, true), (runs.dark, false)] {
            var glyphs: [Glyph] = []
            for var glyph in Glyph.components(of: polarity, in: runs) where isGlyph(glyph) {
                guard let contrast = contrast(of: glyph, bright: isBright, in: runs) else { continue }
                glyph.contrast = contrast
                glyphs.append(glyph)
            }
            for k in glyphs.indices {
                glyphs[k].sharpness = sharpness(of: glyphs[k], bright: isBright, image: image, runs: runs)
            }
            lines += textLines(glyphs, bright: isBright, mask: isBright ? runs.brightMask : runs.darkMask, width: image.width)
        }
        return (CandidateRegions.merge(lines, within: image.bounds), runs)
    }

    private func isGlyph(_ glyph: Glyph) -> Bool {
        let height = glyph.box.height, width = glyph.box.width
        guard height >= settings.minGlyphHeight, height <= settings.maxGlyphHeight else { return false }
        // Wide components are allowed: letters that touch merge into one.
        guard width <= height * 24 else { return false }
        // A bar with things attached (a grid or ruler line between crossings): one run spans it.
        if width * 2 >= height * 3, glyph.longestRun * 10 >= width * 8 { return false }
        let meanRun = Double(glyph.area) / Double(glyph.runCount)
        // Strokes of a font thicken with its size; a tall shape of hairlines is a grid or an outline.
        guard meanRun >= settings.minStrokeRatio * Double(height) else { return false }
        return meanRun <= settings.maxStrokeRatio * Double(height) + 1.5
    }

    /// The contrast of a glyph's ink with what lies just above and below its box, or nil when it
    /// does not stand out. This rejects the "halo" that local contrast leaves around bright
    /// objects: background pixels that only look dark next to them.
    private func contrast(of glyph: Glyph, bright: Bool, in runs: InkRuns) -> Double? {
        // Above and below separately: a halo lies on one side of the object that causes it.
        let box = glyph.box
        let above = PixelRect(x: box.x, y: box.y - 2, width: box.width, height: 2)
        let below = PixelRect(x: box.x, y: box.maxY, width: box.width, height: 2)
        var contrasts: [Double] = []
        for strip in [above, below] {
            guard let mean = runs.mean(of: strip) else { continue }
            let contrast = bright ? glyph.inkMean - mean : mean - glyph.inkMean
            guard contrast >= Double(settings.contrastThreshold) else { return nil }
            contrasts.append(contrast)
        }
        guard let lowest = contrasts.min() else { return nil }
        // And at one end at least: a dark gap between two bright structures (the black between a
        // body and the table) runs on into more of the same at both ends.
        let leftStrip = PixelRect(x: box.x - 2, y: box.y, width: 2, height: box.height)
        let rightStrip = PixelRect(x: box.maxX, y: box.y, width: 2, height: box.height)
        let ends = [leftStrip, rightStrip].compactMap { runs.mean(of: $0) }
        guard ends.isEmpty || ends.contains(where: { mean in
            (bright ? glyph.inkMean - mean : mean - glyph.inkMean) >= Double(settings.contrastThreshold) * 0.5
        }) else { return nil }
        return lowest
    }

    /// How sharp a glyph's edges are: (ink mean − surround) / (extreme − surround), with the
    /// surround one pixel around the box. Rendered text has nearly uniform ink with a steep edge
    /// (about 0.7–0.9); blurred anatomy (bones, vessels) ramps up slowly (about 0.4–0.6).
    private func sharpness(of glyph: Glyph, bright: Bool, image: TextImage, runs: InkRuns) -> Double {
        guard let surround = runs.surroundMean(of: glyph.box, thickness: 1) else { return 1 }
        var extreme = bright ? 0 : 255
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in glyph.box.y..<glyph.box.maxY {
                let row = y * image.width
                for x in glyph.box.x..<glyph.box.maxX {
                    let v = Int(pixels[row + x])
                    extreme = bright ? max(extreme, v) : min(extreme, v)
                }
            }
        }
        let span = abs(Double(extreme) - surround)
        guard span > 0 else { return 0 }
        return abs(glyph.inkMean - surround) / span
    }

    private func isSolid(_ glyph: Glyph) -> Bool {
        Double(glyph.area) >= settings.solidFill * Double(glyph.box.area)
    }

    /// Groups glyphs into lines and keeps the lines that look like text, padded.
    private func textLines(_ glyphs: [Glyph], bright: Bool, mask: [UInt8], width: Int) -> [TextCandidate] {
        guard !glyphs.isEmpty else { return [] }
        let sorted = glyphs.sorted { $0.box.x < $1.box.x }
        var sets = DisjointSets(count: sorted.count)
        let maxHeight = settings.maxGlyphHeight
        for i in sorted.indices {
            let a = sorted[i].box
            var j = i + 1
            // Sorted by left edge: once a glyph starts beyond any possible gap, stop.
            while j < sorted.count, sorted[j].box.x <= a.maxX + Int(settings.maxGapRatio * Double(maxHeight)) {
                if sameLine(a, sorted[j].box) { sets.union(i, j) }
                j += 1
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in sorted.indices { groups[sets.find(i), default: []].append(i) }
        var lines: [TextCandidate] = []
        for members in groups.values {
            let parts = members.map { sorted[$0] }
            guard looksLikeText(parts) else { continue }
            let lineHeight = parts.map(\.box.height).max() ?? parts[0].box.height
            let box = extend(parts.dropFirst().reduce(parts[0].box) { $0.union($1.box) }, mask: mask, width: width)
            let pad = max(2, Int((settings.paddingRatio * Double(lineHeight)).rounded(.up)))
            lines.append(TextCandidate(box: box.padded(by: pad), isBrightInk: bright, glyphHeight: lineHeight, lines: [box]))
        }
        return lines
    }

    /// Grows a line box sideways over ink that continues the line: letters that touch a
    /// larger structure (an outline, a bar) are not glyphs of their own but still belong to it.
    /// A column counts as ink when it holds at least two ink pixels within the line's rows;
    /// growth stops after a gap of more than 0.6 × height, or 8 × height in all (letters of a
    /// whole word can be joined to a curve that crosses them, like a phantom's outline).
    private func extend(_ box: PixelRect, mask: [UInt8], width: Int) -> PixelRect {
        let height = box.height
        let maxGap = max(2, height * 3 / 5), maxReach = 8 * height
        func inkColumn(_ x: Int) -> Bool {
            var count = 0
            for y in box.y..<box.maxY where mask[y * width + x] != 0 {
                count += 1
                if count >= 2 { return true }
            }
            return false
        }
        var left = box.x, gap = 0, x = box.x - 1
        while x >= 0, box.x - x <= maxReach, gap <= maxGap {
            if inkColumn(x) { left = x; gap = 0 } else { gap += 1 }
            x -= 1
        }
        var right = box.maxX
        gap = 0
        x = box.maxX
        while x < width, x - box.maxX < maxReach, gap <= maxGap {
            if inkColumn(x) { right = x + 1; gap = 0 } else { gap += 1 }
            x += 1
        }
        return PixelRect(x: left, y: box.y, width: right - left, height: box.height)
    }

    /// Neighbours on one line: similar height, overlapping vertically, a small horizontal gap.
    private func sameLine(_ a: PixelRect, _ b: PixelRect) -> Bool {
        let high = max(a.height, b.height), low = min(a.height, b.height)
        guard Double(high) <= settings.maxHeightRatio * Double(low) else { return false }
        let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
        guard Double(overlap) >= 0.5 * Double(low) else { return false }
        let gap = max(a.x, b.x) - min(a.maxX, b.maxX)
        return Double(gap) <= settings.maxGapRatio * Double(high)
    }

    private func looksLikeText(_ parts: [Glyph]) -> Bool {
        let open = parts.filter { !isSolid($0) }
        // Blurred structures are not rendered text.
        let sharpness = open.map(\.sharpness).sorted()
        if !sharpness.isEmpty, sharpness[sharpness.count / 2] < settings.minSharpness { return false }
        // Text is drawn in one colour: at least two glyphs agree on their contrast (a bright
        // band along an organ's edge next to a bone does not).
        if open.count >= 2 {
            let contrasts = open.map(\.contrast).sorted()
            let median = contrasts[contrasts.count / 2]
            guard contrasts.filter({ abs($0 - median) <= 0.35 * median }).count >= 2 else { return false }
        }
        // Mostly solid bars with a ring or two (a phantom's bar pattern) is not text.
        if open.count >= 2 { return open.count * 2 >= parts.count }
        // One wide component crossed by several strokes per row: letters that touch.
        guard parts.count == 1, let only = open.first else { return false }
        // A bar with teeth (a ruler: base line and ticks) has one run across most of its width.
        guard only.longestRun * 10 < only.box.width * 7 else { return false }
        let runsPerRow = Double(only.runCount) / Double(only.box.height)
        return only.box.width >= only.box.height * 3 / 2 && runsPerRow >= 3
    }
}

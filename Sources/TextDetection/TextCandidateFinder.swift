import DicomCore

/// The fast candidate stage: finds regions that look like lines of text, so that OCR runs only there.
///
/// Steps: thin straight lines drawn over the image (grids, graticules) painted out
/// (`OverlayLines`), a local-contrast binarization (bright ink and dark ink separately, from an integral
/// image), run-based connected components (and the text bands cut out of components far larger
/// than a glyph, see `TextBands`; the holes of a small label become ink of the other polarity,
/// see `TextLabels`), a glyph filter (height, thin strokes, not a solid bar),
/// grouping of glyphs of similar height into horizontal lines (with lone glyphs level with a
/// line), a second binarization around each line on its own scale (`LineInk`), growth of each
/// line over ink that continues it, and merging of padded line boxes. A line needs at least two
/// sharp, non-solid glyphs, or one wide glyph crossed by several strokes in rows that span most
/// of it (touching letters), so rulers, grids, phantoms and noise give nothing in the common case.
public struct TextCandidateFinder: Sendable {
    public var settings: CandidateSettings

    public init(settings: CandidateSettings = CandidateSettings()) {
        self.settings = settings
    }

    /// Candidate regions, padded and clipped to the image, in reading order (top to bottom).
    public func candidates(in image: TextImage) -> [TextCandidate] {
        analyze(image).candidates
    }

    /// The candidates, the ink analysis behind them (the masks feed the OCR input) and the image
    /// it was made on: `image` with its overlay lines painted out (see `OverlayLines`).
    func analyze(_ original: TextImage) -> (candidates: [TextCandidate], ink: InkRuns, image: TextImage) {
        let image = settings.removesOverlayLines ? OverlayLines().removing(from: original) ?? original : original
        var runs = InkRuns(
            image: image, threshold: settings.contrastThreshold, radius: settings.windowRadius,
            maxLine: settings.maxGlyphHeight)
        // Letters on a label are holes in the label's component: they become ink of the other polarity.
        var labelledBy: [Bool: (glyphs: [Glyph], labels: [Int32])] = [:]
        for isBright in [true, false] {
            labelledBy[isBright] = Glyph.labelledComponents(of: isBright ? runs.bright : runs.dark, in: runs)
        }
        for isBright in [true, false] {
            guard let labelled = labelledBy[isBright] else { continue }
            let marked = isBright
                ? TextLabels.markLetters(
                    of: labelled.glyphs, runs: runs.bright, labels: labelled.labels, image: image, bright: true,
                    into: &runs.darkMask, threshold: settings.contrastThreshold,
                    minHeight: settings.minGlyphHeight + 4, maxHeight: 2 * settings.maxGlyphHeight,
                    minFill: settings.labelFill)
                : TextLabels.markLetters(
                    of: labelled.glyphs, runs: runs.dark, labels: labelled.labels, image: image, bright: false,
                    into: &runs.brightMask, threshold: settings.contrastThreshold,
                    minHeight: settings.minGlyphHeight + 4, maxHeight: 2 * settings.maxGlyphHeight,
                    minFill: settings.labelFill)
            if marked {
                runs.rebuildRuns(bright: !isBright, maxLine: settings.maxGlyphHeight)
                labelledBy[!isBright] = Glyph.labelledComponents(of: isBright ? runs.dark : runs.bright, in: runs)
            }
        }
        var lines: [TextCandidate] = []
        for isBright in [true, false] {
            var glyphs: [Glyph] = []
            let list = isBright ? runs.bright : runs.dark
            let labelled = labelledBy[isBright] ?? Glyph.labelledComponents(of: list, in: runs)
            var components = labelled.glyphs
            let found = components.count
            // Letters joined to a long curve: look for text bands in components far larger than a glyph.
            for k in 0..<found where components[k].box.height > settings.maxGlyphHeight
                || components[k].box.width > 24 * components[k].box.height {
                let component = components[k]
                components += TextBands.glyphs(
                    inComponent: Int32(k), box: component.box, of: list, labels: labelled.labels, in: runs,
                    minHeight: settings.minGlyphHeight, maxHeight: settings.maxGlyphHeight)
            }
            for var glyph in components where isGlyph(glyph) {
                guard let contrast = contrast(of: glyph, bright: isBright, in: runs) else { continue }
                glyph.contrast = contrast
                glyphs.append(glyph)
            }
            for k in glyphs.indices {
                glyphs[k].sharpness = sharpness(of: glyphs[k], bright: isBright, image: image, runs: runs)
            }
            for parts in textLines(glyphs) {
                let lineHeight = parts.map(\.box.height).max() ?? parts[0].box.height
                var box = parts.dropFirst().reduce(parts[0].box) { $0.union($1.box) }
                refine(box, height: lineHeight, bright: isBright, image: image, runs: &runs)
                box = extend(box, mask: isBright ? runs.brightMask : runs.darkMask, width: image.width)
                let pad = max(2, Int((settings.paddingRatio * Double(lineHeight)).rounded(.up)))
                lines.append(TextCandidate(box: box.padded(by: pad), isBrightInk: isBright, glyphHeight: lineHeight, lines: [box]))
            }
        }
        return (CandidateRegions.merge(lines, within: image.bounds), runs, image)
    }

    /// Binarizes a text line's neighbourhood again on the line's own scale (see `LineInk`): its
    /// rows, and `lineReachRatio` × its height on either side. The ground is sampled in two rows
    /// above and two below the line; its level at each column is the mean of those samples within
    /// one line height (the ground may change slowly along the line: a gradient), and beyond the
    /// line's ends that of its nearest end. The threshold is the candidate stage's, or four times
    /// the noise of the ground about that level when that is more.
    private func refine(_ box: PixelRect, height: Int, bright: Bool, image: TextImage, runs: inout InkRuns) {
        let reach = Int((settings.lineReachRatio * Double(height)).rounded())
        let zone = PixelRect(x: box.x - reach, y: box.y - 1, width: box.width + 2 * reach, height: box.height + 2)
            .intersection(image.bounds)
        let sampleRows = [box.y - 3, box.y - 2, box.maxY + 1, box.maxY + 2].filter { $0 >= 0 && $0 < image.height }
        guard !sampleRows.isEmpty, !box.isEmpty, !zone.isEmpty else { return }
        // Column sums of the ground samples, then a running window of ± one line height.
        var prefix = [Double](repeating: 0, count: box.width + 1)
        for x in box.x..<box.maxX {
            let column = sampleRows.reduce(0) { $0 + Double(image.pixels[$1 * image.width + x]) }
            prefix[x - box.x + 1] = prefix[x - box.x] + column
        }
        func level(_ x: Int) -> Double {
            let c = min(max(x, box.x), box.maxX - 1) - box.x
            let lo = max(0, c - height), hi = min(box.width, c + height + 1)
            return (prefix[hi] - prefix[lo]) / Double((hi - lo) * sampleRows.count)
        }
        let ground = (zone.x..<zone.maxX).map(level)
        var squares = 0.0
        for y in sampleRows {
            for x in box.x..<box.maxX {
                let residual = Double(image.pixels[y * image.width + x]) - ground[x - zone.x]
                squares += residual * residual
            }
        }
        let samples = sampleRows.count * box.width
        guard samples > 1 else { return }
        let noise = (squares / Double(samples - 1)).squareRoot()
        let threshold = max(settings.contrastThreshold, Int((4 * noise).rounded(.up)))
        let radius = max(2, height / 4)
        if bright {
            LineInk.refine(&runs.brightMask, image: image, zone: zone, radius: radius, threshold: threshold,
                           ground: ground, bright: true, longestRun: 3 * height)
        } else {
            LineInk.refine(&runs.darkMask, image: image, zone: zone, radius: radius, threshold: threshold,
                           ground: ground, bright: false, longestRun: 3 * height)
        }
    }

    private func isGlyph(_ glyph: Glyph) -> Bool {
        let height = glyph.box.height, width = glyph.box.width
        guard height >= settings.minGlyphHeight, height <= settings.maxGlyphHeight else { return false }
        // Wide components are allowed: letters that touch merge into one.
        guard width <= height * 24 else { return false }
        // A bar with things attached (a grid or ruler line between crossings): one run spans it.
        if width * 2 >= height * 3, glyph.longestRun * 10 >= width * 8 { return false }
        // An arc (the flat part of an outline, cut off by line removal): more than twice as wide
        // as tall, about one run per row, and each row spans little of the width. Letters that
        // touch cross each row several times.
        if width >= 2 * height, glyph.runCount * 2 <= height * 3, glyph.rowSpanSum * 2 < width * height { return false }
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
        guard Double(glyph.area) >= settings.solidFill * Double(glyph.box.area) else { return false }
        // A small compact blob is a letter whose counters closed up in binarization (an "e" of a
        // small font), not a bar: bars and ticks are thin, blocks are large.
        let box = glyph.box
        return min(box.width, box.height) <= 3 || max(box.width, box.height) > 8
    }

    /// Groups glyphs into lines and keeps the groups that look like text, each with the lone
    /// glyphs that continue it.
    private func textLines(_ glyphs: [Glyph]) -> [[Glyph]] {
        var accepted: [[Glyph]] = []
        var left: [Glyph] = []
        for parts in lineGroups(glyphs) {
            // A glyph far taller than the line's own (a bright disc behind the text, joined
            // through a letter that touches it) is not part of it: the rest is grouped again.
            let (kept, outliers) = withoutTallOutliers(parts)
            left += outliers
            for group in outliers.isEmpty ? [parts] : lineGroups(kept) {
                if looksLikeText(group) { accepted.append(group) } else { left += group }
            }
        }
        return accepted.map { attachLoneGlyphs(to: $0, from: &left) }
    }

    /// Glyphs joined into groups of neighbours on one line (see `sameLine`), each group in
    /// left-to-right order, the groups in the order of their leftmost glyph.
    private func lineGroups(_ glyphs: [Glyph]) -> [[Glyph]] {
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
        return groups.values.sorted(by: { $0[0] < $1[0] }).map { $0.map { sorted[$0] } }
    }

    /// Splits a group of three or more glyphs into those of the line's height and those taller
    /// than `maxHeightRatio` × its median height. Neighbours may differ by that ratio, so a chain
    /// through one letter merged with something (a "7" touching a disc) can pull in far more.
    private func withoutTallOutliers(_ parts: [Glyph]) -> (kept: [Glyph], outliers: [Glyph]) {
        guard parts.count >= 3 else { return (parts, []) }
        let heights = parts.map(\.box.height).sorted()
        let limit = settings.maxHeightRatio * Double(heights[heights.count / 2])
        var kept: [Glyph] = [], outliers: [Glyph] = []
        for glyph in parts {
            if Double(glyph.box.height) > limit { outliers.append(glyph) } else { kept.append(glyph) }
        }
        return (kept, outliers)
    }

    /// Adds to a text line the glyphs that no line took but that continue it: level with the line
    /// (most rows shared, and the top or the bottom within a fifth of its height), of a similar
    /// height and contrast, within `loneGapRatio` × its height of its ends (repeatedly, so
    /// a run of them joins). Words split by small marks that are no glyphs (a hyphen, a dot, a
    /// broken stroke) then stay one line: "12-Apr-2023" in a small font is three groups.
    private func attachLoneGlyphs(to parts: [Glyph], from left: inout [Glyph]) -> [Glyph] {
        var parts = parts
        let open = parts.filter { !isSolid($0) }
        guard !open.isEmpty, !left.isEmpty else { return parts }
        let heights = open.map(\.box.height).sorted()
        let height = heights[heights.count / 2]
        let contrasts = open.map(\.contrast).sorted()
        let contrast = contrasts[contrasts.count / 2]
        var box = parts.dropFirst().reduce(parts[0].box) { $0.union($1.box) }
        let tolerance = max(1, height / 5)
        var added = true
        while added {
            added = false
            for k in left.indices.reversed() {
                let g = left[k], b = g.box
                guard !isSolid(g), abs(g.contrast - contrast) <= 0.35 * contrast else { continue }
                guard Double(max(b.height, height)) <= settings.maxHeightRatio * Double(min(b.height, height)) else { continue }
                let overlap = min(b.maxY, box.maxY) - max(b.y, box.y)
                guard overlap * 10 >= min(b.height, box.height) * 7,
                      abs(b.y - box.y) <= tolerance || abs(b.maxY - box.maxY) <= tolerance else { continue }
                let gap = max(b.x, box.x) - min(b.maxX, box.maxX)
                guard Double(gap) <= settings.loneGapRatio * Double(height) else { continue }
                parts.append(g)
                box = box.union(b)
                left.remove(at: k)
                added = true
            }
        }
        return parts
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
        // Strokes one or two pixels wide and nothing else are ticks (a ruler's, with noise
        // grown onto them), not letters: a word has letters wider than that.
        if !open.isEmpty, open.allSatisfy({ $0.box.width <= 2 }) { return false }
        // Blurred structures are not rendered text.
        let sharpness = open.map(\.sharpness).sorted()
        if !sharpness.isEmpty, sharpness[(sharpness.count - 1) / 2] < settings.minSharpness { return false }
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
        guard only.box.width >= only.box.height * 3 / 2, runsPerRow >= 3 else { return false }
        // Letters side by side fill the width of most rows; a thin curve crosses each row in a short piece.
        return only.rowSpanSum * 2 >= only.box.width * only.box.height
    }
}

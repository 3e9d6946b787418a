import DicomCore

/// Text that touches a long curve (a phantom's rim, a body outline) along a word.
///
/// The letters join the curve into one component far larger than any glyph, so the candidate
/// stage would drop them with it. A curve crosses each row with about as much ink as its
/// neighbouring rows, in one run or two; a line of text crossed by it adds a band of rows with
/// much more, in short runs (strokes). Ink is counted per run up to `strokeCap` pixels, so a flat
/// stretch of the curve (long runs) does not make a band. Such a band is cut out of the
/// component, and its runs become components of their own (the letters, with the piece of curve
/// that crosses them) for the usual glyph and line tests.
enum TextBands {
    /// The components inside the text bands of component `label` of `runs` (`labels`: the
    /// component of each run), whose rows are `box.y..<box.maxY`. Bands are `minHeight` to
    /// `maxHeight` rows tall.
    /// The most pixels of one run that count towards a row's ink (a wide stroke).
    static let strokeCap = 6

    static func glyphs(
        inComponent label: Int32, box: PixelRect, of runs: RunList, labels: [Int32], in ink: InkRuns,
        minHeight: Int, maxHeight: Int
    ) -> [Glyph] {
        let rows = box.height
        var counts = [Int](repeating: 0, count: rows)
        for y in box.y..<box.maxY {
            for r in Int(runs.rowFirst[y])..<Int(runs.rowFirst[y + 1]) where labels[r] == label {
                counts[y - box.y] += min(strokeCap, Int(runs.end[r] - runs.start[r]))
            }
        }
        let bands = self.bands(in: counts, minHeight: minHeight, maxHeight: maxHeight)
        guard !bands.isEmpty else { return [] }
        var glyphs: [Glyph] = []
        for band in bands {
            var sub = RunList()
            sub.rowFirst.reserveCapacity(ink.height + 1)
            for y in 0..<ink.height {
                sub.rowFirst.append(Int32(sub.count))
                let inBand = y >= box.y + band.lowerBound && y < box.y + band.upperBound
                guard inBand else { continue }
                for r in Int(runs.rowFirst[y])..<Int(runs.rowFirst[y + 1]) where labels[r] == label {
                    sub.append(row: y, start: Int(runs.start[r]), end: Int(runs.end[r]))
                }
            }
            sub.rowFirst.append(Int32(sub.count))
            glyphs += Glyph.components(of: sub, in: ink)
        }
        return glyphs
    }

    /// Row ranges (relative to the first row) where the ink count stands well above the count a
    /// little above and below: at least twice the level around it and six pixels more, for
    /// `minHeight` to `maxHeight` rows. The level around a row is the median of the counts in the
    /// rows `maxHeight` above and below it; a band is grown over neighbouring rows that still
    /// stand out a little (ascenders, descenders).
    static func bands(in counts: [Int], minHeight: Int, maxHeight: Int) -> [Range<Int>] {
        let n = counts.count
        guard n > 0 else { return [] }
        let level = slidingMedian(counts, radius: maxHeight)
        func high(_ y: Int) -> Bool { counts[y] >= 2 * level[y] + 6 }
        func above(_ y: Int) -> Bool { counts[y] > level[y] + 2 }
        var bands: [Range<Int>] = []
        var y = 0
        while y < n {
            guard high(y) else { y += 1; continue }
            var end = y
            // One row that falls short (a gap between x-height and ascenders) does not end a band.
            while end < n, high(end) || (end + 1 < n && high(end + 1)) { end += 1 }
            var start = y
            while start > 0, above(start - 1), y - start < maxHeight / 4 { start -= 1 }
            var stop = end
            while stop < n, above(stop), stop - end < maxHeight / 4 { stop += 1 }
            if stop - start >= minHeight, stop - start <= maxHeight { bands.append(start..<stop) }
            y = stop + 1
        }
        return bands
    }

    /// The median of `values[y - radius ... y + radius]` (clipped) for every `y`, from a histogram
    /// of the window (values above 255 count as 255: a level that high makes no band anyway).
    static func slidingMedian(_ values: [Int], radius: Int) -> [Int] {
        let n = values.count
        var histogram = [Int](repeating: 0, count: 256)
        var inWindow = 0
        var result = [Int](repeating: 0, count: n)
        var low = 0, high = -1
        for y in 0..<n {
            let first = max(0, y - radius), last = min(n - 1, y + radius)
            while high < last { high += 1; histogram[min(255, values[high])] += 1; inWindow += 1 }
            while low < first { histogram[min(255, values[low])] -= 1; low += 1; inWindow -= 1 }
            // The value at sorted position inWindow / 2.
            var seen = 0, value = 0
            while value < 255, seen + histogram[value] <= inWindow / 2 { seen += histogram[value]; value += 1 }
            result[y] = value
        }
        return result
    }
}

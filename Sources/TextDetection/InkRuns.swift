import DicomCore

/// Horizontal runs of one ink polarity, row by row. A run covers columns `start..<end` of `row`.
struct RunList {
    var row: [Int32] = []
    var start: [Int32] = []
    var end: [Int32] = []
    /// `rowFirst[y]..<rowFirst[y + 1]` are the runs of row `y`.
    var rowFirst: [Int32] = []

    var count: Int { start.count }
}

/// Local-contrast binarization of a grey image into bright-ink and dark-ink runs.
///
/// A pixel is bright ink when it exceeds the mean of its `(2r+1)²` neighbourhood by more than
/// `threshold`, dark ink when it falls below it by more than `threshold`. The neighbourhood
/// mean comes from an integral image, so the cost does not depend on the radius.
struct InkRuns {
    var bright = RunList()
    var dark = RunList()
    /// Summed-area table, `(width + 1) × (height + 1)`, wrapping arithmetic (window sums stay exact).
    let integral: [UInt32]
    let width: Int
    let height: Int
    /// Ink masks (1 = ink) after line removal, row-major. The candidate finder adds the ink it
    /// finds around text lines (see `LineInk`).
    var brightMask: [UInt8] = []
    var darkMask: [UInt8] = []

    /// `maxLine`: ink streaks longer than this, horizontal or vertical, are lines, not text, and are dropped.
    init(image: TextImage, threshold: Int, radius: Int, maxLine: Int) {
        let width = image.width, height = image.height
        self.width = width
        self.height = height
        let stride = width + 1
        var integral = [UInt32](repeating: 0, count: stride * (height + 1))
        image.pixels.withUnsafeBufferPointer { src in
            integral.withUnsafeMutableBufferPointer { sum in
                for y in 0..<height {
                    var rowSum: UInt32 = 0
                    let srcRow = y * width, above = y * stride, here = (y + 1) * stride
                    for x in 0..<width {
                        rowSum &+= UInt32(src[srcRow + x])
                        sum[here + x + 1] = sum[above + x + 1] &+ rowSum
                    }
                }
            }
        }
        self.integral = integral
        // Ink masks: 1 where a pixel stands out from its neighbourhood mean.
        var brightMask = [UInt8](repeating: 0, count: width * height)
        var darkMask = [UInt8](repeating: 0, count: width * height)
        image.pixels.withUnsafeBufferPointer { src in
            integral.withUnsafeBufferPointer { sum in
                brightMask.withUnsafeMutableBufferPointer { brightOut in
                    darkMask.withUnsafeMutableBufferPointer { darkOut in
                        var columns = [UInt32](repeating: 0, count: stride)
                        columns.withUnsafeMutableBufferPointer { column in
                            for y in 0..<height {
                                let y0 = max(0, y - radius), y1 = min(height, y + radius + 1)
                                let top = y0 * stride, bottom = y1 * stride
                                let rows = y1 - y0
                                let srcRow = y * width
                                // Sums of each column over the window's rows; a window sum is then two lookups.
                                for x in 0...width { column[x] = sum[bottom + x] &- sum[top + x] }
                                let innerStart = min(radius, width), innerEnd = max(innerStart, width - radius - 1)
                                // Border columns: the window is clipped.
                                func border(_ x: Int) {
                                    let x0 = max(0, x - radius), x1 = min(width, x + radius + 1)
                                    let total = Int(column[x1] &- column[x0])
                                    let count = (x1 - x0) * rows
                                    let scaled = Int(src[srcRow + x]) * count
                                    let margin = threshold * count
                                    brightOut[srcRow + x] = scaled - total > margin ? 1 : 0
                                    darkOut[srcRow + x] = total - scaled > margin ? 1 : 0
                                }
                                for x in 0..<innerStart { border(x) }
                                for x in innerEnd..<width { border(x) }
                                // Interior: a fixed window size.
                                let count = Int32((2 * radius + 1) * rows)
                                let margin = Int32(threshold) * count
                                for x in innerStart..<innerEnd {
                                    let total = Int32(bitPattern: column[x + radius + 1] &- column[x - radius])
                                    let scaled = Int32(src[srcRow + x]) &* count
                                    brightOut[srcRow + x] = scaled &- total > margin ? 1 : 0
                                    darkOut[srcRow + x] = total &- scaled > margin ? 1 : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        InkRuns.eraseLines(&brightMask, width: width, height: height, longerThan: maxLine)
        InkRuns.eraseLines(&darkMask, width: width, height: height, longerThan: maxLine)
        bright = InkRuns.runs(of: brightMask, width: width, height: height, longerThan: maxLine)
        dark = InkRuns.runs(of: darkMask, width: width, height: height, longerThan: maxLine)
        self.brightMask = brightMask
        self.darkMask = darkMask
    }

    /// Rebuilds the run list of one polarity from its mask (after ink was added to the mask).
    mutating func rebuildRuns(bright isBright: Bool, maxLine: Int) {
        if isBright {
            bright = InkRuns.runs(of: brightMask, width: width, height: height, longerThan: maxLine)
        } else {
            dark = InkRuns.runs(of: darkMask, width: width, height: height, longerThan: maxLine)
        }
    }

    /// Removes straight lines (grid lines, ruler bases, table edges): vertical streaks and
    /// horizontal runs longer than `limit`. A line pixel survives only where ink that is not
    /// part of a line lies within two pixels across the line, so letters a line runs through
    /// keep their strokes but are no longer joined to the line or to each other.
    private static func eraseLines(_ mask: inout [UInt8], width: Int, height: Int, longerThan limit: Int) {
        let vertical: UInt8 = 2, horizontal: UInt8 = 4
        var marks = mask
        markVerticalLines(&marks, width: width, height: height, longerThan: limit, mark: vertical)
        marks.withUnsafeMutableBufferPointer { m in
            for y in 0..<height {
                var x = 0
                let row = y * width
                while x < width {
                    if x + 8 <= width,
                       UnsafeRawPointer(m.baseAddress! + row + x).loadUnaligned(as: UInt64.self) == 0 {
                        x += 8
                        continue
                    }
                    guard m[row + x] != 0 else { x += 1; continue }
                    let start = x
                    // A noisy band (a table edge, a blurred bar) breaks into pieces one pixel apart:
                    // those count as one streak.
                    while x < width, m[row + x] != 0 || (x + 1 < width && m[row + x + 1] != 0 && m[row + x - 1] != 0) {
                        x += 1
                    }
                    if x - start > limit {
                        for k in start..<x where m[row + k] != 0 { m[row + k] |= horizontal }
                    }
                }
            }
        }
        // `marks`: 0 background, 1 plain ink, other values line pixels.
        marks.withUnsafeBufferPointer { m in
            mask.withUnsafeMutableBufferPointer { out in
                let total = width * height
                var index = 0
                while index < total {
                    // Skip eight pixels at a time when none is a line pixel (every byte 0 or 1).
                    if index + 8 <= total,
                       UnsafeRawPointer(m.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0xFEFE_FEFE_FEFE_FEFE == 0 {
                        index += 8
                        continue
                    }
                    defer { index += 1 }
                    guard m[index] > 1 else { continue }
                    let x = index % width, y = index / width
                    var keep = false
                    if m[index] & horizontal != 0 {
                        for d in [-2, -1, 1, 2] where y + d >= 0 && y + d < height && m[index + d * width] == 1 {
                            keep = true
                            break
                        }
                    }
                    if !keep, m[index] & vertical != 0 {
                        for d in [-2, -1, 1, 2] where x + d >= 0 && x + d < width && m[index + d] == 1 {
                            keep = true
                            break
                        }
                    }
                    if !keep { out[index] = 0 }
                }
            }
        }
    }

    /// Marks vertical ink streaks longer than `limit` rows by or-ing `mark` into them, row by row.
    private static func markVerticalLines(_ mask: inout [UInt8], width: Int, height: Int, longerThan limit: Int, mark: UInt8) {
        // Streak length per column; `open` counts columns with a streak in progress per block of 8.
        var streak = [Int32](repeating: 0, count: width)
        var open = [UInt8](repeating: 0, count: (width + 7) / 8)
        mask.withUnsafeMutableBufferPointer { m in
            streak.withUnsafeMutableBufferPointer { run in
                open.withUnsafeMutableBufferPointer { active in
                    for y in 0...height {
                        var x = 0
                        while x < width {
                            let block = x >> 3
                            // Nothing to do for eight empty pixels with no streak to close.
                            if y < height, x + 8 <= width, active[block] == 0,
                               UnsafeRawPointer(m.baseAddress! + y * width + x).loadUnaligned(as: UInt64.self) == 0 {
                                x += 8
                                continue
                            }
                            let end = min(width, (block + 1) << 3)
                            while x < end {
                                if y < height, m[y * width + x] != 0 {
                                    if run[x] == 0 { active[block] += 1 }
                                    run[x] += 1
                                } else if run[x] > 0 {
                                    let length = Int(run[x])
                                    if length > limit {
                                        for row in (y - length)..<y { m[row * width + x] |= mark }
                                    }
                                    run[x] = 0
                                    active[block] -= 1
                                }
                                x += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The runs of `mask`, leaving out runs longer than `limit` (horizontal lines).
    private static func runs(of mask: [UInt8], width: Int, height: Int, longerThan limit: Int) -> RunList {
        var list = RunList()
        list.rowFirst.reserveCapacity(height + 1)
        mask.withUnsafeBufferPointer { m in
            for y in 0..<height {
                list.rowFirst.append(Int32(list.count))
                var x = 0
                let row = y * width
                while x < width {
                    // Skip eight empty pixels at a time.
                    if x + 8 <= width,
                       UnsafeRawPointer(m.baseAddress! + row + x).loadUnaligned(as: UInt64.self) == 0 {
                        x += 8
                        continue
                    }
                    guard m[row + x] != 0 else { x += 1; continue }
                    let start = x
                    while x < width, m[row + x] != 0 { x += 1 }
                    if x - start <= limit { list.append(row: y, start: start, end: x) }
                }
            }
        }
        list.rowFirst.append(Int32(list.count))
        return list
    }
}

extension InkRuns {
    /// Sum of the pixels of `rect`, which must lie inside the image.
    func sum(_ rect: PixelRect) -> Int {
        let stride = width + 1
        let top = rect.y * stride, bottom = rect.maxY * stride
        return Int(integral[bottom + rect.maxX] &- integral[top + rect.maxX] &- integral[bottom + rect.x] &+ integral[top + rect.x])
    }

    /// Mean grey level of `rect` clipped to the image, or nil when nothing is left.
    func mean(of rect: PixelRect) -> Double? {
        let clipped = rect.intersection(PixelRect(x: 0, y: 0, width: width, height: height))
        guard !clipped.isEmpty else { return nil }
        return Double(sum(clipped)) / Double(clipped.area)
    }

    /// Mean grey level of the ring of `thickness` pixels around `rect` (clipped to the image),
    /// or nil when the ring is empty.
    func surroundMean(of rect: PixelRect, thickness: Int) -> Double? {
        let bounds = PixelRect(x: 0, y: 0, width: width, height: height)
        let inner = rect.intersection(bounds)
        let outer = rect.padded(by: thickness).intersection(bounds)
        let count = outer.area - inner.area
        guard count > 0 else { return nil }
        return Double(sum(outer) - sum(inner)) / Double(count)
    }
}

extension RunList {
    mutating func append(row: Int, start: Int, end: Int) {
        self.row.append(Int32(row))
        self.start.append(Int32(start))
        self.end.append(Int32(end))
    }
}

/// One 8-connected component of ink runs: its box, pixel count, number of runs,
/// longest run, the sum of its grey levels and the sum of its rows' spans.
struct Glyph {
    var box: PixelRect
    var area: Int
    var runCount: Int
    var longestRun: Int
    var inkSum: Int
    /// Over the rows of the component: from the start of its first run in the row to the end of
    /// its last, summed. Touching letters span most of their width in every row; a thin curve
    /// (a body outline's dark halo) spans a little of it in each row.
    var rowSpanSum: Int = 0
    /// Edge sharpness, set by the candidate finder for glyphs that pass its filters.
    var sharpness: Double = 1
    /// Contrast with the ground above and below, set by the candidate finder.
    var contrast: Double = 0

    /// Mean grey level of the ink.
    var inkMean: Double { Double(inkSum) / Double(max(1, area)) }

    /// The 8-connected components of `runs`; grey sums come from `image`'s integral.
    static func components(of runs: RunList, in image: InkRuns) -> [Glyph] {
        labelledComponents(of: runs, in: image).glyphs
    }

    /// The components, and for each run the index of its component.
    static func labelledComponents(of runs: RunList, in image: InkRuns) -> (glyphs: [Glyph], labels: [Int32]) {
        guard runs.count > 0 else { return ([], []) }
        var sets = DisjointSets(count: runs.count)
        let rows = runs.rowFirst.count - 1
        if rows > 1 {
            for y in 1..<rows {
                var i = Int(runs.rowFirst[y - 1])
                let iEnd = Int(runs.rowFirst[y])
                var j = iEnd
                let jEnd = Int(runs.rowFirst[y + 1])
                // Both rows are sorted by start; walk them together.
                while i < iEnd, j < jEnd {
                    // 8-connected: the runs touch when they overlap after growing one by a pixel.
                    if runs.start[j] <= runs.end[i], runs.start[i] <= runs.end[j] {
                        sets.union(i, j)
                    }
                    if runs.end[i] < runs.end[j] { i += 1 } else { j += 1 }
                }
            }
        }
        var slot = [Int32](repeating: -1, count: runs.count)
        var minX: [Int32] = [], minY: [Int32] = [], maxX: [Int32] = [], maxY: [Int32] = []
        var area: [Int] = [], runCount: [Int] = [], longest: [Int32] = [], inkSum: [Int] = []
        // The row being spanned per component, its span so far, and the spans of finished rows.
        var spanRow: [Int32] = [], spanStart: [Int32] = [], spanEnd: [Int32] = [], spanSum: [Int] = []
        var labels = [Int32](repeating: 0, count: runs.count)
        for r in 0..<runs.count {
            let root = sets.find(r)
            var k = Int(slot[root])
            if k < 0 {
                k = minX.count
                slot[root] = Int32(k)
                minX.append(runs.start[r]); maxX.append(runs.end[r])
                minY.append(runs.row[r]); maxY.append(runs.row[r] + 1)
                area.append(0); runCount.append(0); longest.append(0); inkSum.append(0)
                spanRow.append(runs.row[r]); spanStart.append(runs.start[r]); spanEnd.append(runs.end[r]); spanSum.append(0)
            }
            // Runs come row by row, each row's sorted by start.
            if spanRow[k] != runs.row[r] {
                spanSum[k] += Int(spanEnd[k] - spanStart[k])
                spanRow[k] = runs.row[r]
                spanStart[k] = runs.start[r]
            }
            spanEnd[k] = runs.end[r]
            labels[r] = Int32(k)
            let length = runs.end[r] - runs.start[r]
            longest[k] = max(longest[k], length)
            inkSum[k] += image.sum(
                PixelRect(x: Int(runs.start[r]), y: Int(runs.row[r]), width: Int(length), height: 1))
            minX[k] = min(minX[k], runs.start[r])
            maxX[k] = max(maxX[k], runs.end[r])
            minY[k] = min(minY[k], runs.row[r])
            maxY[k] = max(maxY[k], runs.row[r] + 1)
            area[k] += Int(runs.end[r] - runs.start[r])
            runCount[k] += 1
        }
        let glyphs = minX.indices.map { k in
            Glyph(
                box: PixelRect(
                    x: Int(minX[k]), y: Int(minY[k]),
                    width: Int(maxX[k] - minX[k]), height: Int(maxY[k] - minY[k])),
                area: area[k], runCount: runCount[k], longestRun: Int(longest[k]), inkSum: inkSum[k],
                rowSpanSum: spanSum[k] + Int(spanEnd[k] - spanStart[k]))
        }
        return (glyphs, labels)
    }
}

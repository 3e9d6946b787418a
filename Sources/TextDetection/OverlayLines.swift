/// Thin straight lines drawn over an image (a grid, a graticule, a ruler's base line, an underline)
/// found in the grey image and painted out before binarization, as form readers remove table rules
/// before OCR.
///
/// Left in, such a line does harm twice: it raises the local mean, so the ground beside it turns
/// into dark "ink", and it cuts what it crosses into pieces bounded by straight edges, so a blurred
/// bone or the black beside a body edge falls into grid-cell-sized, sharp-edged pieces that pass
/// for letters. Text drawn over the line keeps its strokes: a vertical stroke is painted from the
/// stroke above and below the line, so only a horizontal hairline lying exactly on the line is
/// lost.
///
/// A pixel is on a horizontal line when it differs from both the pixel two rows above and the pixel
/// two rows below, in the same direction, by at least `contrast` (a step edge differs from one side
/// only), and steeply from its neighbours (see `stands`); likewise for vertical lines with the
/// pixels to either side. Such pixels, with gaps of at most `maxGap`, make a segment; segments of
/// at least `minSegment` pixels within `maxBridge` of one another along the same row (or column)
/// make a line, which counts when it is at least `minLength` long, stands out along `minDensity` of
/// it, and holds an anchor: a segment of `minAnchor` pixels that stands out almost everywhere
/// (`anchorDensity`). Noise makes short segments far apart; the bottom row of a line of text (bars,
/// serifs and curves, with gaps between letters) stands out in places only. The bridge carries the
/// line across what it passes over without standing out (a bright disc as bright as the line, the
/// letters of a text drawn over it). A line band of one or two pixels (three when lines meet) is
/// replaced by the linear interpolation between the pixels on either side of it.
struct OverlayLines {
    var contrast = 24
    var maxGap = 3
    var minSegment = 8
    var maxBridge = 48
    var minLength = 64
    var minDensity = 0.5
    var minAnchor = 32
    var anchorDensity = 0.9

    /// The image with its overlay lines painted out, or nil when it has none (the common case,
    /// which costs one pass over the pixels).
    func removing(from image: TextImage) -> TextImage? {
        guard let flags = lineFlags(in: image) else { return nil }
        var pixels = image.pixels
        // Horizontal lines first; the vertical ones then read their sides from the cleaned rows,
        // so crossings come out clean.
        paint(&pixels, flags: flags, flag: Self.horizontal, bridge: Self.horizontalBridge,
              width: image.width, height: image.height, alongRows: true)
        paint(&pixels, flags: flags, flag: Self.vertical, bridge: Self.verticalBridge,
              width: image.width, height: image.height, alongRows: false)
        return try? TextImage(width: image.width, height: image.height, pixels: pixels)
    }

    static let horizontal: UInt8 = 1, vertical: UInt8 = 2
    /// Where a line is carried across something it does not stand out from (see `paint`).
    static let horizontalBridge: UInt8 = 4, verticalBridge: UInt8 = 8

    /// Per pixel: `horizontal` and/or `vertical` where it lies on such a line, or the bridge flags
    /// where a line is carried across a gap; nil when there is no line.
    func lineFlags(in image: TextImage) -> [UInt8]? {
        let width = image.width, height = image.height
        guard width >= 8, height >= 8 else { return nil }
        // One pass, row-major: for each pixel, whether it stands out across a horizontal line
        // (bits 0-1: 1 bright, 2 dark) and across a vertical one (bits 2-3), with counts per row
        // and column. Most pixels fail the first comparison (with one pixel two away), so a frame
        // with no lines costs little more than reading it.
        var packed = [UInt8](repeating: 0, count: width * height)
        var rowHits = [Int](repeating: 0, count: height), columnHits = [Int](repeating: 0, count: width)
        let threshold = contrast
        image.pixels.withUnsafeBufferPointer { pixels in
            packed.withUnsafeMutableBufferPointer { out in
                rowHits.withUnsafeMutableBufferPointer { rows in
                    columnHits.withUnsafeMutableBufferPointer { columns in
                        guard let base = pixels.baseAddress, let outBase = out.baseAddress else { return }
                        // The two pixels along each border are left out: a line is found without them.
                        let wide = SIMD16<UInt8>(repeating: UInt8(min(255, threshold)))
                        for y in 2..<(height - 2) {
                            let p = base + y * width, o = outBase + y * width
                            var hitsInRow = 0
                            /// Both tests at `x`; the packed bits are written only for a hit.
                            func test(_ x: Int) {
                                let v = Int(p[x])
                                var bits: UInt8 = 0
                                // Across a horizontal line: the rows above and below.
                                let up2 = Int(p[x - 2 * width])
                                if v - up2 >= threshold || up2 - v >= threshold {
                                    let sign = Self.stands(v, Int(p[x - width]), Int(p[x + width]), up2, Int(p[x + 2 * width]), by: threshold)
                                    if sign != 0 { bits = sign > 0 ? 1 : 2; hitsInRow += 1 }
                                }
                                // Across a vertical line: the columns to either side.
                                let left2 = Int(p[x - 2])
                                if v - left2 >= threshold || left2 - v >= threshold {
                                    let sign = Self.stands(v, Int(p[x - 1]), Int(p[x + 1]), left2, Int(p[x + 2]), by: threshold)
                                    if sign != 0 { bits |= sign > 0 ? 4 : 8; columns[x] += 1 }
                                }
                                if bits != 0 { o[x] = bits }
                            }
                            var x = 2
                            // Sixteen pixels at a time: most differ from the pixels two above and
                            // two to the left by less than the threshold, and need nothing more.
                            while x + 16 <= width - 2 {
                                let v = UnsafeRawPointer(p + x).loadUnaligned(as: SIMD16<UInt8>.self)
                                let up = UnsafeRawPointer(p + x - 2 * width).loadUnaligned(as: SIMD16<UInt8>.self)
                                let left = UnsafeRawPointer(p + x - 2).loadUnaligned(as: SIMD16<UInt8>.self)
                                let farAbove = (pointwiseMax(v, up) &- pointwiseMin(v, up)) .>= wide
                                let farLeft = (pointwiseMax(v, left) &- pointwiseMin(v, left)) .>= wide
                                let far = farAbove .| farLeft
                                if any(far) {
                                    for k in x..<(x + 16) { test(k) }
                                }
                                x += 16
                            }
                            while x < width - 2 {
                                test(x)
                                x += 1
                            }
                            rows[y] = hitsInRow
                        }
                    }
                }
            }
        }
        // A line needs at least this many hits (`minDensity` of `minLength`).
        let needed = Int((minDensity * Double(minLength)).rounded(.up))
        guard rowHits.contains(where: { $0 >= needed }) || columnHits.contains(where: { $0 >= needed }) else { return nil }
        var flags = [UInt8](repeating: 0, count: width * height)
        var found = false
        var hits = [Int8](repeating: 0, count: max(width, height))
        var values = [UInt8](repeating: 0, count: max(width, height))
        for y in 0..<height where rowHits[y] >= needed {
            let row = y * width
            for x in 0..<width {
                let bits = packed[row + x] & 3
                hits[x] = bits == 0 ? 0 : bits == 1 ? 1 : -1
                values[x] = image.pixels[row + x]
            }
            found = mark(hits, values: values, count: width) { x, bridged in
                flags[row + x] |= bridged ? Self.horizontalBridge : Self.horizontal
            } || found
        }
        for x in 0..<width where columnHits[x] >= needed {
            for y in 0..<height {
                let bits = packed[y * width + x] >> 2
                hits[y] = bits == 0 ? 0 : bits == 1 ? 1 : -1
                values[y] = image.pixels[y * width + x]
            }
            found = mark(hits, values: values, count: height) { y, bridged in
                flags[y * width + x] |= bridged ? Self.verticalBridge : Self.vertical
            } || found
        }
        return found ? flags : nil
    }

    /// 1 when `value` is on a sharp bright line one or two pixels thick, -1 on a dark one, else
    /// 0: it stands out by `by` or more from both pixels two away (`a2`, `b2`), and from both
    /// neighbours (`a1`, `b1`), or from one neighbour while the other is close to it (the line's
    /// other pixel). A blurred ridge (a table seen through a smoothing kernel) rises slowly and
    /// is no line.
    @inline(__always)
    static func stands(_ value: Int, _ a1: Int, _ b1: Int, _ a2: Int, _ b2: Int, by threshold: Int) -> Int8 {
        let toA = value - a2
        if toA >= threshold {
            return value - b2 >= threshold && steep(value - a1, value - b1, threshold) ? 1 : 0
        }
        if toA <= -threshold {
            return b2 - value >= threshold && steep(a1 - value, b1 - value, threshold) ? -1 : 0
        }
        return 0
    }

    @inline(__always)
    private static func steep(_ stepA: Int, _ stepB: Int, _ threshold: Int) -> Bool {
        let low = min(stepA, stepB)
        return low >= threshold || (max(stepA, stepB) >= threshold && abs(low) * 2 < threshold)
    }

    /// Finds the lines among `hits` (one row or column, `values` its pixels) and calls `set` for
    /// every position on them, with `bridged` true where the line is only carried across (see
    /// `paint`); true when there was a line.
    ///
    /// A line is drawn in one colour, its level: the median of its hits of the sign most of them
    /// have. It stays that colour where it crosses something brighter than itself and turns into
    /// a dark hit there, so positions at its level are the line. A position of another colour
    /// that is no hit of the line's sign is what the line passes under (a letter's stroke on a
    /// label that hides it): it is only bridged.
    private func mark(_ hits: [Int8], values: [UInt8], count: Int, _ set: (Int, Bool) -> Void) -> Bool {
        // Segments: hits with gaps of at most `maxGap`, at least `minSegment` long.
        var segments: [(start: Int, end: Int, hits: Int)] = []
        var x = 0
        while x < count {
            guard hits[x] != 0 else { x += 1; continue }
            let start = x
            var last = x, found = 1
            x += 1
            while x < count, x - last <= maxGap + 1 {
                if hits[x] != 0 { last = x; found += 1 }
                x += 1
            }
            if last + 1 - start >= minSegment { segments.append((start, last + 1, found)) }
            x = last + 1
        }
        guard !segments.isEmpty else { return false }
        // Lines: segments within `maxBridge` of each other, standing out along most of their length.
        var found = false
        var lineStart = segments[0].start, lineEnd = segments[0].end, lineHits = 0, anchored = false
        func close() {
            guard anchored, lineEnd - lineStart >= minLength,
                  Double(lineHits) >= minDensity * Double(lineEnd - lineStart) else { return }
            found = true
            // The two positions along each border were not tested; a line that reaches them
            // runs on to the edge.
            let span = (lineStart <= 2 ? 0 : lineStart)..<(lineEnd >= count - 2 ? count : lineEnd)
            let bright = span.filter { hits[$0] > 0 }.count, dark = span.filter { hits[$0] < 0 }.count
            let sign: Int8 = bright >= dark ? 1 : -1
            let levels = span.filter { hits[$0] == sign }.map { Int(values[$0]) }.sorted()
            guard !levels.isEmpty else { return }
            let level = levels[levels.count / 2]
            for k in span {
                set(k, hits[k] != sign && abs(Int(values[k]) - level) >= contrast)
            }
        }
        for segment in segments {
            if segment.start - lineEnd > maxBridge {
                close()
                lineStart = segment.start
                lineHits = 0
                anchored = false
            }
            lineEnd = segment.end
            lineHits += segment.hits
            let length = segment.end - segment.start
            if length >= minAnchor, Double(segment.hits) >= anchorDensity * Double(length) { anchored = true }
        }
        close()
        return found
    }

    /// Replaces each band of flagged pixels across the line direction (one to three thick) by
    /// the linear interpolation between the pixels on either side of it. Where the line was only
    /// bridged, a pixel that stands out from that interpolation by `contrast` or more is left as
    /// it is: it belongs to what the line passes under (a letter's stroke on a label).
    private func paint(
        _ pixels: inout [UInt8], flags: [UInt8], flag: UInt8, bridge: UInt8, width: Int, height: Int, alongRows: Bool
    ) {
        // Across a horizontal line we step by rows; across a vertical one, by columns.
        let lanes = alongRows ? width : height, depth = alongRows ? height : width
        let step = alongRows ? width : 1, laneStep = alongRows ? 1 : width
        let either = flag | bridge
        pixels.withUnsafeMutableBufferPointer { p in
            for lane in 0..<lanes {
                let base = lane * laneStep
                var k = 0
                while k < depth {
                    guard flags[base + k * step] & either != 0 else { k += 1; continue }
                    var last = k
                    while last + 1 < depth, flags[base + (last + 1) * step] & either != 0 { last += 1 }
                    defer { k = last + 1 }
                    guard last - k < 3 else { continue }
                    let from = k - 1, to = last + 1
                    let a = from >= 0 ? Int(p[base + from * step]) : nil
                    let b = to < depth ? Int(p[base + to * step]) : nil
                    guard let low = a ?? b, let high = b ?? a else { continue }
                    let span = to - from
                    for j in max(0, from + 1)...min(depth - 1, to - 1) {
                        let t = j - from, index = base + j * step
                        let value = (low * (span - t) + high * t + span / 2) / span
                        if flags[index] & flag == 0, abs(Int(p[index]) - value) >= contrast { continue }
                        p[index] = UInt8(value)
                    }
                }
            }
        }
    }
}

import DicomCore

/// Ink of a text line looked at on the line's own scale.
///
/// The candidate stage binarizes against the mean of a wide window, which suits text of every
/// size but loses the thin, anti-aliased strokes of small text where the window is mostly
/// something else: dark text on a narrow light label over a dark image. Once a line is known,
/// its neighbourhood is binarized again against the ground right next to each pixel (the
/// brightest pixel within a few pixels, for dark ink; the darkest, for bright ink).
enum LineInk {
    /// Marks ink in `mask` (one byte per image pixel) inside `zone`: pixels that differ by at
    /// least `threshold` from the extreme of their `(2 radius + 1)²` neighbourhood, towards the
    /// ink's side. Marks that form a straight line (a column marked through the whole zone and a
    /// pixel beyond it, or a row streak longer than `longestRun`) are not added: grid lines and
    /// edges that cross the line stay out, as in the candidate stage. Only pixels whose local
    /// ground lies within `threshold / 2` of `ground` (the line's own ground level, one value per
    /// column of `zone`) count: where the ground changes (the edge of a label, noise beyond it)
    /// the line has ended.
    static func refine(
        _ mask: inout [UInt8], image: TextImage, zone: PixelRect, radius: Int, threshold: Int,
        ground: [Double], bright: Bool, longestRun: Int
    ) {
        // The zone with one more row above and below (to see lines that cross it), and the
        // neighbourhood around that.
        let rows = PixelRect(x: zone.x, y: zone.y - 1, width: zone.width, height: zone.height + 2)
            .intersection(image.bounds)
        let outer = rows.padded(by: radius).intersection(image.bounds)
        guard !rows.isEmpty, !outer.isEmpty else { return }
        let w = outer.width, h = outer.height
        // The ground level: a separable minimum (bright ink) or maximum (dark ink) filter.
        var across = [UInt8](repeating: 0, count: w * h)
        image.pixels.withUnsafeBufferPointer { src in
            for y in 0..<h {
                let row = (outer.y + y) * image.width + outer.x
                for x in 0..<w {
                    var level = src[row + x]
                    for k in max(0, x - radius)...min(w - 1, x + radius) {
                        let v = src[row + k]
                        level = bright ? min(level, v) : max(level, v)
                    }
                    across[y * w + x] = level
                }
            }
        }
        var marked = [Bool](repeating: false, count: rows.width * rows.height)
        for y in rows.y..<rows.maxY {
            let oy = y - outer.y
            for x in rows.x..<rows.maxX {
                let ox = x - outer.x
                var level = across[oy * w + ox]
                for k in max(0, oy - radius)...min(h - 1, oy + radius) {
                    let v = across[k * w + ox]
                    level = bright ? min(level, v) : max(level, v)
                }
                let v = Int(image.pixels[y * image.width + x])
                let difference = bright ? v - Int(level) : Int(level) - v
                if difference >= threshold, abs(Double(level) - ground[x - zone.x]) * 2 <= Double(threshold) { marked[(y - rows.y) * rows.width + (x - rows.x)] = true }
            }
        }
        // Leave out columns marked from the top to the bottom row (a vertical line crosses the zone).
        for x in 0..<rows.width where (0..<rows.height).allSatisfy({ marked[$0 * rows.width + x] }) {
            for y in 0..<rows.height { marked[y * rows.width + x] = false }
        }
        // Add the marks inside the zone proper, leaving out long row streaks (horizontal lines).
        for y in zone.y..<zone.maxY where y >= rows.y && y < rows.maxY {
            let my = y - rows.y
            var x = 0
            while x < rows.width {
                guard marked[my * rows.width + x] else { x += 1; continue }
                let start = x
                while x < rows.width, marked[my * rows.width + x] { x += 1 }
                guard x - start <= longestRun else { continue }
                for k in start..<x { mask[y * image.width + rows.x + k] = 1 }
            }
        }
    }
}

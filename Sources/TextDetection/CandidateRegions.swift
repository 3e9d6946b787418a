import DicomCore

/// Merging of candidate line boxes into regions for OCR.
enum CandidateRegions {
    /// Clips the boxes to `bounds`, merges those of one polarity that overlap (repeatedly, until
    /// none do), and sorts the result top to bottom, then left to right. A merged region keeps
    /// the tallest glyph height. Bright-ink and dark-ink regions may overlap.
    static func merge(_ lines: [TextCandidate], within bounds: PixelRect) -> [TextCandidate] {
        var regions = lines.compactMap { line -> (TextCandidate, brightArea: Int, darkArea: Int)? in
            var clipped = line
            clipped.box = line.box.intersection(bounds)
            guard !clipped.box.isEmpty else { return nil }
            return (clipped, line.isBrightInk ? clipped.box.area : 0, line.isBrightInk ? 0 : clipped.box.area)
        }
        var merged = true
        while merged {
            merged = false
            var out: [(TextCandidate, brightArea: Int, darkArea: Int)] = []
            for region in regions {
                // Only ink of one polarity reaches OCR, so regions of the other polarity stay apart.
                if let k = out.firstIndex(where: {
                    $0.0.isBrightInk == region.0.isBrightInk && $0.0.box.intersects(region.0.box)
                }) {
                    let bright = out[k].brightArea + region.brightArea
                    let dark = out[k].darkArea + region.darkArea
                    out[k] = (
                        TextCandidate(
                            box: out[k].0.box.union(region.0.box), isBrightInk: bright >= dark,
                            glyphHeight: max(out[k].0.glyphHeight, region.0.glyphHeight),
                            lines: out[k].0.lines + region.0.lines),
                        bright, dark)
                    merged = true
                } else {
                    out.append(region)
                }
            }
            regions = out
        }
        return regions.map(\.0).sorted { ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
    }
}

import DicomCore

/// Text printed on a label: a light patch with dark letters (or the reverse) on a ground of the
/// other kind, such as a small light box in the dark corner of a CT slice.
///
/// The candidate stage compares each pixel with the mean of a wide window. Around a small label
/// that window is mostly the ground beyond it, so the whole label stands out as one component of
/// the label's polarity while the thin strokes of small letters hardly differ from the window's
/// mean: they show as holes in the label's component rather than as ink. Such a component is
/// found (filled, at least as wide as tall, taller than a line of small text with its margin) and
/// its holes that are darker (or brighter) than the label by the contrast threshold are marked as
/// ink of the other polarity. Only pixels between a row's first and last run of the component
/// count, so the ground around a round blob (a disc) is never taken for a hole.
enum TextLabels {
    /// Marks in `mask` (the other polarity's ink) the holes of the label components among
    /// `components` of `runs` (`labels`: the component of each run) that differ from the label's
    /// mean grey level by at least `threshold`, towards the ink's side (`bright`: the label is
    /// bright, so its letters are dark). Returns true when anything was marked.
    static func markLetters(
        of components: [Glyph], runs: RunList, labels: [Int32], image: TextImage, bright: Bool,
        into mask: inout [UInt8], threshold: Int, minHeight: Int, maxHeight: Int, minFill: Double
    ) -> Bool {
        var marked = false
        for (k, label) in components.enumerated() {
            let box = label.box
            guard box.height >= minHeight, box.height <= maxHeight, box.width >= box.height,
                  Double(label.area) >= minFill * Double(box.area), label.area < box.area else { continue }
            let level = label.inkMean
            for y in box.y..<box.maxY {
                var first = -1, last = -1
                for r in Int(runs.rowFirst[y])..<Int(runs.rowFirst[y + 1]) where labels[r] == Int32(k) {
                    if first < 0 { first = Int(runs.start[r]) }
                    last = Int(runs.end[r])
                }
                guard first >= 0 else { continue }
                for x in first..<last {
                    let index = y * image.width + x
                    let v = Double(image.pixels[index])
                    let difference = bright ? level - v : v - level
                    if difference >= Double(threshold), mask[index] == 0 {
                        mask[index] = 1
                        marked = true
                    }
                }
            }
        }
        return marked
    }
}

import DicomCore

/// Parts of a candidate line that hold ink but no word Tesseract read.
enum UnreadInk {
    /// Spans of `line` whose ink lies outside every box of `words` (grown by one pixel): columns
    /// with at least two such ink pixels, grouped when they lie within one line height of each
    /// other, each span as tall as the line and at least three pixels wide (narrower slivers lie
    /// under a word mask's padding).
    ///
    /// Coverage is decided per pixel, not per column: a word box that only grazes the line (a
    /// misread word on the line above) leaves the ink beneath it unread.
    static func spans(of line: PixelRect, outside words: [PixelRect], mask: [UInt8], imageWidth: Int) -> [PixelRect] {
        guard !line.isEmpty else { return [] }
        let boxes = words.map { $0.padded(by: 1) }.filter { $0.intersects(line) }
        func unreadInk(_ x: Int) -> Bool {
            var count = 0
            for y in line.y..<line.maxY where mask[y * imageWidth + x] != 0 {
                if boxes.contains(where: { $0.contains(x: x, y: y) }) { continue }
                count += 1
                if count >= 2 { return true }
            }
            return false
        }
        var spans: [PixelRect] = []
        var first = -1, last = -1
        func close() {
            if first >= 0, last - first + 1 >= 3 {
                spans.append(PixelRect(x: first, y: line.y, width: last - first + 1, height: line.height))
            }
            first = -1
        }
        for x in line.x..<line.maxX where unreadInk(x) {
            if first >= 0, x - last > line.height { close() }
            if first < 0 { first = x }
            last = x
        }
        close()
        return spans
    }
}

/// Parts of a candidate line that hold ink but no word Tesseract read.
enum UnreadInk {
    /// The column spans of `line` not covered by any of `words` that contain ink (at least two
    /// ink pixels in a column), trimmed to their ink, at least half the line height wide.
    static func spans(of line: PixelRect, outside words: [PixelRect], mask: [UInt8], imageWidth: Int) -> [PixelRect] {
        guard !line.isEmpty else { return [] }
        var covered = [Bool](repeating: false, count: line.width)
        for word in words {
            let common = word.padded(by: 1).intersection(line)
            guard !common.isEmpty else { continue }
            for x in common.x..<common.maxX { covered[x - line.x] = true }
        }
        func hasInk(_ x: Int) -> Bool {
            var count = 0
            for y in line.y..<line.maxY where mask[y * imageWidth + x] != 0 {
                count += 1
                if count >= 2 { return true }
            }
            return false
        }
        var spans: [PixelRect] = []
        var x = 0
        while x < line.width {
            guard !covered[x] else { x += 1; continue }
            var first = -1, last = -1
            while x < line.width, !covered[x] {
                if hasInk(line.x + x) {
                    if first < 0 { first = x }
                    last = x
                }
                x += 1
            }
            if first >= 0, (last - first + 1) * 2 >= line.height {
                spans.append(PixelRect(x: line.x + first, y: line.y, width: last - first + 1, height: line.height))
            }
        }
        return spans
    }
}

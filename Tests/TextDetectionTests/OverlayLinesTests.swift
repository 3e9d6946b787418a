import Testing
@testable import TextDetection

/// `OverlayLines` on small built images: what is a line, what is painted, what is left alone.
struct OverlayLinesTests {
    /// A grey image from a function of (x, y).
    static func image(_ width: Int, _ height: Int, _ value: (Int, Int) -> Int) throws -> TextImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { pixels[y * width + x] = UInt8(max(0, min(255, value(x, y)))) }
        }
        return try TextImage(width: width, height: height, pixels: pixels)
    }

    /// Deterministic noise of amplitude ±`amplitude` (a hash of the position).
    static func noise(_ x: Int, _ y: Int, amplitude: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663)
        h = (h ^ (h >> 13)) &* 0x5bd1_e995
        h ^= h >> 15
        return Int(h % UInt64(2 * amplitude + 1)) - amplitude
    }

    @Test func gridOnNoisyGroundIsPaintedOutAndNothingElseChanges() throws {
        let grid = try Self.image(200, 160) { x, y in
            x % 32 == 16 || y % 32 == 16 ? 170 : 40 + Self.noise(x, y, amplitude: 6)
        }
        let cleaned = try #require(OverlayLines().removing(from: grid))
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let before = Int(grid[x, y]), after = Int(cleaned[x, y])
                if x % 32 == 16 || y % 32 == 16 {
                    // Line pixels take the ground's level (40 ± 6).
                    #expect(abs(after - 40) <= 6, "line pixel (\(x),\(y)) became \(after)")
                } else {
                    #expect(after == before, "ground pixel (\(x),\(y)) changed")
                }
            }
        }
    }

    @Test func aLineIsCarriedAcrossABrightDiscItDoesNotStandOutFrom() throws {
        // A vertical line at x = 50 crosses a disc as bright as the line: in the disc the line
        // does not stand out, but it still cuts the disc, so it is painted there too.
        let image = try Self.image(100, 120) { x, y in
            let inDisc = (x - 50) * (x - 50) + (y - 60) * (y - 60) <= 100
            if x == 50 { return inDisc ? 170 : 170 }
            return inDisc ? 185 : 20
        }
        let cleaned = try #require(OverlayLines().removing(from: image))
        #expect(cleaned[50, 60] == 185)
        #expect(cleaned[50, 10] == 20)
    }

    @Test func textStrokesUnderABridgedLineSurvive() throws {
        // A vertical line at x = 40 runs into a light label (rows 50–70) that hides it; a dark
        // one-pixel stroke on the label lies exactly on the line's column.
        let image = try Self.image(100, 120) { x, y in
            let onLabel = y >= 50 && y < 70
            if onLabel { return x == 40 && y >= 55 && y < 65 ? 20 : 230 }
            return x == 40 ? 170 : 30
        }
        let flags = try #require(OverlayLines().lineFlags(in: image))
        #expect(flags[60 * 100 + 40] & OverlayLines.verticalBridge != 0)
        let cleaned = try #require(OverlayLines().removing(from: image))
        #expect(cleaned[40, 60] == 20, "the stroke was painted out")
        #expect(cleaned[40, 20] == 30)
    }

    @Test func blurredBarsEdgesAndTextRowsAreNoLines() throws {
        // A table seen through a blur: a ridge five rows wide.
        let ridge = [0, 30, 60, 90, 112, 125, 114, 86, 58, 28, 0]
        let table = try Self.image(300, 60) { _, y in
            (20..<31).contains(y) ? 10 + ridge[y - 20] : 10
        }
        #expect(OverlayLines().lineFlags(in: table) == nil)
        // A step edge.
        let edge = try Self.image(300, 60) { _, y in y < 30 ? 200 : 20 }
        #expect(OverlayLines().lineFlags(in: edge) == nil)
        // The bottom row of a line of bitmap text: letter bottoms 1–5 pixels wide, gaps between.
        let widths = [5, 1, 3, 2, 5, 3, 1, 4, 2, 5]
        var bottoms: [Range<Int>] = []
        var x = 10
        while x < 290 {
            let width = widths[bottoms.count % widths.count]
            bottoms.append(x..<(x + width))
            x += width + 2 + bottoms.count % 3
        }
        let text = try Self.image(300, 40) { x, y in
            guard y >= 13, y <= 20 else { return 0 }
            if y == 20 { return bottoms.contains { $0.contains(x) } ? 255 : 0 }
            return bottoms.contains { $0.lowerBound == x } ? 255 : 0
        }
        #expect(OverlayLines().lineFlags(in: text) == nil)
    }

    @Test func finderPaintsLinesOnlyWhenAsked() throws {
        var settings = CandidateSettings()
        let grid = try Self.image(128, 128) { x, y in x % 24 == 12 || y % 24 == 12 ? 170 : 40 }
        #expect(TextCandidateFinder(settings: settings).analyze(grid).image != grid)
        settings.removesOverlayLines = false
        #expect(TextCandidateFinder(settings: settings).analyze(grid).image == grid)
    }
}

/// A rectangle of one frame to blank out, in pixels: columns x..<x+width, rows y..<y+height.
public struct Mask: Sendable, Equatable, Hashable, Codable {
    /// Zero-based frame number.
    public var frame: Int
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(frame: Int = 0, x: Int, y: Int, width: Int, height: Int) {
        self.frame = frame
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The part of the mask inside a columns x rows image, or nil when none is.
    func clipped(columns: Int, rows: Int) -> Mask? {
        let x0 = max(0, x), y0 = max(0, y)
        let (x1, o1) = x.addingReportingOverflow(width)
        let (y1, o2) = y.addingReportingOverflow(height)
        guard !o1, !o2 else { return nil }
        let cx1 = min(columns, x1), cy1 = min(rows, y1)
        guard cx1 > x0, cy1 > y0 else { return nil }
        return Mask(frame: frame, x: x0, y: y0, width: cx1 - x0, height: cy1 - y0)
    }
}

/// The value written into masked pixels.
public enum MaskFill: Sendable, Equatable {
    /// The minimum of the stored range for MONOCHROME2, the maximum for MONOCHROME1, black for colour,
    /// the darkest palette entry for PALETTE COLOR.
    case automatic
    /// A stored value, written to every sample.
    case stored(Int)
}

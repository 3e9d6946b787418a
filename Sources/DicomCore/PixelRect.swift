/// An axis-aligned rectangle in the pixels of a frame: `x`, `y` is the top-left pixel (origin top left).
///
/// The one rectangle type of text detection, the pipeline, the review store and the workstation.
/// Its `Codable` form is `{"x":…,"y":…,"width":…,"height":…}`; the store's decision payloads and
/// `scan-pixels --json` spell their own keys (`w`, `h`) and do not use it.
public struct PixelRect: Sendable, Hashable, Codable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// One past the right-most column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    /// Width × height, zero for an empty rectangle.
    public var area: Int { isEmpty ? 0 : width * height }
    /// True when the rectangle covers no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// True when it covers at least one pixel and starts inside the frame (no negative origin):
    /// the test for a mask a reviewer draws.
    public var isValid: Bool { x >= 0 && y >= 0 && width > 0 && height > 0 }

    /// The rectangle grown by `amount` pixels on every side.
    public func padded(by amount: Int) -> PixelRect {
        PixelRect(x: x - amount, y: y - amount, width: width + 2 * amount, height: height + 2 * amount)
    }

    /// The common part of two rectangles (empty, with zero size, when they do not meet).
    public func intersection(_ other: PixelRect) -> PixelRect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return PixelRect(x: left, y: top, width: 0, height: 0) }
        return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The smallest rectangle holding both.
    public func union(_ other: PixelRect) -> PixelRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        let left = min(x, other.x), top = min(y, other.y)
        return PixelRect(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }

    /// True when the rectangles share at least one pixel.
    public func intersects(_ other: PixelRect) -> Bool {
        !intersection(other).isEmpty
    }

    /// True when `other` lies wholly inside this rectangle.
    public func contains(_ other: PixelRect) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    /// True when the pixel at (`x`, `y`) lies inside.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The X11 geometry form `WxH+X+Y`, as `scan-pixels` prints a box and the store names a mask in its errors.
    public var geometry: String { "\(width)x\(height)+\(x)+\(y)" }

    /// `(x,y w×h)`, as quarantine reasons and detection errors name a box.
    public var description: String { "(\(x),\(y) \(width)×\(height))" }
}

import DicomCore

/// A region that looks like text, found by `TextCandidateFinder`.
public struct TextCandidate: Sendable, Hashable {
    /// The padded region, clipped to the image.
    public var box: PixelRect
    /// True when the ink is brighter than its surroundings (light text on a dark ground).
    public var isBrightInk: Bool
    /// Height of the tallest glyph of the region, in pixels: the scale of its text.
    public var glyphHeight: Int
    /// The text lines inside the region, unpadded: the glyphs' extent.
    public var lines: [PixelRect]

    public init(box: PixelRect, isBrightInk: Bool, glyphHeight: Int, lines: [PixelRect] = []) {
        self.box = box
        self.isBrightInk = isBrightInk
        self.glyphHeight = glyphHeight
        self.lines = lines
    }
}

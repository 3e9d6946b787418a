/// Tuning of the candidate stage. The defaults suit rendered 8-bit frames with
/// burned-in text from about 7 to 60 pixels tall.
public struct CandidateSettings: Sendable, Hashable, Codable {
    /// How far (0–255) a pixel must differ from its neighbourhood mean to count as ink.
    public var contrastThreshold: Int = 48
    /// Radius of the square neighbourhood used for the local mean.
    public var windowRadius: Int = 20
    /// Smallest glyph (connected stroke) height considered.
    public var minGlyphHeight: Int = 6
    /// Largest glyph height considered.
    public var maxGlyphHeight: Int = 64
    /// Largest mean horizontal run of a glyph, as a fraction of its height: strokes are thin, blobs are not.
    public var maxStrokeRatio: Double = 0.5
    /// Smallest mean horizontal run of a glyph, as a fraction of its height: a font's strokes
    /// thicken with its size (DejaVu: about a tenth of the capital height), so a tall glyph of
    /// one-pixel lines is a grid cell or an outline. No effect below about 16 pixels.
    public var minStrokeRatio: Double = 0.09
    /// A glyph filling more than this fraction of its box is a solid bar (a ruler tick, a block).
    public var solidFill: Double = 0.88
    /// Largest horizontal gap between neighbouring glyphs of one line, as a fraction of their height.
    public var maxGapRatio: Double = 1.2
    /// Largest height ratio between neighbouring glyphs of one line.
    public var maxHeightRatio: Double = 2.0
    /// Smallest median edge sharpness of a line's glyphs (see `TextCandidateFinder`): rendered
    /// text has steep edges, blurred anatomy does not.
    public var minSharpness: Double = 0.62
    /// Padding added around a line box, as a fraction of its height (at least 2 pixels).
    public var paddingRatio: Double = 0.25

    public init() {}
}
